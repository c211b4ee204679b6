// The page's language: its fixed words (data-i18n in index.html), and switching when
// the state asks for another (`lang=`, else the browser's first language we speak).
import type { MetaResponse } from '../core/api-types.js';
import { formatDate } from './chart-data.js';
import { currentLanguage, preferredLanguage, setLanguage, t } from './i18n.js';
import { el } from './page-elements.js';
import { page } from './page-state.js';

/** The page's fixed words (data-i18n in index.html) in the current language. */
export function translatePage(root: Document): void {
  root.documentElement.lang = currentLanguage();
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = node.dataset['i18n'] ?? '';
    node.textContent = t().static[key] ?? key;
  }
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = node.dataset['i18nLabel'] ?? '';
    node.setAttribute('aria-label', t().static[key] ?? key);
  }
}

// The words first, when this module loads: page-controls.ts imports it, so the pickers
// it builds are in the page's language.
setLanguage(page.state.lang ?? preferredLanguage(navigator.languages));
translatePage(document);

/** A new language: the page's words, then `relabel` for what was built in the old one. */
export function followLanguage(relabel: () => void): void {
  const wanted = page.state.lang ?? preferredLanguage(navigator.languages);
  el.lang.value = wanted;
  if (wanted === currentLanguage()) return;
  setLanguage(wanted);
  translatePage(document);
  relabel();
  if (page.meta) showSource(page.meta);
}

/** The footer: where the data was read, when, and the reports' dates. */
export function showSource(m: MetaResponse): void {
  const loaded = new Date(m.loadedAt);
  const time = Number.isNaN(loaded.getTime())
    ? m.loadedAt
    : loaded
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
  el.source.textContent =
    t().sourceLine(
      `${m.source.location}${m.source.fromCache ? ` ${t().cachedCopy}` : ''}`,
      time,
      formatDate(m.dateRange.from),
      formatDate(m.dateRange.to),
    ) + (m.warnings.length > 0 ? ` ${t().warnings} ${m.warnings.join(' ')}` : '');
}
