// Zooming and panning the chart's date range from the keyboard: one pure step from
// the range on screen to the next, always inside the outbreak's reporting period.
// The page turns the result into the URL's from/to, as it does for a mouse zoom.

export interface DateRange {
  /** ISO date, inclusive. */
  from: string;
  /** ISO date, inclusive. */
  to: string;
}

export type ZoomStep = 'in' | 'out' | 'earlier' | 'later' | 'reset';

/** A zoom never narrows the chart below two weeks: fewer than three weekly reports. */
export const MIN_ZOOM_DAYS = 14;

const DAY_MS = 86_400_000;

function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

function isoOf(day: number): string {
  return new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}

/** The step a key asks for on the focused chart, or null for any other key. */
export function zoomStepOf(key: string): ZoomStep | null {
  switch (key) {
    case '+':
    case '=':
      return 'in';
    case '-':
    case '_':
      return 'out';
    case 'ArrowLeft':
      return 'earlier';
    case 'ArrowRight':
      return 'later';
    case '0':
    case 'Home':
      return 'reset';
    default:
      return null;
  }
}

/**
 * The range after one step: zooming halves or doubles the span about its middle,
 * panning moves it by a quarter of its span; the result stays inside `full`.
 */
export function zoomDateRange(current: DateRange, full: DateRange, step: ZoomStep): DateRange {
  const first = dayOf(full.from);
  const last = dayOf(full.to);
  if (step === 'reset') return { ...full };
  let from = Math.max(first, dayOf(current.from));
  let to = Math.min(last, dayOf(current.to));
  const span = Math.max(0, to - from);
  const middle = (from + to) / 2;
  if (step === 'in' || step === 'out') {
    const wanted = step === 'in' ? Math.max(MIN_ZOOM_DAYS, span / 2) : span * 2;
    const next = Math.min(last - first, Math.max(wanted, step === 'out' ? MIN_ZOOM_DAYS : 0));
    if (step === 'in' && next >= span) return { from: isoOf(from), to: isoOf(to) };
    from = middle - next / 2;
    to = middle + next / 2;
  } else {
    const shift = Math.max(1, Math.round(span / 4)) * (step === 'earlier' ? -1 : 1);
    from += shift;
    to += shift;
  }
  // Keep the span, slid back inside the reporting period.
  if (from < first) {
    to += first - from;
    from = first;
  }
  if (to > last) {
    from -= to - last;
    to = last;
  }
  return { from: isoOf(Math.max(first, from)), to: isoOf(to) };
}

/** The URL's from/to for a range: null at an end that is the whole period's end. */
export function rangeToState(range: DateRange, full: DateRange): { from: string | null; to: string | null } {
  return {
    from: range.from <= full.from ? null : range.from,
    to: range.to >= full.to ? null : range.to,
  };
}
