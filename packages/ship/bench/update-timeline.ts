// `npm run bench -w @ebov-dash/ship` (after build-push): the modelled
// timeline of one code-only update, from `ship deploy` to all traffic on the
// new revision, for rolling, canary and express (src/deploy/update-timeline.ts).
// Every phase prints the source of its number. Rolling target: ≤ 90 s.
import { fastHealthCheck } from '../src/aws/elbv2/target-groups.js';
import { releaseOf } from '../src/deploy/release.js';
import {
  releaseTimeline,
  releaseTitle,
  renderTimeline,
  type TimelineSettings,
  totalSeconds,
  type UpdateStrategy,
  updateTimeline,
} from '../src/deploy/update-timeline.js';
import { defaultPollIntervalMs } from '../src/rollout/deploy-service.js';

/** ship's own settings and the figures measured in this repository. */
const shipSettings: TimelineSettings = {
  buildPushSeconds: 5,
  apiSeconds: 1,
  taskStartSeconds: 30,
  appReadySeconds: 1,
  healthCheckIntervalSeconds: fastHealthCheck.intervalSeconds,
  healthyThreshold: fastHealthCheck.healthyThreshold,
  deregistrationDelaySeconds: fastHealthCheck.deregistrationDelaySeconds,
  pollSeconds: defaultPollIntervalMs / 1000,
  canaryPercent: 5,
  canaryBakeMinutes: 3,
  bakeMinutes: 0,
};

const rollingTargetSeconds = 90;
for (const strategy of ['rolling', 'canary', 'express'] as UpdateStrategy[]) {
  process.stdout.write(renderTimeline(strategy, updateTimeline(strategy, shipSettings)));
}
// ship's own releases with their defaults (src/deploy/release.ts), as a config would configure them.
for (const strategy of ['canary', 'linear', 'blue-green'] as const) {
  const release = releaseOf({ release: { strategy } });
  process.stdout.write(
    renderTimeline(`ship ${releaseTitle(release)}`, releaseTimeline(release, shipSettings)),
  );
}
const rolling = totalSeconds(updateTimeline('rolling', shipSettings));
process.stdout.write(
  `rolling: ${rolling} s, target ≤ ${rollingTargetSeconds} s: ${rolling <= rollingTargetSeconds ? 'met' : 'MISSED'}\n`,
);
if (rolling > rollingTargetSeconds) process.exitCode = 1;
