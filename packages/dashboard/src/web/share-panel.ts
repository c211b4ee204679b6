// Share: the view's link and an <iframe> snippet for /embed, and the tab's title and
// description meta tags, which say what the view shows (a shared link's preview too).
import type { SeriesResponse } from '../core/api-types.js';
import { el } from './page-elements.js';
import { announce } from './page-messages.js';
import { label, page } from './page-state.js';
import { DEFAULT_INDICATOR_ID, formatViewState } from './view-state.js';

/** The view's links: the page, and the embed page (both absolute, for pasting elsewhere). */
function shareLinks(): { page: string; embed: string } {
  const query = formatViewState(page.state, DEFAULT_INDICATOR_ID);
  return { page: `${location.origin}/${query}`, embed: `${location.origin}/embed${query}` };
}

export function describePage(response: SeriesResponse | null): void {
  const what = label(response);
  const where = page.state.countries.join(', ');
  document.title = what
    ? `${what}: ${where || 'no country'} · The West African Ebolavirus Outbreak`
    : 'The West African Ebolavirus Outbreak';
  document
    .querySelector('meta[name="description"]')
    ?.setAttribute(
      'content',
      `${what || 'Cases and deaths'} for ${where || 'the chosen countries'}, West African Ebola outbreak 2014–2016, from WHO situation reports compiled by UN HDX.`,
    );
  const links = shareLinks();
  el.shareLink.value = links.page;
  el.shareEmbed.value = `<iframe src="${links.embed}" title="${what.replace(/"/g, '&quot;')}" width="800" height="600" style="border:0" loading="lazy"></iframe>`;
  el.openDashboard.href = links.page;
}

export function wireShare(): void {
  el.share.addEventListener('click', () => {
    const open = el.sharePanel.hidden;
    el.sharePanel.hidden = !open;
    el.share.setAttribute('aria-expanded', String(open));
    if (open) {
      describePage(page.shown);
      el.shareLink.select();
    }
  });
  const copy = (input: HTMLInputElement, what: string) => async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      announce(`${what} copied.`);
    } catch {
      announce(`${what} selected: press Ctrl+C to copy it.`);
    }
  };
  el.copyLink.addEventListener('click', copy(el.shareLink, 'Link'));
  el.copyEmbed.addEventListener('click', copy(el.shareEmbed, 'Embed code'));
}
