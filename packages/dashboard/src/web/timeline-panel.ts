// The timeline's place on the page: under the chart (two handles: the URL's from/to),
// under the map (one handle: the URL's date, with Play), above the table; not on the
// Sources tab. A run of key presses is one history entry, like the chart's zoom keys.
import { zoomTo } from './chart-panel.js';
import { DateTimeline } from './date-timeline.js';
import { MIN_ZOOM_DAYS } from './date-zoom.js';
import { el } from './page-elements.js';
import { page } from './page-state.js';
import { everyDay } from './timeline-model.js';

let dateListener: (date: string) => void = () => {};
let stopsFor: { from: string; to: string; days: string[] } | null = null;

export const timeline = new DateTimeline(el.timeline, {
  onRange: (from, to, source) => {
    const history = source === 'key' && page.keyZooming ? 'replace' : 'push';
    zoomTo({ from, to }, history);
    if (source === 'key') page.keyZooming = true;
  },
  onDate: (date) => dateListener(date),
});

/** The map's answer to a date chosen on the timeline (map-panel.ts). */
export function onMapDate(fn: (date: string) => void): void {
  dateListener = fn;
}

/** Every day of the reporting period: the chart's stops (built once per period). */
function days(from: string, to: string): string[] {
  if (stopsFor?.from !== from || stopsFor.to !== to) stopsFor = { from, to, days: everyDay(from, to) };
  return stopsFor.days;
}

/** Moves the timeline after `anchor`, unless it is there (a move would take the focus off a handle). */
function placeAfter(anchor: HTMLElement): void {
  if (anchor.nextElementSibling !== el.timeline) anchor.after(el.timeline);
}

/** The timeline follows the state (called with every sync of the controls). */
export function syncTimeline(): void {
  const { state, meta } = page;
  el.timeline.hidden = state.view === 'sources';
  if (state.view === 'map') {
    placeAfter(el.map);
    // The map sets its dates when its answer arrives; until then, an empty track.
    if (timeline.mode !== 'date') timeline.show({ mode: 'date', stops: [], date: null });
    return;
  }
  if (state.view === 'table') {
    if (el.table.previousElementSibling !== el.timeline) el.table.before(el.timeline);
  } else placeAfter(el.chart);
  timeline.show({
    mode: 'range',
    stops: meta ? days(meta.dateRange.from, meta.dateRange.to) : [],
    from: state.from,
    to: state.to,
    minGap: MIN_ZOOM_DAYS,
  });
}
