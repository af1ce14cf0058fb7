/// <reference path="./pdfmake.d.ts" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Content, DocumentDefinition } from 'pdfmake';
import { documentWords, type Lang } from '@opora/common/vocabulary';

// The one PDF engine: a document built by a kind (./kinds/*) is a list of blocks; this file
// alone knows pdfmake. Every page carries the center's name, address and provider in its header
// and "стр. N от M" in its footer; signature places close the documents that are signed.
// The font is DejaVu Sans from the npm package dejavu-fonts-ttf (TrueType, full Cyrillic),
// loaded into pdfmake's virtual file system once: no document reads a file or fetches a URL.

/** Where a person signs: their role, their name when known, and a date line. */
export type Signer = { role: string; name?: string | null };

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string; italic?: boolean; bold?: boolean }
  | { kind: 'fields'; rows: Array<[label: string, value: string | null | undefined]> }
  | { kind: 'table'; header: string[]; rows: string[][]; widths?: Array<number | '*' | 'auto'> }
  | { kind: 'list'; items: string[] }
  | { kind: 'signatures'; signers: Signer[] };

/** The page header: a center with its provider, or a municipality (provider '': no provider line). */
export type CenterHeading = { name: string; address: string; provider: string; contact: string | null };

export type PrintedDocument = {
  lang: Lang;
  title: string;
  /** Under the title: the case number, the period… */
  subtitle: string | null;
  center: CenterHeading;
  blocks: Block[];
  /** Who produced it and when (printed small at the end). */
  producedBy: string;
};

const FONT_FILES = {
  'DejaVuSans.ttf': 'ttf/DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf': 'ttf/DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf': 'ttf/DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique.ttf': 'ttf/DejaVuSans-BoldOblique.ttf',
} as const;

let ready = false;
function setUp(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  const root = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, '');
  const vfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, content: Buffer): void } }).virtualfs;
  for (const [name, file] of Object.entries(FONT_FILES)) vfs.writeFileSync(name, readFileSync(root + file));
  pdfmake.setFonts({
    DejaVuSans: { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italics: 'DejaVuSans-Oblique.ttf', bolditalics: 'DejaVuSans-BoldOblique.ttf' },
  });
  // A document never fetches a URL nor reads a file (the fonts come from the virtual file system).
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  ready = true;
}

const MARGIN_X = 50;

function blockContent(block: Block): Content {
  switch (block.kind) {
    case 'heading':
      return { text: block.text, style: 'heading', headlineLevel: 1 };
    case 'subheading':
      return { text: block.text, style: 'subheading', headlineLevel: 1 };
    case 'paragraph':
      return { text: block.text, italics: block.italic ?? false, bold: block.bold ?? false, margin: [0, 2, 0, 6], ...(block.bold ? { headlineLevel: 1 } : {}) };
    case 'fields':
      return {
        table: {
          widths: [150, '*'],
          body: block.rows.map(([label, value]) => [{ text: label, color: '#444444' }, { text: value ?? '—' }]),
        },
        layout: 'noBorders',
        margin: [0, 0, 0, 6],
      };
    case 'table':
      return {
        table: {
          headerRows: 1,
          widths: block.widths ?? block.header.map(() => '*'),
          body: [block.header.map((h) => ({ text: h, bold: true, fillColor: '#eeeeee' })), ...block.rows.map((r) => r.map((c) => ({ text: c })))],
          dontBreakRows: true,
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
        margin: [0, 2, 0, 8],
      };
    case 'list':
      return { ul: block.items, margin: [0, 0, 0, 6] };
    case 'signatures':
      return { stack: [] }; // laid out by signatureContent, which needs the language
  }
}

function signatureContent(signers: Signer[], lang: Lang): Content {
  const w = documentWords(lang);
  const cell = (s: Signer): Content => ({
    stack: [
      { text: s.role, bold: true },
      { text: s.name ?? ' ', margin: [0, 2, 0, 0] },
      { text: `${w('signature')}: ______________________`, margin: [0, 18, 0, 0] },
      { text: `${w('signedDate')}: ____________________`, margin: [0, 10, 0, 0] },
    ],
    margin: [0, 0, 10, 12],
  });
  const rows: Content[] = [];
  for (let i = 0; i < signers.length; i += 2) {
    rows.push({ columns: [cell(signers[i]!), signers[i + 1] ? cell(signers[i + 1]!) : { text: '' }], columnGap: 20 });
  }
  return { stack: rows, margin: [0, 16, 0, 0], unbreakable: true };
}

export function definitionOf(doc: PrintedDocument): DocumentDefinition {
  const w = documentWords(doc.lang);
  const content: Content[] = [
    { text: doc.title, style: 'title' },
    ...(doc.subtitle ? [{ text: doc.subtitle, style: 'subtitle' } as Content] : []),
    ...doc.blocks.map((b) => (b.kind === 'signatures' ? signatureContent(b.signers, doc.lang) : blockContent(b))),
    { text: doc.producedBy, fontSize: 7, color: '#777777', margin: [0, 16, 0, 0] },
  ];
  return {
    info: { title: doc.title, subject: doc.subtitle ?? doc.title, creator: 'Opora', producer: 'Opora (pdfmake)' },
    language: doc.lang === 'bg' ? 'bg-BG' : 'en-GB',
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 82, MARGIN_X, 50],
    defaultStyle: { font: 'DejaVuSans', fontSize: 10, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 4] },
      subtitle: { fontSize: 10, alignment: 'center', color: '#333333', margin: [0, 0, 0, 12] },
      heading: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      subheading: { fontSize: 10.5, bold: true, margin: [0, 6, 0, 3] },
    },
    header: () => ({
      margin: [MARGIN_X, 24, MARGIN_X, 0],
      stack: [
        { text: doc.center.name, bold: true, fontSize: 10 },
        { text: doc.center.address, fontSize: 8 },
        { text: [doc.center.provider ? `${w('provider')}: ${doc.center.provider}` : null, doc.center.contact].filter(Boolean).join(' · '), fontSize: 8 },
        { canvas: [{ type: 'line', x1: 0, y1: 4, x2: 595.28 - 2 * MARGIN_X, y2: 4, lineWidth: 0.5, lineColor: '#999999' }] },
      ],
    }),
    footer: (page: number, pages: number) => ({
      margin: [MARGIN_X, 16, MARGIN_X, 0],
      columns: [
        { text: doc.subtitle ? `${doc.title} · ${doc.subtitle}` : doc.title, fontSize: 7, color: '#777777' },
        { text: w('page', { page, pages }), alignment: 'right', fontSize: 8, width: 'auto' },
      ],
    }),
    content,
    // A heading never ends a page: it moves to the next page with what it heads.
    pageBreakBefore: (node: { headlineLevel?: number }, following: unknown[]) => node.headlineLevel === 1 && following.length === 0,
  };
}

/** The document as PDF bytes (text selectable and searchable: real text in an embedded TrueType font). */
export async function renderPdf(doc: PrintedDocument): Promise<Buffer> {
  setUp();
  return pdfmake.createPdf(definitionOf(doc)).getBuffer();
}
