// The page's words in English and French. The language comes from the URL (`lang=fr`),
// else from the browser's languages; `setLanguage` switches every formatter at once.
import type { Classification } from '../core/api-types.js';
import { en } from './messages-en.js';
import { fr } from './messages-fr.js';

export type Language = 'en' | 'fr';
export type Messages = typeof en;

let current: Messages = en;
let language: Language = 'en';

export function t(): Messages {
  return current;
}

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(lang: Language): void {
  current = lang === 'fr' ? fr : en;
  language = lang;
}

/** The language a reader gets without `lang=`: the first of their browser's we speak. */
export function preferredLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

export type ClassificationWords = Record<Classification, string>;

/** A country in the page's language ("Liberia 2" → "Libéria 2"); the HDX name where we have none. */
export function countryName(hdx: string): string {
  const flareUp = / (\d+)$/.exec(hdx);
  const base = flareUp ? hdx.slice(0, -flareUp[0].length) : hdx;
  const name = current.countries[base] ?? base;
  return flareUp ? `${name}${flareUp[0]}` : name;
}
