import { describe, expect, it } from 'vitest';
import { checkFargateSize, fargateSizeTable, nearestFargateSizes } from '../../src/deploy/fargate-size.js';

describe('checkFargateSize', () => {
  it.each([
    [256, 512],
    [256, 1024],
    [256, 2048],
    [512, 1024],
    [512, 4096],
    [1024, 2048],
    [1024, 8192],
    [2048, 16384],
    [4096, 8192],
    [4096, 30720],
    [8192, 16384],
    [8192, 20480],
    [8192, 61440],
    [16384, 32768],
    [16384, 40960],
    [16384, 122880],
  ])('accepts %i CPU / %i MiB', (cpu, memory) => {
    expect(checkFargateSize({ cpu, memory })).toEqual({ valid: true });
  });

  it.each([
    [512, 512, 'Fargate allows 1024–4096 MiB with 512 CPU units', ['512/1024', '256/512']],
    [256, 3072, 'Fargate allows 512/1024/2048 MiB with 256 CPU units', ['256/2048', '512/3072']],
    [1024, 1024, 'Fargate allows 2048–8192 MiB with 1024 CPU units', ['1024/2048', '512/1024']],
    [4096, 31744, 'Fargate allows 8192–30720 MiB with 4096 CPU units', ['4096/30720']],
    [
      8192,
      18432,
      'Fargate allows 16384–61440 MiB in 4 GiB steps with 8192 CPU units',
      ['8192/20480', '4096/18432'],
    ],
    [
      16384,
      36864,
      'Fargate allows 32768–122880 MiB in 8 GiB steps with 16384 CPU units',
      ['16384/40960', '8192/36864'],
    ],
    [300, 512, 'Fargate allows 256, 512, 1024, 2048, 4096, 8192, 16384 CPU units', ['256/512']],
    [1000, 2048, 'Fargate allows 256, 512, 1024, 2048, 4096, 8192, 16384 CPU units', ['1024/2048']],
  ])('rejects %i CPU / %i MiB: %s; nearest %j', (cpu, memory, reason, nearest) => {
    const check = checkFargateSize({ cpu, memory });
    expect(check.valid).toBe(false);
    if (check.valid) return;
    expect(check.reason).toBe(reason);
    expect(check.nearest.map((s) => `${s.cpu}/${s.memory}`)).toEqual(nearest);
  });

  it('every nearest suggestion is itself valid', () => {
    for (let cpu = 128; cpu <= 20000; cpu += 997) {
      for (let memory = 256; memory <= 130000; memory += 6007) {
        for (const size of nearestFargateSizes({ cpu, memory })) {
          expect(checkFargateSize(size), `${cpu}/${memory} → ${size.cpu}/${size.memory}`).toEqual({
            valid: true,
          });
        }
      }
    }
  });

  it('has the published row count (3 + 4 + 7 + 13 + 23 + 12 + 12)', () => {
    expect(fargateSizeTable.map((r) => r.memory.length)).toEqual([3, 4, 7, 13, 23, 12, 12]);
  });
});
