// The gamma CDF and quantile against R 4.2.2's pgamma and qgamma (values printed by R,
// 17 significant digits), including the large shapes of Rt posteriors where the npm
// library we tried first is off by 3e-4.
import { describe, expect, it } from 'vitest';
import {
  gammaCdf,
  gammaQuantile,
  lnGamma,
  regularizedLowerGamma,
} from '../../src/core/gamma-distribution.js';

// R: qgamma(p, a, scale = 0.37)
const QUANTILES: [number, number, number][] = [
  [0.5, 1e-10, 2.905973204570553e-21],
  [0.5, 0.025, 0.00018168278667742238],
  [0.5, 0.5, 0.084163238277120966],
  [0.5, 0.975, 0.92941894465325359],
  [1, 1e-10, 3.7000000001849959e-11],
  [1, 0.025, 0.0093675889541872549],
  [1, 0.5, 0.25646445680717977],
  [1, 0.975, 1.364885398022156],
  [1.6, 1e-10, 2.6014506494735807e-7],
  [1.6, 0.025, 0.048491489117921859],
  [1.6, 0.5, 0.47426457083460083],
  [1.6, 0.975, 1.7978896031728329],
  [2.5, 1e-10, 5.9820807205619322e-5],
  [2.5, 0.025, 0.15377414849503257],
  [2.5, 0.5, 0.80502013535267236],
  [2.5, 0.975, 2.3740128688955551],
  [11.1, 1e-10, 0.24275148444428366],
  [11.1, 0.025, 2.0577618713160888],
  [11.1, 0.5, 3.9843469043922926],
  [11.1, 0.975, 6.8524431913405008],
  [100, 1e-10, 18.0867440599045],
  [100, 0.025, 30.104676762841564],
  [100, 0.5, 36.876740020146705],
  [100, 0.975, 44.595710668667529],
  [1000, 1e-10, 300.36554220549755],
  [1000, 0.025, 347.42001681084724],
  [1000, 0.5, 369.87667397797713],
  [1000, 0.975, 393.28082595320848],
  [1378, 1e-10, 427.29431681424569],
  [1378, 0.025, 483.29218119763408],
  [1378, 0.5, 509.73667197187592],
  [1378, 0.975, 537.12867539848355],
  [5000, 1e-10, 1688.4046834483024],
  [5000, 0.025, 1799.0728998171126],
  [5000, 0.5, 1849.8766681285017],
  [5000, 0.975, 1901.6279832792043],
  [20000, 1e-10, 7071.9890642812688],
  [20000, 0.025, 7297.79401222461],
  [20000, 0.5, 7399.8766670321056],
  [20000, 0.975, 7502.9068784314331],
  [1e5, 1e-10, 36260.556541215868],
  [1e5, 0.025, 36771.026485585549],
  [1e5, 0.5, 36999.87666673975],
  [1e5, 0.975, 37229.674407086284],
];

// R: pgamma(x, a)
const CDF: [number, number, number][] = [
  [0.5, 0.10000000000000001, 0.34527915398142295],
  [0.5, 1, 0.84270079294971556],
  [0.5, 0.5, 0.68268949213708596],
  [0.5, 2.6213203435596428, 0.97796020471878176],
  [0.5, 11.5, 0.99999837998601748],
  [1.6, 0.10000000000000001, 0.01652705309149774],
  [1.6, 1, 0.3910190162386501],
  [1.6, 1.6000000000000001, 0.60497821297177179],
  [1.6, 5.3947331922020556, 0.98457074069226813],
  [1.6, 14.800000000000001, 0.99999781054678294],
  [11.1, 0.10000000000000001, 1.4214940666810991e-19],
  [11.1, 1, 7.8610122743976639e-9],
  [11.1, 11.1, 0.5399301000718193],
  [11.1, 21.094998749374611, 0.99359880966384417],
  [11.1, 43.299999999999997, 0.99999999851017563],
  [1000, 0.10000000000000001, 0],
  [1000, 1, 0],
  [1000, 1000, 0.50420524418021551],
  [1000, 1094.8683298050514, 0.9982527544985349],
  [1000, 3010, 1],
  [20000, 0.10000000000000001, 0],
  [20000, 1, 0],
  [20000, 20000, 0.50094031623374935],
  [20000, 20424.264068711927, 0.99856532367450812],
  [20000, 60010, 1],
];

