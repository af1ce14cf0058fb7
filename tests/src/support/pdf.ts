// The text of a PDF as a reader's search finds it (pdf.js through pdf-parse). Imported by a
// computed name: pdf-parse's types pull pdf.js's DOM types into the whole tests package.
type Parser = { getText(): Promise<{ text: string; total: number }>; destroy(): Promise<void> };
const PDF_PARSE = 'pdf-parse';

/** The PDF's text with whitespace collapsed, and its page count. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const { PDFParse } = (await import(PDF_PARSE)) as { PDFParse: new (options: { data: Uint8Array }) => Parser };
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    return { text: result.text.replace(/\s+/g, ' '), pages: result.total };
  } finally {
    await parser.destroy();
  }
}
