import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../shared/contract/index.js';
import da from './da.json';
import en from './en.json';
import fr from './fr.json';

export const LOCALES: readonly Locale[] = ['fr', 'da', 'en'];

/** The system's language when we speak it, else English. */
export function systemLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const tag of languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === 'fr' || base === 'da' || base === 'en') return base;
    if (base === 'nb' || base === 'no' || base === 'sv') return 'da';
  }
  return 'en';
}

export function initI18n(locale: Locale) {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr }, da: { translation: da } },
    lng: locale,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = locale;
  return i18next;
}

export function setLocale(locale: Locale): void {
  void i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}
