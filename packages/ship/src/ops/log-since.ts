// `ship logs --since`: a relative duration ("10m", "2h", "1h30m", "3d") or an
// ISO 8601 date/time ("2026-11-26", "2026-11-26T08:00:00Z"). Returns the
// start time in epoch milliseconds.
import { UserError } from '../errors.js';

const unitMs: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const duration = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseSince(input: string, now: number): number {
  const text = input.trim();
  const relative = durationMs(text);
  if (relative !== undefined) return now - relative;
  if (isoDate.test(text)) {
    // A date or a time without a zone means UTC: CloudWatch timestamps are UTC
    // and a deploy pipeline's clock zone should not change what is shown.
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) && text.includes('T');
    const normalised = text.replace(' ', 'T');
    const iso =
      normalised.length === 10 ? `${normalised}T00:00:00Z` : hasZone ? normalised : `${normalised}Z`;
    const at = Date.parse(iso);
    if (Number.isFinite(at) && validCalendarDate(normalised.slice(0, 10))) {
      if (at > now) throw sinceError(input, 'that time is in the future');
      return at;
    }
  }
  throw sinceError(input, 'expected a duration like 30s, 10m, 2h, 1h30m, 3d, 1w or an ISO date/time');
}

function durationMs(text: string): number | undefined {
  if (text === '') return undefined;
  const match = duration.exec(text);
  if (!match) return undefined;
  const [, w, d, h, m, s] = match;
  const parts: Array<[string | undefined, string]> = [
    [w, 'w'],
    [d, 'd'],
    [h, 'h'],
    [m, 'm'],
    [s, 's'],
  ];
  return parts.reduce((total, [n, unit]) => total + (n ? Number(n) * unitMs[unit]! : 0), 0);
}

function validCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function sinceError(input: string, why: string): UserError {
  return new UserError(
    `--since ${JSON.stringify(input)}: ${why}`,
    'try `ship logs --since 10m` or `ship logs --since 2026-11-26T08:00:00Z`',
  );
}
