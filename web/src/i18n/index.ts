import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { readLocal, writeLocal } from '../lib/storage.ts';
import { bgShell } from './bg-shell.ts';

export type Lang = 'bg' | 'en';
export const LANGS: Lang[] = ['bg', 'en'];
const KEY = 'opora.lang';

function initialLang(): Lang {
  const saved = readLocal(KEY);
  return saved === 'en' || saved === 'bg' ? saved : 'bg';
}

// The shell's Bulgarian words are in the first bundle (the sign-in screen needs no other); the whole
// dictionary of each language is a chunk of its own: Bulgarian's when the first screen after sign-in
// is on its way, English's when chosen (#17: light on the wire). A missing English word falls back to
// Bulgarian, as before.
const DICTIONARIES: Record<Lang, () => Promise<object>> = {
  bg: async () => (await import('./bg.ts')).bg,
  en: async () => (await import('./en.ts')).en,
};

void i18n.use(initReactI18next).init({
  resources: { bg: { translation: bgShell } },
  partialBundledLanguages: true,
  lng: initialLang(),
  fallbackLng: 'bg',
  supportedLngs: LANGS,
  interpolation: { escapeValue: false },
  returnNull: false,
  // A screen already on show (the sign-in form's second step) re-renders when the rest of its words come.
  react: { bindI18nStore: 'added' },
});

// The page declares its language, and the choice outlives the tab.
function declare(lng: string): void {
  document.documentElement.lang = lng;
  document.title = i18n.t('app.title');
  writeLocal(KEY, lng);
}
declare(i18n.language);
i18n.on('languageChanged', declare);

const loading = new Map<Lang, Promise<void>>();
const loaded = new Set<Lang>();

/**
 * A language's whole dictionary, loaded once (a failed load, e.g. offline, is tried again next time).
 * Once loaded, the promise says so as React's `use` reads it (`status`), so a screen that waits for
 * the words with `use` renders at once instead of suspending for a turn: a suspended first screen
 * is revealed only after React's fallback throttle (≈ 300 ms; #17, the dashboard after sign-in).
 */
function wholeDictionary(lng: Lang): Promise<void> {
  let done = loading.get(lng);
  if (!done) {
    const started = DICTIONARIES[lng]().then((words) => {
      i18n.addResourceBundle(lng, 'translation', words, true, true);
      loaded.add(lng);
      Object.assign(started, { status: 'fulfilled', value: undefined });
    });
    started.catch(() => loading.delete(lng));
    loading.set(lng, (done = started));
  }
  return done;
}

/** Whether every word of the reader's language is in (screenWords() has finished). */
export const screenWordsReady = (): boolean => loaded.has(currentLang());

/** Switches the language once its words are loaded (the only way the app changes it). */
export async function switchLanguage(lng: Lang): Promise<void> {
  await wholeDictionary(lng);
  await i18n.changeLanguage(lng);
}

/**
 * Every word of the reader's language: the screens after sign-in wait for it (app.tsx's lazy pages
 * and the signed-in layout); starting it early (on signing in, or on opening the app signed in)
 * lets it arrive with the screen's own code.
 */
export const screenWords = (): Promise<void> => wholeDictionary(currentLang());

/** Resolves when the saved language's words are in (main.tsx renders after it). */
export const languageReady: Promise<void> = i18n.language === 'bg' ? Promise.resolve() : switchLanguage(i18n.language as Lang);

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'bg');
/** The locale dates and numbers are written in, for each language (lib/format.ts). */
export const LOCALES = { bg: 'bg-BG', en: 'en-GB' } as const satisfies Record<Lang, string>;
export default i18n;
