// Series derived from reported values: revisions, crude CFR, per-100k rates and
// flare-up merges (weekly incidence is in epi-weeks.ts). Plain functions over sorted day/value arrays.

/** A series as parallel arrays: days ascending, values null where missing. */
export interface Points {
  days: number[];
  values: (number | null)[];
}

/**
 * Derived values are rounded to 6 significant digits (whole numbers from
 * 100,000 up): enough for any chart, and short JSON.
 */
export function roundDerived(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  if (magnitude >= 5) return Math.round(x);
  const scale = 10 ** (5 - magnitude);
  return Math.round(x * scale) / scale;
}

/** Indexes at which a value is below the previous reported (non-null) value. */
export function revisionIndexes(values: readonly (number | null)[]): number[] {
  const result: number[] = [];
  let previous: number | null = null;
  values.forEach((v, i) => {
    if (v === null) return;
    if (previous !== null && v < previous) result.push(i);
    previous = v;
  });
  return result;
}

export function clampToZero(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v < 0 ? 0 : v));
}

export function perHundredThousand(
  values: readonly (number | null)[],
  population: number,
): (number | null)[] {
  return values.map((v) => (v === null ? null : roundDerived((v / population) * 100_000)));
}

/**
 * Crude case fatality ratio in %: cumulative deaths / cumulative cases at the
 * dates where both are reported and cases > 0. "Crude" because deaths lag cases
 * and the outcome of recent cases is unknown.
 */
export function crudeCfr(cases: Points, deaths: Points): Points {
  const deathsOn = new Map<number, number | null>();
  deaths.days.forEach((d, i) => {
    deathsOn.set(d, deaths.values[i] ?? null);
  });
  const days: number[] = [];
  const values: (number | null)[] = [];
  cases.days.forEach((day, i) => {
    const c = cases.values[i] ?? null;
    const d = deathsOn.get(day);
    if (c === null || d === undefined || d === null || c <= 0) return;
    days.push(day);
    values.push(roundDerived((d / c) * 100));
  });
  return { days, values };
}

/**
 * Sum of cumulative series reported separately (a country and its flare-ups):
 * at every date on which any of them reports, the sum of each one's latest
 * reported value at or before that date (a series not yet reporting adds 0).
 * Cumulative counts stay valid between reports, so this is the country total.
 */
export function sumCumulative(parts: readonly Points[]): Points {
  const days = unionOfDays(parts);
  const cursor = parts.map(() => 0);
  const latest: (number | null)[] = parts.map(() => null);
  const values = days.map((day) => {
    let sum = 0;
    let any = false;
    parts.forEach((p, k) => {
      while (cursor[k]! < p.days.length && p.days[cursor[k]!]! <= day) {
        const v = p.values[cursor[k]!] ?? null;
        if (v !== null) latest[k] = v;
        cursor[k]!++;
      }
      if (latest[k] !== null) {
        sum += latest[k]!;
        any = true;
      }
    });
    return any ? sum : null;
  });
  return { days, values };
}

/**
 * Sum of counts over a window ("in the last 21 days") reported separately: at
 * every date on which any of them reports, the sum of the values reported on
 * that very date (a window count is not carried to later dates).
 */
export function sumSameDate(parts: readonly Points[]): Points {
  const days = unionOfDays(parts);
  const sums = new Map<number, number | null>(days.map((d) => [d, null]));
  for (const p of parts) {
    p.days.forEach((day, i) => {
      const v = p.values[i] ?? null;
      if (v !== null) sums.set(day, (sums.get(day) ?? 0) + v);
    });
  }
  return { days, values: days.map((d) => sums.get(d) ?? null) };
}

function unionOfDays(parts: readonly Points[]): number[] {
  const all = new Set<number>();
  for (const p of parts) for (const d of p.days) all.add(d);
  return [...all].sort((a, b) => a - b);
}
