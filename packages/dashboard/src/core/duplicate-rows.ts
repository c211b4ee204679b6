// Rows that repeat an (indicator, country, date): the later row wins.
// Identical repeats are dropped with one warning; conflicting ones are kept
// last with a warning naming both lines (WHO corrections are appended after
// the figures they correct), and the series gets a 'duplicate' quality note.

import { isoDate } from './dates.js';
import type { HdxRow } from './parse-hdx-csv.js';

const WARNED_CONFLICTS = 20;

export interface DuplicateRow {
  indicator: string;
  country: string;
  date: string;
  /** Lines of the earlier row and of the row that replaced it. */
  lines: [number, number];
  values: [number | null, number | null];
  /** false when both rows carry the same value. */
  conflicting: boolean;
}

export function dropDuplicates(rows: HdxRow[]): { kept: HdxRow[]; duplicates: DuplicateRow[] } {
  // indicator → country → day → index in `kept`
  const seen = new Map<string, Map<string, Map<number, number>>>();
  const kept: HdxRow[] = [];
  const duplicates: DuplicateRow[] = [];
  for (const row of rows) {
    let byCountry = seen.get(row.indicator);
    if (!byCountry) {
      byCountry = new Map();
      seen.set(row.indicator, byCountry);
    }
    let byDay = byCountry.get(row.country);
    if (!byDay) {
      byDay = new Map();
      byCountry.set(row.country, byDay);
    }
    const at = byDay.get(row.day);
    if (at === undefined) {
      byDay.set(row.day, kept.length);
      kept.push(row);
      continue;
    }
    const earlier = kept[at]!;
    duplicates.push({
      indicator: row.indicator,
      country: row.country,
      date: isoDate(row.day),
      lines: [earlier.line, row.line],
      values: [earlier.value, row.value],
      conflicting: earlier.value !== row.value,
    });
    kept[at] = row; // keep-last
  }
  return { kept, duplicates };
}

export function duplicateWarnings(file: string, duplicates: DuplicateRow[]): string[] {
  const warnings: string[] = [];
  const identical = duplicates.filter((d) => !d.conflicting);
  if (identical.length > 0) {
    const lines = identical.slice(0, 5).map((d) => `${file}:${d.lines[1]}`);
    warnings.push(
      `${plural(identical.length, 'row')} ${identical.length === 1 ? 'repeats' : 'repeat'} an earlier row exactly (same indicator, country, date and value) and ${identical.length === 1 ? 'was' : 'were'} ignored: ${lines.join(', ')}${identical.length > 5 ? ', …' : ''}`,
    );
  }
  const conflicting = duplicates.filter((d) => d.conflicting);
  for (const d of conflicting.slice(0, WARNED_CONFLICTS)) {
    warnings.push(
      `${file}:${d.lines[1]}: "${d.indicator}", ${d.country}, ${d.date}: value ${show(d.values[1])} replaces ${show(d.values[0])} from line ${d.lines[0]} (for duplicate rows the later row wins)`,
    );
  }
  if (conflicting.length > WARNED_CONFLICTS) {
    warnings.push(
      `… and ${conflicting.length - WARNED_CONFLICTS} more duplicate rows with different values (the later row wins)`,
    );
  }
  return warnings;
}

function show(value: number | null): string {
  return value === null ? 'empty' : String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
