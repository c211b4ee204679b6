// The data-quality notes of the series on screen (revisions, copied-forward values,
// gaps, sparse indicators, flare-ups), shown next to the chart in plain sentences.
import type { QualityNote, SeriesResponse } from '../core/api-types.js';
import { formatDate } from './chart-data.js';

const KIND_LABEL: Partial<Record<QualityNote['kind'], string>> = {
  revision: 'Revision',
  'copied-forward': 'Copied forward',
  sparse: 'Sparse',
  gap: 'Gap',
  'flare-up': 'Flare-up',
  duplicate: 'Duplicate',
  method: 'Method',
};

/** The core names API options ("mergeFlareUps"); a reader knows them by their labels. */
function readerWords(message: string): string {
  return message.replace(/\bwith mergeFlareUps\b/g, 'with “Merge flare-ups” under Options');
}

export function renderNotes(root: HTMLElement, response: SeriesResponse | null, extra: string[]): void {
  const items: HTMLLIElement[] = [];
  for (const text of extra) {
    const li = document.createElement('li');
    li.textContent = text;
    items.push(li);
  }
  const seen = new Set<string>();
  for (const trace of response?.series ?? []) {
    const notes = trace.notes.length > 0 ? trace.notes : [];
    if (trace.values.every((v) => v === null)) {
      const li = document.createElement('li');
      li.className = 'note-empty';
      li.textContent = `${trace.country}: no reports for this indicator in the chosen range.`;
      items.push(li);
    }
    for (const note of notes) {
      const key = `${note.country}|${note.kind}|${note.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const li = document.createElement('li');
      li.dataset['kind'] = note.kind;
      const tag = document.createElement('span');
      tag.className = `note-kind note-${note.kind}`;
      tag.textContent = KIND_LABEL[note.kind] ?? note.kind;
      const text = document.createElement('span');
      // The core's messages usually name their dates already; add them only when not.
      const named = /\d{4}-\d{2}-\d{2}/.test(note.message);
      const dates =
        !named && note.dates?.length
          ? ` (${note.dates.slice(0, 3).map(formatDate).join(', ')}${note.dates.length > 3 ? ', …' : ''})`
          : '';
      text.textContent = `${note.country}: ${readerWords(note.message)}${dates}`;
      li.append(tag, ' ', text);
      items.push(li);
    }
  }
  if (items.length === 0) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = 'No data-quality notes for these series.';
    items.push(li);
  }
  root.replaceChildren(...items);
}
