// Autoscaling applied by the real `ship deploy` from ship.config.json's
// `autoscaling` block, shown by `ship status`, and removed with the block.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAws, startFakeAws } from '../fake-aws/index.js';
import { sdkConfig } from '../fake-aws/sdk-config.js';
import { type ShipWorkspace, shipWorkspace } from './support/ship-cli.js';

const image = (c: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${c.repeat(64)}`;

describe('autoscaling applied by ship deploy', { timeout: 300_000 }, () => {
  let fake: FakeAws;
  let ws: ShipWorkspace;
  let client: ApplicationAutoScalingClient;
  beforeAll(async () => {
    fake = await startFakeAws({ pollsToStable: 2 });
    ws = await shipWorkspace(fake, {
      app: 'api',
      loadBalancer: 'alb',
      autoscaling: { min: 2, max: 6, requestsPerTarget: 300 },
    });
    client = new ApplicationAutoScalingClient(sdkConfig(fake));
  });
  afterAll(async () => {
    client?.destroy();
    await ws?.remove();
    await fake?.close();
  });

  it('registers the scalable target with the configured bounds and a requests-per-target policy', async () => {
    const deployed = await ws.run(['deploy', '--env', 'production', '--image', image('1'), '--yes']);
    expect(deployed.stderr).not.toContain('✘');
    expect(deployed.code).toBe(0);
    expect(deployed.stderr).toContain('autoscaling 2–6 tasks, holding 300 requests per task per minute');
    const targets = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(targets.ScalableTargets?.map((t) => [t.ResourceId, t.MinCapacity, t.MaxCapacity])).toEqual([
      ['service/api/api-production', 2, 6],
    ]);
    const policies = await client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }));
    const tracking = policies.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration;
    expect(tracking?.TargetValue).toBe(300);
    expect(tracking?.PredefinedMetricSpecification?.PredefinedMetricType).toBe('ALBRequestCountPerTarget');
    expect(tracking?.PredefinedMetricSpecification?.ResourceLabel).toMatch(
      /^app\/api\/[^/]+\/targetgroup\/api-production\/[^/]+$/,
    );
    const status = JSON.parse((await ws.run(['status', '--env', 'production', '--json'])).stdout);
    expect(status.autoscaling).toEqual({
      min: 2,
      max: 6,
      metric: 'ALBRequestCountPerTarget',
      targetValue: 300,
    });
  });

  it('switching to CPU replaces the policy; removing the block removes ship’s scaling', async () => {
    await writeFile(
      join(ws.dir, 'ship.config.json'),
      JSON.stringify({ app: 'api', loadBalancer: 'alb', autoscaling: { min: 1, max: 3, cpuTarget: 55 } }),
    );
    // plan shows the scaling change before deploy makes it, and nothing once it is made.
    const planned = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(
      '~ autoscaling: 2–6 tasks, holding 300 requests per task per minute → 1–3 tasks, holding 55 % average CPU',
    );
    expect(planned.stdout).not.toContain('nothing to change');
    expect((await ws.run(['deploy', '--env', 'production', '--image', image('1'), '--yes'])).code).toBe(0);
    const after = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(after.stdout).not.toContain('autoscaling');
    expect(after.stdout).toContain('nothing to change');
    const policies = await client.send(new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs' }));
    expect(policies.ScalingPolicies?.map((p) => p.PolicyName)).toEqual(['api-production-cpu']);

    await writeFile(join(ws.dir, 'ship.config.json'), JSON.stringify({ app: 'api', loadBalancer: 'alb' }));
    const removal = await ws.run(['plan', '--env', 'production', '--image', image('1')]);
    expect(removal.stdout).toContain(
      '- remove autoscaling (1–3 tasks, holding 55 % average CPU), if ship set it up',
    );
    const removed = await ws.run(['deploy', '--env', 'production', '--image', image('1'), '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('autoscaling removed');
    const targets = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(targets.ScalableTargets).toEqual([]);
  });
});
