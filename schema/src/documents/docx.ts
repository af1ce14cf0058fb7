import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { documentWords } from '@opora/common/vocabulary';
import type { Block, PrintedDocument } from './engine.ts';

// The same blocks as the PDF (./engine.ts), written as a Word document with the npm library
// `docx` (dolanmiu/docx: well kept, no native parts, writes .docx in memory). Only this file knows it.

function paragraphs(block: Block): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 } })];
    case 'subheading':
      return [new Paragraph({ text: block.text, heading: HeadingLevel.HEADING_3, spacing: { before: 160, after: 80 } })];
    case 'paragraph':
      return block.text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, italics: block.italic, bold: block.bold })] }));
    case 'list':
      return block.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }));
    case 'fields':
      return [grid(block.rows.map(([label, value]) => [label, value ?? '—']), null)];
    case 'table':
      return [grid(block.rows, block.header)];
    case 'signatures':
      return block.signers.map((s) => new Paragraph({ spacing: { before: 360 }, children: [new TextRun({ text: `${s.role}: ${s.name ?? ''} ______________________` })] }));
  }
}

function grid(rows: string[][], header: string[] | null): Table {
  const row = (cells: string[], bold = false) =>
    new TableRow({ children: cells.map((text) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })) });
  return new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [...(header ? [row(header, true)] : []), ...rows.map((r) => row(r))] });
}

export async function renderDocx(doc: PrintedDocument): Promise<Buffer> {
  const w = documentWords(doc.lang);
  const document = new Document({
    creator: 'Opora',
    title: doc.title,
    styles: { default: { document: { run: { font: 'DejaVu Sans', size: 20 } } } },
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph({ children: [new TextRun({ text: [doc.center.name, doc.center.address, doc.center.provider ? `${w('provider')}: ${doc.center.provider}` : null].filter(Boolean).join(' · '), size: 16 })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 16 })] })],
          }),
        },
        children: [
          new Paragraph({ text: doc.title, heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER }),
          ...(doc.subtitle ? [new Paragraph({ text: doc.subtitle, alignment: AlignmentType.CENTER })] : []),
          ...doc.blocks.flatMap(paragraphs),
          new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: doc.producedBy, size: 16, italics: true })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
