// The timeline under the chart (OWID grapher's): handles on a row of stops (dates).
// Two handles choose the chart's date range; one handle chooses the map's date. Pure:
// which stop a key, a pointer or a date leads to, and the rules that keep the two
// handles apart and inside the period.
//
// Rules:
// - A date between two stops goes to the stop on or before it (the report before it);
//   before the first stop, to the first stop; null, to the end given.
// - Keys (WAI-ARIA slider): ←/↓ and →/↑ move by `arrow` stops, Page Down/Page Up by
//   `page` stops, Home/End to the first/last stop the handle may reach.
// - The start stays at least `minGap` stops before the end, and the end after the start.

export type Handle = 'start' | 'end' | 'date';

export interface Steps {
  arrow: number;
  page: number;
}

const DAY_MS = 86_400_000;

/** Every day from `from` to `to` (ISO, inclusive): the chart's stops. */
export function everyDay(from: string, to: string): string[] {
  const first = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  const days: string[] = [];
  for (let t = first; t <= last; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** The stop of a date (see the rules); -1 when there are no stops. */
export function stopOf(stops: readonly string[], date: string | null, whenNull: 'first' | 'last'): number {
  if (stops.length === 0) return -1;
  if (date === null) return whenNull === 'first' ? 0 : stops.length - 1;
  let lo = 0;
  let hi = stops.length - 1;
  if (date < stops[0]!) return 0;
  // The last stop on or before the date.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (stops[mid]! <= date) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The stops a handle may reach: its bounds given the other handle. */
export function handleBounds(
  handle: Handle,
  count: number,
  other: number,
  minGap: number,
): { min: number; max: number } {
  const last = Math.max(0, count - 1);
  if (handle === 'start') return { min: 0, max: Math.max(0, Math.min(last, other - minGap)) };
  if (handle === 'end') return { min: Math.min(last, Math.max(0, other + minGap)), max: last };
  return { min: 0, max: last };
}

/** The stop a key moves a handle to, or null for a key the slider does not use. */
export function keyTarget(
  key: string,
  index: number,
  bounds: { min: number; max: number },
  steps: Steps,
): number | null {
  const move = (by: number) => Math.min(bounds.max, Math.max(bounds.min, index + by));
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return move(-steps.arrow);
    case 'ArrowRight':
    case 'ArrowUp':
      return move(steps.arrow);
    case 'PageDown':
      return move(-steps.page);
    case 'PageUp':
      return move(steps.page);
    case 'Home':
      return bounds.min;
    case 'End':
      return bounds.max;
    default:
      return null;
  }
}

/** The stop under a pointer at `fraction` (0 = left end, 1 = right end) of the track. */
export function stopAt(fraction: number, count: number): number {
  if (count <= 1) return 0;
  return Math.round(Math.min(1, Math.max(0, fraction)) * (count - 1));
}

/** Where a stop sits along the track, 0–1. */
export function fractionOf(index: number, count: number): number {
  return count <= 1 ? 0 : index / (count - 1);
}

/** A press on the track moves the nearer handle (the start when it is left of both). */
export function nearerHandle(index: number, start: number, end: number): 'start' | 'end' {
  if (index <= start) return 'start';
  if (index >= end) return 'end';
  return index - start <= end - index ? 'start' : 'end';
}
