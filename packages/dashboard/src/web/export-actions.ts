// The Download buttons: the export code is loaded on first use, and the file it makes
// is handed to the browser as a download.
import { countryColour } from './chart-data.js';
import { chartEvents } from './chart-panel.js';
import { mapDate } from './map-panel.js';
import { el } from './page-elements.js';
import { announce } from './page-messages.js';
import { label, page } from './page-state.js';

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function exportFile(kind: 'csv' | 'png' | 'svg'): Promise<void> {
  try {
    const exports = await import('./export-download.js');
    const context = {
      view: page.state.view,
      state: page.state,
      chart: page.shown,
      map: page.mapShown,
      mapDate: mapDate(),
      title: label(page.shown ?? page.mapShown),
      meta: page.meta,
      pageUrl: location.href,
      colourOf: countryColour,
      events: page.shown ? chartEvents(page.shown).map((e) => ({ date: e.date, label: e.label.en })) : [],
    };
    const file = await exports.exportFile(kind, context);
    download(file.blob, file.name);
    announce(`${file.name} downloaded.`);
  } catch (error) {
    announce(`Could not make the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function wireExports(): void {
  el.csv.addEventListener('click', () => void exportFile('csv'));
  el.png.addEventListener('click', () => void exportFile('png'));
  el.svg.addEventListener('click', () => void exportFile('svg'));
}

/** The buttons' tooltips say what each tab's file holds. */
export function describeExports(): void {
  const view = page.state.view;
  const what = view === 'map' ? 'the map' : view === 'table' ? 'the chart of this table' : 'the chart';
  el.png.title = `PNG of ${what}, 2× resolution, light background`;
  el.svg.title = `SVG of ${what}`;
  el.csv.title =
    view === 'map' ? 'CSV of the map: every country at the map’s date' : 'CSV of the series on screen';
}
