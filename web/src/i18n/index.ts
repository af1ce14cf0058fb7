import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { readLocal, writeLocal } from '../lib/storage.ts';
import { bg } from './bg.ts';
import { en } from './en.ts';

export type Lang = 'bg' | 'en';
export const LANGS: Lang[] = ['bg', 'en'];
const KEY = 'opora.lang';

function initialLang(): Lang {
  const saved = readLocal(KEY);
  return saved === 'en' || saved === 'bg' ? saved : 'bg';
}

void i18n.use(initReactI18next).init({
  resources: { bg: { translation: bg }, en: { translation: en } },
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

export const currentLang = (): Lang => (i18n.language === 'en' ? 'en' : 'bg');
export default i18n;
