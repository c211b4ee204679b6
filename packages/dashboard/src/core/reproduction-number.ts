// The instantaneous reproduction number Rt of Cori et al. (2013), exactly as
// EpiEstim 2.2-4 computes estimate_R(incid, method = "parametric_si") for an
// incidence vector, and the growth rate of the same incidence. Rules (EpiEstim's
// source, R/estimate_R.R and R/discr_si.R; checked against EpiEstim itself in
// test/core/reproduction-number.test.ts with the fixture of test/reference/):
// - All cases of the first time step are imported; later ones are local.
// - w(k), the discretised serial interval, is discr_si(k, mean, sd) for k = 0..T−1:
//   SI − 1 follows a gamma; w(0) = 0.
// - Overall infectivity Λ(t) = Σ_{k=1}^{t−1} w(k) I(t−k), with I the local plus imported cases.
// - Windows end at every step t_end = window + 1 … T (t_start = t_end − window + 1 ≥ 2).
//   A window is estimated only when t_end > the mean of the discretised serial interval
//   (Σ k w(k)); earlier ones are null, as EpiEstim gives NA.
// - Posterior gamma: shape a = a_prior + Σ local I(t), scale b = 1 / (1/b_prior + Σ Λ(t))
//   over the window; mean a·b, quantiles of that gamma, coefficient of variation 1/√a.
// - Growth rate: the least-squares slope of ln I(t) against t over the same window, when
//   it has at least 2 steps and every I(t) > 0; else null.

import { gammaCdf, gammaQuantile } from './gamma-distribution.js';

export interface RtSettings {
  /** Steps per window (t_end − t_start + 1). */
  window: number;
  /** Serial interval mean and SD, in time steps. */
  siMean: number;
  siSd: number;
  priorMean: number;
  priorSd: number;
  /** Lower and upper posterior quantiles. */
  quantiles: readonly [number, number];
}

export interface RtEstimate {
  /** Posterior mean per time step (the window ending there); null where not estimated. */
  mean: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
  /** Posterior coefficient of variation, 1/√shape; null where not estimated. */
  cv: (number | null)[];
  /** Growth rate per time step over the window; null where undefined. */
  growth: (number | null)[];
  /** Mean of the discretised serial interval, in steps: windows must end after it. */
  discreteSiMean: number;
}

/**
 * EpiEstim's discr_si: the probability of a serial interval of k steps when SI − 1 is gamma
 * with mean mu − 1 and SD sigma, spread over (k − 1, k + 1) by a linear kernel.
 */
export function discreteSerialInterval(k: number, mu: number, sigma: number): number {
  if (!(sigma >= 0)) throw new RangeError(`serial interval SD must be ≥ 0, got ${sigma}`);
  if (!(mu > 1)) throw new RangeError(`serial interval mean must be > 1 time step, got ${mu}`);
  if (!(k >= 0)) throw new RangeError(`k must be ≥ 0, got ${k}`);
  const a = ((mu - 1) / sigma) ** 2;
  const b = sigma ** 2 / (mu - 1);
  const cdf = (x: number, shape: number) => gammaCdf(x, shape, b);
  const p =
    k * cdf(k, a) +
    (k - 2) * cdf(k - 2, a) -
    2 * (k - 1) * cdf(k - 1, a) +
    a * b * (2 * cdf(k - 1, a + 1) - cdf(k - 2, a + 1) - cdf(k, a + 1));
  return Math.max(0, p);
}

/** Rt for each time step of `incidence` (counts ≥ 0, the first step all imported). */
export function estimateRt(incidence: readonly number[], s: RtSettings): RtEstimate {
  const T = incidence.length;
  if (incidence.some((x) => !(x >= 0))) throw new RangeError('incidence must be counts ≥ 0');
  const w = Array.from({ length: T }, (_, k) => discreteSerialInterval(k, s.siMean, s.siSd));
  const discreteSiMean = w.reduce((sum, wk, k) => sum + wk * k, 0);
  const lambda = incidence.map((_, t) => {
    let sum = 0;
    for (let k = 1; k <= t; k++) sum += w[k]! * incidence[t - k]!;
    return sum;
  });
  const aPrior = (s.priorMean / s.priorSd) ** 2;
  const bPrior = s.priorSd ** 2 / s.priorMean;
  const empty = () => incidence.map((): number | null => null);
  const result: RtEstimate = {
    mean: empty(),
    lower: empty(),
    upper: empty(),
    cv: empty(),
    growth: empty(),
    discreteSiMean,
  };
  // 0-based: step t is EpiEstim's t + 1; the first window starts at EpiEstim's t_start = 2.
  for (let end = s.window; end < T; end++) {
    const start = end - s.window + 1;
    result.growth[end] = growthRate(incidence, start, end);
    if (!(end + 1 > discreteSiMean)) continue;
    let cases = 0;
    let infectivity = 0;
    for (let t = start; t <= end; t++) {
      cases += incidence[t]!;
      infectivity += lambda[t]!;
    }
    const shape = aPrior + cases;
    const scale = 1 / (1 / bPrior + infectivity);
    // Counts past 1e300 (only a broken file has them) overflow: no estimate rather than NaN.
    if (!Number.isFinite(shape) || !(scale > 0)) continue;
    result.mean[end] = shape * scale;
    result.lower[end] = gammaQuantile(s.quantiles[0], shape, scale);
    result.upper[end] = gammaQuantile(s.quantiles[1], shape, scale);
    result.cv[end] = 1 / Math.sqrt(shape);
  }
  return result;
}

/** Least-squares slope of ln(incidence) over steps start..end; null unless ≥ 2 steps, all > 0. */
export function growthRate(incidence: readonly number[], start: number, end: number): number | null {
  const n = end - start + 1;
  if (n < 2 || start < 0 || end >= incidence.length) return null;
  let sumX = 0;
  let sumY = 0;
  for (let t = start; t <= end; t++) {
    const x = incidence[t]!;
    if (!(x > 0)) return null;
    sumX += t;
    sumY += Math.log(x);
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxy = 0;
  let sxx = 0;
  for (let t = start; t <= end; t++) {
    sxy += (t - meanX) * (Math.log(incidence[t]!) - meanY);
    sxx += (t - meanX) ** 2;
  }
  return sxy / sxx;
}

/** ln 2 / |r| where r has the wanted sign, else null (never infinite). */
export function doublingTime(r: number | null, sign: 1 | -1): number | null {
  if (r === null || !(r * sign > 0)) return null;
  const time = Math.LN2 / Math.abs(r);
  return Number.isFinite(time) ? time : null;
}
