// Monthly cost of a Fargate service from a price table per region and CPU
// architecture. Pure: the table is data with its date stated, never fetched.
import type { FargateSize } from './fargate-size.js';

export type Platform = 'X86_64' | 'ARM64';

export interface FargateRate {
  /** USD per vCPU-hour. */
  vcpuHour: number;
  /** USD per GB-hour of memory. */
  gbHour: number;
}

/** When the prices below were read from https://aws.amazon.com/fargate/pricing/ (Linux, on-demand). */
export const priceTableDate = '2026-03';

export const fargatePrices: Readonly<Record<string, Record<Platform, FargateRate>>> = {
  'us-east-1': {
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
  },
  'us-east-2': {
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
  },
  'us-west-2': {
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
  },
  'eu-west-1': {
    X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 },
    ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 },
  },
  'eu-central-1': {
    X86_64: { vcpuHour: 0.04656, gbHour: 0.00511 },
    ARM64: { vcpuHour: 0.03725, gbHour: 0.00409 },
  },
  'eu-west-2': {
    X86_64: { vcpuHour: 0.04656, gbHour: 0.00511 },
    ARM64: { vcpuHour: 0.03725, gbHour: 0.00409 },
  },
  'ap-southeast-1': {
    X86_64: { vcpuHour: 0.05056, gbHour: 0.00553 },
    ARM64: { vcpuHour: 0.04045, gbHour: 0.00442 },
  },
  'ap-northeast-1': {
    X86_64: { vcpuHour: 0.05056, gbHour: 0.00553 },
    ARM64: { vcpuHour: 0.04045, gbHour: 0.00442 },
  },
  'ap-southeast-2': {
    X86_64: { vcpuHour: 0.04856, gbHour: 0.00532 },
    ARM64: { vcpuHour: 0.03885, gbHour: 0.00426 },
  },
};

/** Fixed hourly prices that come with the choice of front door (us-east-1; similar elsewhere). */
export const albHour = 0.0225;
export const publicIpv4Hour = 0.005;
export const hoursPerMonth = 730;

export interface CostInput {
  region: string;
  platform: Platform;
  size: FargateSize;
  tasks: number;
  /** `express`: an ECS Express Mode service on the account's shared load balancer. */
  loadBalancer: 'none' | 'alb' | 'express';
}

/**
 * ECS Express Mode costs nothing of its own: you pay for the Fargate tasks and the Application
 * Load Balancer it makes (ECS Developer Guide, "Amazon ECS Express Mode"; Amazon ECS pricing, 2026).
 * Express services of one account and network share that load balancer, up to 25 per ALB, so a
 * service's share of its hours is between the whole ALB (alone) and 1/25 of it.
 */
export const expressServicesPerAlb = 25;

export interface MonthlyCost {
  /** Fargate compute for all tasks, USD per month; undefined when the region is not in the table. */
  fargate: number | undefined;
  /** Per task, USD per month. */
  perTask: number | undefined;
  /** ALB hours (without LCUs) or the tasks' public IPv4 addresses. */
  frontDoor: number;
  frontDoorLabel: string;
  rate: FargateRate | undefined;
  region: string;
  platform: Platform;
  tableDate: string;
}

export function monthlyCost(input: CostInput): MonthlyCost {
  const rate = fargatePrices[input.region]?.[input.platform];
  const vcpu = input.size.cpu / 1024;
  const gb = input.size.memory / 1024;
  const perTask = rate ? round2((vcpu * rate.vcpuHour + gb * rate.gbHour) * hoursPerMonth) : undefined;
  const frontDoor =
    input.loadBalancer === 'none'
      ? round2(publicIpv4Hour * hoursPerMonth * input.tasks)
      : round2(albHour * hoursPerMonth);
  return {
    fargate: perTask === undefined ? undefined : round2(perTask * input.tasks),
    perTask,
    frontDoor,
    frontDoorLabel:
      input.loadBalancer === 'alb'
        ? 'ALB hours, before LCUs'
        : input.loadBalancer === 'express'
          ? `Express Mode's shared ALB hours, before LCUs, if this is the account's only Express service in its network (${usd(round2((albHour * hoursPerMonth) / expressServicesPerAlb))} with ${expressServicesPerAlb} sharing it)`
          : `${input.tasks} public IPv4 address(es)`,
    rate,
    region: input.region,
    platform: input.platform,
    tableDate: priceTableDate,
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const usd = (n: number): string => `$${n.toFixed(2)}`;

/** One line, e.g. "≈ $9.01/month: 1 × 0.25 vCPU/0.5 GB X86_64 in us-east-1 (Fargate prices of 2026-03) + $3.65 public IPv4". */
export function formatMonthlyCost(cost: MonthlyCost, size: FargateSize, tasks: number): string {
  const what = `${tasks} × ${size.cpu / 1024} vCPU/${size.memory / 1024} GB ${cost.platform} in ${cost.region}`;
  if (cost.fargate === undefined) {
    return `cost: unknown, ${cost.region} is not in ship's Fargate price table (of ${cost.tableDate}); see https://aws.amazon.com/fargate/pricing/`;
  }
  const total = round2(cost.fargate + cost.frontDoor);
  return `≈ ${usd(total)}/month: ${usd(cost.fargate)} Fargate (${what}, prices of ${cost.tableDate}) + ${usd(cost.frontDoor)} ${cost.frontDoorLabel}`;
}
