import { describe, expect, it } from 'vitest';
import {
  chooseRollbackTarget,
  type DeploymentRecord,
  parseRevision,
  type RollbackSituation,
} from '../../src/ops/rollback-target.js';

const d = (revision: number, outcome: DeploymentRecord['outcome'], startedAt: number): DeploymentRecord => ({
  revision,
  outcome,
  startedAt,
});

const situation = (
  current: DeploymentRecord | undefined,
  history: DeploymentRecord[],
  registered = [10, 11, 12, 13],
  historyKnown = true,
): RollbackSituation => ({ family: 'web-production', current, history, registered, historyKnown });

describe('chooseRollbackTarget (default: previous completed)', () => {
  it.each([
    {
      name: 'running 13 → 12',
      s: situation(d(13, 'completed', 4), [
        d(11, 'completed', 1),
        d(12, 'completed', 2),
        d(13, 'completed', 4),
      ]),
      want: 12,
    },
    {
      name: 'stuck deployment of 13 → 12',
      s: situation(d(13, 'in-progress', 4), [d(12, 'completed', 2), d(13, 'in-progress', 4)]),
      want: 12,
    },
    {
      name: 'failed 13 skips the failed 12 → 11',
      s: situation(d(13, 'failed', 5), [d(11, 'completed', 1), d(12, 'rolled-back', 2), d(13, 'failed', 5)]),
      want: 11,
    },
    {
      name: 'after a rollback to 11 (running 11) the previous completed is 13',
      s: situation(d(11, 'completed', 9), [
        d(11, 'completed', 1),
        d(13, 'completed', 5),
        d(11, 'completed', 9),
      ]),
      want: 13,
    },
    {
      name: 'history order does not matter',
      s: situation(d(13, 'completed', 4), [
        d(13, 'completed', 4),
        d(10, 'completed', 0),
        d(12, 'completed', 3),
      ]),
      want: 12,
    },
    {
      name: 'a deregistered revision is skipped',
      s: situation(d(13, 'completed', 4), [d(11, 'completed', 1), d(12, 'completed', 2)], [11, 13]),
      want: 11,
    },
    {
      name: 'no current deployment (service scaled away) → newest completed',
      s: situation(undefined, [d(11, 'completed', 1), d(12, 'completed', 2)]),
      want: 12,
    },
  ])('$name', ({ s, want }) => {
    const target = chooseRollbackTarget(s);
    expect(target.revision).toBe(want);
    expect(target.taskDefinition).toBe(`web-production:${want}`);
    expect(target.why).toMatch(/last that completed/);
  });

  it.each([
    ['only one revision ever completed', situation(d(1, 'completed', 1), [d(1, 'completed', 1)], [1])],
    ['nothing completed', situation(d(2, 'failed', 2), [d(1, 'failed', 1), d(2, 'failed', 2)], [1, 2])],
    ['empty history', situation(undefined, [], [])],
  ])('refuses when %s, pointing at --to', (_name, s) => {
    expect(() => chooseRollbackTarget(s)).toThrow(/no earlier revision of web-production/);
    try {
      chooseRollbackTarget(s);
    } catch (e) {
      expect((e as { hint: string }).hint).toContain('--to');
    }
  });
});

describe('chooseRollbackTarget without deployment history', () => {
  it.each([
    {
      name: 'steady on 13, nothing else known → 12, saying why',
      s: situation(d(13, 'completed', 4), [d(13, 'completed', 4)], [10, 12, 13], false),
      want: 12,
    },
    {
      name: 'an ACTIVE deployment still seen is preferred',
      s: situation(
        d(13, 'in-progress', 4),
        [d(13, 'in-progress', 4), d(10, 'completed', 1)],
        [10, 12, 13],
        false,
      ),
      want: 10,
    },
  ])('$name', ({ s, want }) => {
    expect(chooseRollbackTarget(s).revision).toBe(want);
  });

  it('says the revision was chosen by registration order', () => {
    const s = situation(d(13, 'completed', 4), [d(13, 'completed', 4)], [12, 13], false);
    expect(chooseRollbackTarget(s).why).toBe(
      'web-production:13 is completed; no deployment history is available, so web-production:12, the revision registered before it, is used',
    );
  });

  it('still refuses when there is no earlier revision', () => {
    expect(() => chooseRollbackTarget(situation(d(1, 'completed', 1), [], [1], false))).toThrow(
      /no earlier revision/,
    );
  });
});

describe('chooseRollbackTarget --to', () => {
  const s = situation(d(13, 'completed', 4), [d(12, 'completed', 2), d(13, 'completed', 4)]);
  it('takes any registered revision', () => {
    expect(chooseRollbackTarget(s, 10)).toMatchObject({ revision: 10, taskDefinition: 'web-production:10' });
  });
  it('takes the current revision when it is stuck (re-deploy it)', () => {
    const stuck = situation(d(13, 'in-progress', 4), [d(13, 'in-progress', 4)]);
    expect(chooseRollbackTarget(stuck, 13).revision).toBe(13);
  });
  it('refuses the revision already running', () => {
    expect(() => chooseRollbackTarget(s, 13)).toThrow('web-production:13 is already running');
  });
  it('refuses an unregistered revision and lists the registered ones', () => {
    try {
      chooseRollbackTarget(s, 7);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toBe('--to 7: web-production:7 is not a registered revision');
      expect((e as { hint: string }).hint).toBe(
        'registered revisions: web-production:13, web-production:12, web-production:11, web-production:10',
      );
    }
  });
});

describe('parseRevision', () => {
  it.each([
    ['12', 12],
    [' 3 ', 3],
    ['web-production:12', 12],
  ])('%s → %d', (input, want) => {
    expect(parseRevision(input, 'web-production')).toBe(want);
  });
  it.each(['0', '-1', 'twelve', '1.5', 'web-beta:12', 'latest', ''])('rejects %j', (input) => {
    expect(() => parseRevision(input, 'web-production')).toThrow(
      /expected a revision number of web-production/,
    );
  });
});
