import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { readLocal, writeLocal } from '../lib/storage.ts';
import { bg } from './bg.ts';

export type Lang = 'bg' | 'en';
export const LANGS: Lang[] = ['bg', 'en'];
const KEY = 'opora.lang';

function initialLang(): Lang {
  const saved = readLocal(KEY);
  return saved === 'en' || saved === 'bg' ? saved : 'bg';
}

// Bulgarian is in the first bundle; English is a chunk of its own, loaded when chosen (#17:
// light on the wire). A missing English word falls back to Bulgarian, as before.
const LOADERS: Record<Lang, () => Promise<object>> = {
  bg: async () => bg,
  en: async () => (await import('./en.ts')).en,
};

void i18n.use(initReactI18next).init({
  resources: { bg: { translation: bg } },
  partialBundledLanguages: true,
  lng: initialLang(),
  fallbackLng: 'bg',
  supportedLngs: LANGS,
  interpolation: { escapeValue: false },
  returnNull: false,
});

// The page declares its language, and the choice outlives the tab.
function declare(lng: string): void {
  document.documentElement.lang = lng;
  document.title = i18n.t('app.title');
  writeLocal(KEY, lng);
}
declare(i18n.language);
i18n.on('languageChanged', declare);

/** Switches the language once its words are loaded (the only way the app changes it). */
export async function switchLanguage(lng: Lang): Promise<void> {
  if (!i18n.hasResourceBundle(lng, 'translation')) i18n.addResourceBundle(lng, 'translation', await LOADERS[lng]());
  await i18n.changeLanguage(lng);
}

/** Resolves when the saved language's words are in (main.tsx renders after it). */
export const languageReady: Promise<void> = i18n.language === 'bg' ? Promise.resolve() : switchLanguage(i18n.language as Lang);

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'bg');
export default i18n;
