// What a release's progress shows: the share of production traffic on the new
// revision, read from the weights of the production listener rule, and where
// the release is on its path ("canary 10 % → bake 2:41 left → 100 %"). ECS
// alternates the two target groups, so the new revision's group is the one
// that had the lower weight when the deployment began. Pure: weights and
// clock readings in, words out.
import type { Release } from './release.js';

export interface Weight {
  targetGroupArn: string;
  weight: number;
}

/** The target group the new revision gets: the one carrying less traffic before the shift. */
export function newRevisionGroup(initial: Weight[]): string | undefined {
  return [...initial].sort((a, b) => a.weight - b.weight)[0]?.targetGroupArn;
}

/** Percent of the rule's traffic on `group` (0 when the rule has no weight at all). */
export function shareOf(weights: Weight[], group: string): number {
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  if (total === 0) return 0;
  const mine = weights.find((w) => w.targetGroupArn === group)?.weight ?? 0;
  return Math.round((1000 * mine) / total) / 10;
}

const clock = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * The release's path with the current position marked: the share now, the bake
 * left at this step (counted from when ship first saw this share), and the next
 * step. `sinceMs` is when the share was first seen; `nowMs` the present.
 */
export function releaseStatus(release: Release, percent: number, sinceMs: number, nowMs: number): string {
  if (release.strategy === 'rolling') return '';
  const at = release.steps.findIndex((s) => Math.abs(s - percent) < 0.05);
  if (percent === 0 || at === -1) return `${release.strategy}: ${percent} % of traffic on the new revision`;
  const last = at === release.steps.length - 1;
  const bakeMs = (last ? release.bakeMinutes : release.stepBakeMinutes) * 60_000;
  const left = clock(bakeMs - (nowMs - sinceMs));
  const next = last ? 'old revision stops' : `${release.steps[at + 1]} %`;
  return `${release.strategy} ${percent} % → bake ${left} left → ${next}`;
}
