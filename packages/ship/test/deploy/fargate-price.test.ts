import { describe, expect, it } from 'vitest';
import { formatMonthlyCost, monthlyCost, priceTableDate } from '../../src/deploy/fargate-price.js';

describe('monthlyCost', () => {
  it.each([
    // region, platform, cpu, memory, tasks, fargate/month
    ['us-east-1', 'X86_64', 256, 512, 1, 9.01],
    ['us-east-1', 'X86_64', 1024, 2048, 2, 72.08],
    ['us-east-1', 'ARM64', 1024, 2048, 2, 57.67],
    ['eu-central-1', 'X86_64', 512, 1024, 1, 20.72],
    ['us-east-1', 'X86_64', 256, 512, 0, 0],
  ] as const)('%s %s %i/%i × %i ≈ $%d', (region, platform, cpu, memory, tasks, expected) => {
    const cost = monthlyCost({ region, platform, size: { cpu, memory }, tasks, loadBalancer: 'none' });
    expect(cost.fargate).toBeCloseTo(expected, 1);
    expect(cost.tableDate).toBe(priceTableDate);
  });

  it('ARM64 is cheaper than X86_64 for the same size', () => {
    const input = {
      region: 'us-east-1',
      size: { cpu: 512, memory: 1024 },
      tasks: 1,
      loadBalancer: 'none',
    } as const;
    expect(monthlyCost({ ...input, platform: 'ARM64' }).fargate!).toBeLessThan(
      monthlyCost({ ...input, platform: 'X86_64' }).fargate!,
    );
  });

  it('adds the ALB hours or one public IPv4 address per task', () => {
    const base = {
      region: 'us-east-1',
      platform: 'X86_64',
      size: { cpu: 256, memory: 512 },
      tasks: 2,
    } as const;
    expect(monthlyCost({ ...base, loadBalancer: 'alb' }).frontDoor).toBeCloseTo(16.43, 2);
    expect(monthlyCost({ ...base, loadBalancer: 'none' }).frontDoor).toBeCloseTo(7.3, 2);
  });

  it('states the table date, and says so when a region is not in the table', () => {
    const size = { cpu: 256, memory: 512 };
    const known = monthlyCost({
      region: 'us-east-1',
      platform: 'X86_64',
      size,
      tasks: 1,
      loadBalancer: 'none',
    });
    expect(formatMonthlyCost(known, size, 1)).toBe(
      `≈ $12.66/month: $9.01 Fargate (1 × 0.25 vCPU/0.5 GB X86_64 in us-east-1, prices of ${priceTableDate}) + $3.65 1 public IPv4 address(es)`,
    );
    const unknown = monthlyCost({
      region: 'mars-north-1',
      platform: 'X86_64',
      size,
      tasks: 1,
      loadBalancer: 'none',
    });
    expect(unknown.fargate).toBeUndefined();
    expect(formatMonthlyCost(unknown, size, 1)).toContain(
      "mars-north-1 is not in ship's Fargate price table",
    );
  });
});
