import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseSince } from '../../src/ops/log-since.js';

const now = Date.parse('2026-11-26T08:00:00Z');

describe('parseSince', () => {
  it.each([
    ['10m', now - 10 * 60_000],
    ['30s', now - 30_000],
    ['2h', now - 2 * 3_600_000],
    ['1h30m', now - 90 * 60_000],
    ['3d', now - 3 * 86_400_000],
    ['1w', now - 7 * 86_400_000],
    [' 5m ', now - 5 * 60_000],
    ['0s', now],
    ['2026-11-26', Date.parse('2026-11-26T00:00:00Z')],
    ['2026-11-26T07:15:00Z', Date.parse('2026-11-26T07:15:00Z')],
    ['2026-11-26T07:15:00', Date.parse('2026-11-26T07:15:00Z')],
    ['2026-11-26 07:15', Date.parse('2026-11-26T07:15:00Z')],
    ['2026-11-26T09:15:00+02:00', Date.parse('2026-11-26T07:15:00Z')],
    ['2026-11-26T07:15:00.250Z', Date.parse('2026-11-26T07:15:00.250Z')],
  ])('%s', (input, expected) => {
    expect(parseSince(input, now)).toBe(expected);
  });

  it.each([
    ['', 'expected a duration'],
    ['10', 'expected a duration'],
    ['10 minutes', 'expected a duration'],
    ['m10', 'expected a duration'],
    ['-5m', 'expected a duration'],
    ['2026-02-31', 'expected a duration'],
    ['2026-13-01', 'expected a duration'],
    ['yesterday', 'expected a duration'],
    ['2026-11-27', 'in the future'],
  ])('rejects %j', (input, why) => {
    let error: unknown;
    try {
      parseSince(input, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('--since');
    expect((error as UserError).message).toContain(why);
    expect((error as UserError).hint).toContain('ship logs --since 10m');
  });
});
