// The wait loop and the renderer, driven by scripted poll results (the
// RolloutPoller interface is ours; the AWS side is covered end to end).
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RolloutVerdict } from '../../src/deploy/rollout-verdict.js';
import {
  chooseProgressMode,
  createProgressDisplay,
  type ProgressMode,
} from '../../src/progress/progress-display.js';
import { rolloutProgress } from '../../src/progress/rollout-progress.js';
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

/** A rollout on the command's one progress display, in the mode the command would pick. */
const renderer = (stream: ReturnType<typeof capture>['stream'], mode?: ProgressMode) =>
  rolloutProgress(createProgressDisplay(stream, mode ?? chooseProgressMode(stream, {})));

describe('rolloutProgress on the progress display', () => {
  it('prints events and changed progress as plain lines when not on a terminal', () => {
    const out = capture(false);
    const r = renderer(out.stream);
    r.line('created cluster demo');
    r.onPoll(poll(inProgress, { events: [{ id: '1', createdAt: '', message: 'has started 1 tasks' }] }));
    r.onPoll(poll(inProgress));
    r.onPoll(poll(undefined, { throttled: true }));
    r.onPoll(poll(succeeded));
    r.done();
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

  it('rewrites the status line in place on a terminal, lines going above it', () => {
    const out = capture(true);
    const r = renderer(out.stream);
    r.onPoll(poll(inProgress));
    r.onPoll(poll(succeeded, { events: [{ id: '2', createdAt: '', message: 'reached a steady state' }] }));
    r.done();
    expect(out.text()).toBe(
      [
        '\x1b[2K  in progress, running 0/1, pending 1, old tasks 1\n',
        // The event goes above the status: erase the status, print the line, draw the status again.
        '\x1b[1A\x1b[0J  event: reached a steady state\n\x1b[2K  in progress, running 0/1, pending 1, old tasks 1\n',
        '\x1b[1A\x1b[2K  completed, running 1/1\n',
        // done: the status line goes.
        '\x1b[1A\x1b[0J',
      ].join(''),
    );
  });

  it('shares the terminal with the build: finished tasks stay, the rollout draws below them', () => {
    const out = capture(true);
    const display = createProgressDisplay(out.stream, 'tty');
    display.sink({ id: 'app', label: 'app', state: 'done', total: 10 });
    display.finish();
    rolloutProgress(display).line('pushed demo@sha256:ab');
    expect(out.text()).toBe('\x1b[2K✓ app  10 B\npushed demo@sha256:ab\n');
  });

  it("follows the build progress's mode: plain lines on a terminal in CI (SHIP_PROGRESS=plain), nothing when silent", () => {
    const out = capture(true);
    const r = renderer(out.stream, chooseProgressMode(out.stream, { CI: 'true' }));
    r.onPoll(poll(inProgress));
    r.onPoll(poll(succeeded));
    r.done();
    expect(out.text()).not.toContain('\x1b');
    expect(out.text().split('\n')).toHaveLength(3);
    const silent = capture(true);
    const quiet = renderer(silent.stream, 'silent');
    quiet.line('created cluster demo');
    quiet.onPoll(poll(succeeded));
    expect(silent.text()).toBe('');
  });
});
