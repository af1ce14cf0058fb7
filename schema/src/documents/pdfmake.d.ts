// The part of pdfmake 0.3's server API that engine.ts uses. Declared here rather than taken from
// @types/pdfmake, whose `/// <reference lib="dom" />` would put the browser's types into every
// package that imports the schema (Node's fetch then refuses a Buffer body).
declare module 'pdfmake' {
  export type Content = string | number | Content[] | { [key: string]: unknown };
  export type DocumentDefinition = { content: Content; [key: string]: unknown };
  type FontFiles = { normal: string; bold: string; italics: string; bolditalics: string };
  const pdfmake: {
    setFonts(fonts: Record<string, FontFiles>): void;
    setUrlAccessPolicy(allow: (url: string) => boolean): void;
    setLocalAccessPolicy(allow: (path: string) => boolean): void;
    createPdf(definition: DocumentDefinition): { getBuffer(): Promise<Buffer> };
  };
  export default pdfmake;
}
