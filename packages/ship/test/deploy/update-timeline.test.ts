// The modelled update timeline: phases add up, each strategy has its steps,
// and with ship's own target group settings a rolling code-only update puts
// all traffic on the new revision within 90 s.
import { describe, expect, it } from 'vitest';
import { fastHealthCheck } from '../../src/aws/elbv2/target-groups.js';
import { releaseMinutes, releaseOf } from '../../src/deploy/release.js';
import {
  releaseTimeline,
  renderTimeline,
  secondsToAllTraffic,
  type TimelineSettings,
  totalSeconds,
  updateTimeline,
} from '../../src/deploy/update-timeline.js';

const settings: TimelineSettings = {
  buildPushSeconds: 5,
  apiSeconds: 1,
  taskStartSeconds: 30,
  appReadySeconds: 1,
  healthCheckIntervalSeconds: fastHealthCheck.intervalSeconds,
  healthyThreshold: fastHealthCheck.healthyThreshold,
  deregistrationDelaySeconds: fastHealthCheck.deregistrationDelaySeconds,
  pollSeconds: 5,
  canaryPercent: 10,
  canaryBakeMinutes: 2,
  bakeMinutes: 1,
};

describe('update timeline', () => {
  it("rolling with ship's target group settings: all traffic moved in ≤ 90 s, health checks as configured", () => {
    const phases = updateTimeline('rolling', settings);
    expect(totalSeconds(phases)).toBeLessThanOrEqual(90);
    expect(phases.find((p) => p.name.startsWith('ALB health checks'))?.seconds).toBe(
      fastHealthCheck.healthyThreshold * fastHealthCheck.intervalSeconds,
    );
    expect(secondsToAllTraffic(phases)).toBe(5 + 1 + 30 + 1 + 10);
  });

  it.each([
    ['rolling', []],
    ['canary', ['shift 10 % of traffic, bake 2 min', 'shift 100 % of traffic, bake 1 min']],
    ['express', ['shift 5 % of traffic, bake 3 min', 'shift 100 % of traffic, bake 0 min']],
  ] as const)('%s shifts traffic in its steps', (strategy, shifts) => {
    const phases = updateTimeline(strategy, settings);
    expect(phases.filter((p) => p.name.startsWith('shift')).map((p) => p.name)).toEqual(shifts);
    expect(phases.every((p) => p.source.length > 0)).toBe(true);
  });

  it('canary costs its bakes on top of rolling', () => {
    const rolling = totalSeconds(updateTimeline('rolling', settings));
    expect(totalSeconds(updateTimeline('canary', settings))).toBe(rolling + 2 * 60 + 60);
  });

  it('prints each phase with a running clock', () => {
    const text = renderTimeline('rolling', updateTimeline('rolling', settings));
    expect(text.split('\n')[0]).toBe('rolling: 62 s (all traffic on the new revision at 47 s)');
    expect(text).toMatch(/\+10 s +47 s +ALB health checks: 2 × 5 s/);
  });

  it('a configured release: every traffic step and bake from ship.config.json, on top of rolling', () => {
    const linear = releaseOf({
      release: { strategy: 'linear', linear: { stepPercent: 25, intervalMinutes: 2 }, bakeMinutes: 4 },
    });
    const phases = releaseTimeline(linear, settings);
    expect(phases.filter((p) => p.name.startsWith('shift')).map((p) => p.name)).toEqual([
      'shift 25 % of traffic, bake 2 min',
      'shift 50 % of traffic, bake 2 min',
      'shift 75 % of traffic, bake 2 min',
      'shift 100 % of traffic',
    ]);
    expect(phases.map((p) => p.name)).toContain('bake 4 min at 100 % before the old revision stops');
    const rolling = totalSeconds(updateTimeline('rolling', settings));
    expect(totalSeconds(phases)).toBe(rolling + releaseMinutes(linear) * 60);
    // All new requests are on the new revision after the steps, before the final bake.
    expect(secondsToAllTraffic(phases)).toBe(
      secondsToAllTraffic(updateTimeline('rolling', settings)) + 3 * 2 * 60,
    );
    expect(releaseTimeline(releaseOf({}), settings)).toEqual(updateTimeline('rolling', settings));
  });
});
