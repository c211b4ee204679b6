// Fargate task sizes: the published table of valid CPU/memory pairs, and the
// nearest valid sizes when a choice is not in it. Pure.

export interface FargateSize {
  /** CPU units (1024 = 1 vCPU). */
  cpu: number;
  /** Memory in MiB. */
  memory: number;
}

interface CpuRow {
  cpu: number;
  /** Allowed memory values in MiB, ascending. */
  memory: number[];
}

const GiB = 1024;
const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size */
export const fargateSizeTable: readonly CpuRow[] = [
  { cpu: 256, memory: [512, 1 * GiB, 2 * GiB] },
  { cpu: 512, memory: range(1 * GiB, 4 * GiB, GiB) },
  { cpu: 1024, memory: range(2 * GiB, 8 * GiB, GiB) },
  { cpu: 2048, memory: range(4 * GiB, 16 * GiB, GiB) },
  { cpu: 4096, memory: range(8 * GiB, 30 * GiB, GiB) },
  { cpu: 8192, memory: range(16 * GiB, 60 * GiB, 4 * GiB) },
  { cpu: 16384, memory: range(32 * GiB, 120 * GiB, 8 * GiB) },
];

export const fargateCpuValues: readonly number[] = fargateSizeTable.map((row) => row.cpu);

export type SizeCheck =
  | { valid: true }
  | {
      valid: false;
      /** Why, e.g. "Fargate allows 1024–4096 MiB with 512 CPU units". */
      reason: string;
      /** Valid sizes closest to the request, best first. */
      nearest: FargateSize[];
    };

export function checkFargateSize(size: FargateSize): SizeCheck {
  const row = fargateSizeTable.find((r) => r.cpu === size.cpu);
  if (row?.memory.includes(size.memory)) return { valid: true };
  const nearest = nearestFargateSizes(size);
  if (!row) {
    return {
      valid: false,
      reason: `Fargate allows ${fargateCpuValues.join(', ')} CPU units`,
      nearest,
    };
  }
  const first = row.memory[0]!;
  const last = row.memory[row.memory.length - 1]!;
  const step = row.memory.length > 1 ? row.memory[1]! - first : 0;
  const steps = row.memory.length > 3 && step !== GiB ? ` in ${step / GiB} GiB steps` : '';
  const allowed = row.memory.length <= 3 ? row.memory.join('/') + ' MiB' : `${first}–${last} MiB${steps}`;
  return { valid: false, reason: `Fargate allows ${allowed} with ${row.cpu} CPU units`, nearest };
}

/**
 * The valid sizes nearest the request: first the one that keeps the CPU (or
 * the closest CPU) and adjusts memory, then the one that keeps the memory and
 * adjusts CPU. A request that is too small is rounded up, not down, within a row.
 */
export function nearestFargateSizes(size: FargateSize): FargateSize[] {
  const byCpu = closestRow(size.cpu);
  const keepCpu: FargateSize = { cpu: byCpu.cpu, memory: closestAtLeast(byCpu.memory, size.memory) };
  const rowsWithMemory = fargateSizeTable.filter((r) => r.memory.includes(size.memory));
  const keepMemory = rowsWithMemory
    .map((r) => ({ cpu: r.cpu, memory: size.memory }))
    .sort((a, b) => Math.abs(a.cpu - size.cpu) - Math.abs(b.cpu - size.cpu))[0];
  const out = [keepCpu];
  if (keepMemory && (keepMemory.cpu !== keepCpu.cpu || keepMemory.memory !== keepCpu.memory)) {
    out.push(keepMemory);
  }
  return out;
}

function closestRow(cpu: number): CpuRow {
  let best = fargateSizeTable[0]!;
  for (const row of fargateSizeTable) {
    if (Math.abs(row.cpu - cpu) < Math.abs(best.cpu - cpu)) best = row;
  }
  return best;
}

function closestAtLeast(values: number[], wanted: number): number {
  const above = values.find((v) => v >= wanted);
  if (above === undefined) return values[values.length - 1]!;
  const index = values.indexOf(above);
  const below = index > 0 ? values[index - 1] : undefined;
  // Round to the closer neighbour; ties go up (more memory is the safer choice).
  return below !== undefined && wanted - below < above - wanted ? below : above;
}

export const formatSize = (size: FargateSize): string => `${size.cpu}/${size.memory}`;

export function describeSize(size: FargateSize): string {
  const vcpu = size.cpu / 1024;
  const gb = size.memory / 1024;
  return `${vcpu} vCPU, ${gb} GB`;
}