// R: lgamma(x)
const LN_GAMMA: [number, number][] = [
  [1e-300, 690.77552789821368],
  [1e-10, 23.025850929882736],
  [0.001, 6.9071788853838534],
  [0.1, 2.252712651734206],
  [0.5, 0.57236494292470008],
  [1, 0],
  [1.5, -0.12078223763524518],
  [1.6, -0.11259176569675577],
  [2, 0],
  [2.5, 0.28468287047291918],
  [3.7, 1.4280723266653881],
  [9.99, 12.779315214350193],
  [14.5, 23.86276584168909],
  [15, 25.191221182738683],
  [15.5, 26.536914491115613],
  [100, 359.1342053695754],
  [1234.5, 7550.5509010778942],
  [20000, 178065.71824964616],
  [1e6, 12815504.569147611],
  [1e10, 220258509288.81058],
];

const relative = (ours: number, theirs: number) =>
  theirs === 0 ? Math.abs(ours) : Math.abs(ours / theirs - 1);

describe('lnGamma = R lgamma', () => {
  it.each(LN_GAMMA)('ln Γ(%d) = %d', (x, expected) => {
    // What the CDF needs is a small absolute error (ln Γ is subtracted in an exponent).
    expect(Math.abs(lnGamma(x) - expected)).toBeLessThan(1e-14 * Math.max(1, Math.abs(expected)));
  });

  it.each([0, -1, Number.NaN])('is NaN at %d', (x) => {
    expect(lnGamma(x)).toBeNaN();
  });
});

// R: qgamma(p, a, scale = 0.37) where ours switches to Wilson–Hilferty (a ≥ 1e7).
const LARGE_QUANTILES: [number, number, number][] = [
  [1e7, 0.025, 3697707.108847179],
  [1e7, 0.975, 3702293.5920459921],
  [1e9, 0.025, 369977067.93425333],
  [1e9, 0.975, 370022932.76663983],
  [1e12, 0.025, 369999274813.67615],
  [1e12, 0.975, 370000725187.02472],
];

describe('gammaQuantile = R qgamma', () => {
  // (Their cost does not grow with the shape: reproduction-number.test.ts bounds the time of Rt on huge counts.)
  it.each(LARGE_QUANTILES)('shape %d, p %d (Wilson–Hilferty)', (shape, p, expected) => {
    expect(relative(gammaQuantile(p, shape, 0.37), expected)).toBeLessThan(1e-11);
    expect(relative(gammaCdf(expected, shape, 0.37), p)).toBeLessThan(1e-8);
  });

  it.each(QUANTILES)('shape %d, p %d', (shape, p, expected) => {
    expect(relative(gammaQuantile(p, shape, 0.37), expected)).toBeLessThan(1e-11);
  });

  it('inverts the CDF across shapes from 0.1 to 1e5', () => {
    for (const shape of [0.1, 0.7, 1, 3.3, 47, 812, 12_345, 1e5]) {
      for (const p of [1e-6, 0.01, 0.025, 0.3, 0.5, 0.9, 0.975, 0.999999]) {
        expect(relative(gammaCdf(gammaQuantile(p, shape, 2), shape, 2), p)).toBeLessThan(1e-9);
      }
    }
  });

  it('reaches tiny quantiles of small shapes (R: qgamma(1e-6, 0.1, scale = 2) = 1.2146096724815908e-60)', () => {
    expect(relative(gammaQuantile(1e-6, 0.1, 2), 1.2146096724815908e-60)).toBeLessThan(1e-11);
  });

  it.each([
    [0, 2, 1, 0],
    [1, 2, 1, Number.POSITIVE_INFINITY],
    [-0.1, 2, 1, Number.NaN],
    [1.1, 2, 1, Number.NaN],
    [0.5, 0, 1, Number.NaN],
    [0.5, 2, -1, Number.NaN],
    [Number.NaN, 2, 1, Number.NaN],
  ])('quantile(%d, %d, %d) = %d', (p, shape, scale, expected) => {
    expect(gammaQuantile(p, shape, scale)).toBe(expected);
  });
});

describe('gammaCdf = R pgamma', () => {
  it.each(CDF)('shape %d at %d', (shape, x, expected) => {
    expect(relative(gammaCdf(x, shape, 1), expected)).toBeLessThan(1e-11);
  });

  it.each([
    [-1, 2, 0],
    [0, 2, 0],
    [Number.POSITIVE_INFINITY, 2, 1],
    [1, 0, Number.NaN],
    [Number.NaN, 2, Number.NaN],
  ])('P(%d; shape %d) = %d', (x, shape, expected) => {
    expect(regularizedLowerGamma(shape, x)).toBe(expected);
  });
});
