// What the page tells the reader besides the chart: the link's problems above the
// view, a message in the view, and the screen reader's announcements.
import { t } from './i18n.js';
import { el } from './page-elements.js';
import { page, pageUrl } from './page-state.js';
import { repairView } from './view-problems.js';
import { formatViewState } from './view-state.js';

export function renderProblems(): void {
  el.problems.hidden = page.problems.length === 0;
  el.problemList.replaceChildren(
    ...page.problems.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

/** Adds sentences to the problems above the view (each once). */
export function addProblems(...texts: string[]): void {
  page.problems = [...new Set([...page.problems, ...texts])];
  renderProblems();
}

export function showMessage(text: string | null): void {
  el.message.hidden = text === null;
  el.message.textContent = text ?? '';
}

export function announce(text: string): void {
  el.announcer.textContent = text;
}

/** Once the data's lists are known: a link's unknown parts are left out and named. True if the view changed. */
export function repairFromLink(): boolean {
  if (!page.meta) return false;
  const repaired = repairView(location.search, page.state, page.meta, t());
  const changed = formatViewState(repaired.state) !== formatViewState(page.state);
  page.state = repaired.state;
  if (changed) window.history.replaceState(null, '', pageUrl());
  addProblems(...repaired.problems);
  return changed;
}
