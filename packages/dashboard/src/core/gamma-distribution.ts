// The gamma distribution's CDF and quantile, as R's pgamma and qgamma compute
// them to about 1e-12 relative. Written here because the npm one we tried
// (@stdlib/stats-base-dists-gamma-cdf 0.3.1) is off by 3e-4 near the mean for
// large shapes (pgamma(1062.92, 1000) = 0.97500, stdlib 0.97471), and Rt posteriors
// have shapes in the thousands.
//
// ln Γ(x): Stirling's series from x ≥ 15 (its first omitted term is below 1e-17 there),
// reached by the recurrence Γ(x + 1) = x Γ(x) for smaller x.
//
// P(a, x), the regularised lower incomplete gamma: its power series for x < a + 1,
// else 1 − Q(a, x) with Q's continued fraction (modified Lentz); both converge in
// O(√a) terms; the error grows with a (the prefactor's exponent is about a ln a):
// 1e-11 at a = 1e5, 1e-9 at a = 1e6. The quantile solves P(a, x) = p by Newton steps kept inside a
// bracket that bisection narrows when a step would leave it.

const EPSILON = 1e-16;
const MAX_TERMS = 100_000;

const HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 0;
  let product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
    // Keeps the product finite for tiny x: fold it into the sum every few steps.
    if (product > 1e280 || product < 1e-280) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series =
    inverse *
    (1 / 12 -
      inverse2 *
        (1 / 360 -
          inverse2 * (1 / 1260 - inverse2 * (1 / 1680 - inverse2 * (1 / 1188 - (691 / 360360) * inverse2)))));
  return (x - 0.5) * Math.log(x) - x + HALF_LN_TWO_PI + series - shift;
}

/** ln of x^a e^−x / Γ(a): the factor both expansions share. */
function logPrefactor(a: number, x: number): number {
  return a * Math.log(x) - x - lnGamma(a);
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), for a > 0. */
export function regularizedLowerGamma(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_TERMS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return Math.min(1, sum * Math.exp(logPrefactor(a, x)));
  }
  return Math.max(0, 1 - upperContinuedFraction(a, x));
}

/** Q(a, x) = 1 − P(a, x) by its continued fraction (x ≥ a + 1). */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(logPrefactor(a, x)) * h;
}

/** CDF of the gamma distribution with this shape and scale (R's pgamma(x, shape, scale = scale)). */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return regularizedLowerGamma(shape, x / scale);
}

/** Quantile of the gamma distribution with this shape and scale (R's qgamma(p, shape, scale = scale)). */
export function gammaQuantile(p: number, shape: number, scale: number): number {
  if (!(shape > 0) || !(scale > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = shape + 10 * Math.sqrt(shape) + 40;
  while (regularizedLowerGamma(shape, hi) < p) {
    lo = hi;
    hi *= 2;
  }
  // Start at the mean, or where the lower tail's x^a / (a Γ(a)) reaches p when that is below
  // it (tiny quantiles of small shapes, down to 1e-300, that bisection alone would take long to reach).
  const tail = Math.exp((Math.log(p) + Math.log(shape) + lnGamma(shape)) / shape);
  let x = Math.min(tail > 0 && tail < shape ? tail : shape, hi);
  for (let i = 0; i < 200; i++) {
    const f = regularizedLowerGamma(shape, x) - p;
    if (f === 0) break;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((shape - 1) * Math.log(x) - x - lnGamma(shape));
    let next = x - f / density;
    if (!(next > lo && next < hi)) next = lo + (hi - lo) / 2;
    if (Math.abs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * hi) {
      x = next;
      break;
    }
    x = next;
  }
  return x * scale;
}
