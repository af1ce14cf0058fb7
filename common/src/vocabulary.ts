// One bilingual vocabulary (Bulgarian first, English second) for every label a person reads,
// used by the server and the web alike.
export type Bilingual = { bg: string; en: string };
