// The precompiled validator of the series query must be the one ajv makes of
// today's schema (regenerate: node --import tsx src/server/series-query-validator-source.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validate } from '../../src/server/series-query-validator.js';
import {
  seriesQueryValidatorSource,
  VALIDATOR_FILE,
} from '../../src/server/series-query-validator-source.js';

describe('series-query-validator.ts', () => {
  it('is current with seriesQuerySchema', () => {
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(seriesQueryValidatorSource());
  });

  it('coerces and defaults as Fastify does (one country becomes a list, booleans from text)', () => {
    const query: Record<string, unknown> = { indicator: 'x', country: 'Guinea', per100k: 'true' };
    expect(validate(query)).toBe(true);
    expect(query).toEqual({
      indicator: 'x',
      country: ['Guinea'],
      per100k: true,
      measure: 'cumulative',
      clamp: false,
      merge: false,
    });
  });

  it('refuses a calendar date that does not exist', () => {
    expect(validate({ indicator: 'x', from: '2015-02-31' })).toBe(false);
    expect(validate({ indicator: 'x', from: '2016-02-29' })).toBe(true);
  });
});
