// The wait loop and the renderer, driven by scripted poll results (the
// RolloutPoller interface is ours; the AWS side is covered end to end).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RolloutVerdict } from '../../src/deploy/rollout-verdict.js';
import { chooseProgressMode } from '../../src/progress/progress-display.js';
import { createProgressRenderer } from '../../src/wait/progress-renderer.js';
import { type PollResult, type RolloutPoller, waitForRollout } from '../../src/wait/rollout-poller.js';

const progress = { rolloutState: 'IN_PROGRESS', desired: 1, running: 0, pending: 1, failed: 0, draining: 1 };
const inProgress: RolloutVerdict = { state: 'in-progress', progress };
const succeeded: RolloutVerdict = {
  state: 'succeeded',
  progress: { ...progress, rolloutState: 'COMPLETED', running: 1, pending: 0, draining: 0 },
};

function scripted(results: PollResult[]): RolloutPoller & { calls: number } {
  const poller = {
    calls: 0,
    async fetch() {
      const result = results[Math.min(poller.calls, results.length - 1)]!;
      poller.calls += 1;
      return result;
    },
  };
  return poller;
}

const poll = (verdict: RolloutVerdict | undefined, extra: Partial<PollResult> = {}): PollResult => ({
  done: verdict !== undefined && verdict.state !== 'in-progress',
  next: 1000,
  verdict,
  events: [],
  ...extra,
});

function clock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

describe('waitForRollout', () => {
  it('polls at the pace the poller asks for until a verdict', async () => {
    const c = clock();
    const poller = scripted([
      poll(inProgress),
      poll(undefined, { throttled: true, next: 4000 }),
      poll(inProgress),
      poll(succeeded),
    ]);
    const result = await waitForRollout(poller, { timeoutMs: 60_000, sleep: c.sleep, now: c.now });
    expect(result).toEqual({ timedOut: false, verdict: succeeded });
    expect(c.slept).toEqual([1000, 4000, 1000]);
  });

  it('gives up at the deadline and returns the last verdict', async () => {
    const c = clock();
    const result = await waitForRollout(scripted([poll(inProgress)]), {
      timeoutMs: 5_500,
      sleep: c.sleep,
      now: c.now,
    });
    expect(result).toEqual({ timedOut: true, verdict: inProgress });
    expect(c.slept).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('stops at a rollback', async () => {
    const c = clock();
    const rolledBack: RolloutVerdict = {
      state: 'rolled-back',
      progress,
      reason: 'circuit breaker',
      runningRevision: 'x:1',
    };
    const result = await waitForRollout(scripted([poll(inProgress), poll(rolledBack)]), {
      timeoutMs: 60_000,
      sleep: c.sleep,
      now: c.now,
    });
    expect(result.verdict?.state).toBe('rolled-back');
  });
});

function capture(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

describe('createProgressRenderer', () => {
  it('prints events and changed progress as plain lines when not on a terminal', () => {
    const out = capture(false);
    const renderer = createProgressRenderer(out.stream);
    renderer.line('created cluster demo');
    renderer.onPoll(
      poll(inProgress, { events: [{ id: '1', createdAt: '', message: 'has started 1 tasks' }] }),
    );
    renderer.onPoll(poll(inProgress));
    renderer.onPoll(poll(undefined, { throttled: true }));
    renderer.onPoll(poll(succeeded));
    renderer.done();
    expect(out.text()).toBe(
      [
        'created cluster demo',
        '  event: has started 1 tasks',
        '  in progress, running 0/1, pending 1, old tasks 1',
        '  in progress, running 0/1, pending 1, old tasks 1 (AWS is throttling; backing off)',
        '  completed, running 1/1',
        '',
      ].join('\n'),
    );
  });

  it('rewrites one status line on a terminal', () => {
    const out = capture(true);
    const renderer = createProgressRenderer(out.stream);
    renderer.onPoll(poll(inProgress));
    renderer.onPoll(poll(succeeded));
    renderer.done();
    expect(out.text()).toContain('\r\x1b[2K');
    expect(out.text().split('\n')).toHaveLength(1);
  });

  it("follows the build progress's mode: plain lines on a terminal in CI (SHIP_PROGRESS=plain), nothing when silent", () => {
    const out = capture(true);
    const renderer = createProgressRenderer(out.stream, {
      mode: chooseProgressMode(out.stream, { CI: 'true' }),
    });
    renderer.onPoll(poll(inProgress));
    renderer.onPoll(poll(succeeded));
    renderer.done();
    expect(out.text()).not.toContain('\r');
    expect(out.text().split('\n')).toHaveLength(3);
    const silent = capture(true);
    createProgressRenderer(silent.stream, { mode: 'silent' }).onPoll(poll(succeeded));
    expect(silent.text()).toBe('');
  });

  it('is silent when quiet (--json)', () => {
    const out = capture(false);
    const renderer = createProgressRenderer(out.stream, { quiet: true });
    renderer.line('created cluster demo');
    renderer.onPoll(poll(succeeded));
    expect(out.text()).toBe('');
  });
});
