// The catalogue of `measure` values: what each computes, in words a reader of
// the chart understands, what it applies to and its parameters. /api/meta lists
// it, answers carry the method text, and the query check reads the window range
// from it, so that the three never differ.

import type { MeasureInfo, RtParameters } from './api-types.js';

export const WEEKLY_METHOD =
  'new per ISO epi week (Monday to Sunday): the cumulative count at the last report on or before each Sunday minus the same a week earlier, dated by the Sunday; a week without a new report counts 0 and a negative week is a WHO revision';

export const CORI_2013 =
  'Cori A, Ferguson NM, Fraser C, Cauchemez S. A new framework and software to estimate time-varying reproduction numbers during epidemics. Am J Epidemiol 2013;178:1505–12';
export const WHO_NEJM_2014 =
  'WHO Ebola Response Team. Ebola virus disease in West Africa: the first 9 months of the epidemic and forward projections. N Engl J Med 2014;371:1481–95';

/** Sliding window of the Rt estimate, in weeks. */
export const RT_WINDOW = { default: 2, min: 1, max: 6 } as const;

/** The Rt method's fixed parameters (the window is per query). */
export const RT_PARAMETERS: Omit<RtParameters, 'window'> = {
  serialInterval: {
    distribution: 'gamma',
    meanDays: 15.3,
    sdDays: 9.3,
    meanWeeks: 15.3 / 7,
    sdWeeks: 9.3 / 7,
    discretisation:
      "EpiEstim's discr_si: the interval minus 1 week is gamma (mean 15.3/7 − 1, SD 9.3/7 weeks), and the weight of k weeks is its probability spread over k − 1 to k + 1 by a triangular kernel; 0 weeks weighs 0",
    source: WHO_NEJM_2014,
  },
  prior: { distribution: 'gamma', mean: 5, sd: 5 },
  quantiles: [0.025, 0.975],
  uncertainAboveCv: 0.3,
  growthRate:
    'r per day: the least-squares slope of ln(weekly incidence) over the same window (at least 2 weeks, all above 0), divided by 7; doubling time ln 2 / r days when r > 0, halving time ln 2 / −r days when r < 0',
  references: [CORI_2013, WHO_NEJM_2014],
};

export const RT_METHOD = `instantaneous reproduction number Rt of the weekly incidence (Cori et al. 2013, as EpiEstim's estimate_R with parametric_si): posterior mean and 95 % credible interval over a sliding window of weeks ending at each point; serial interval gamma with mean ${RT_PARAMETERS.serialInterval.meanDays} and SD ${RT_PARAMETERS.serialInterval.sdDays} days (WHO Ebola Response Team 2014); prior gamma with mean ${RT_PARAMETERS.prior.mean} and SD ${RT_PARAMETERS.prior.sd}; weeks with a negative count (revisions) count as 0; points with a posterior coefficient of variation above ${RT_PARAMETERS.uncertainAboveCv} are marked uncertain`;

export const MEASURE_CATALOGUE: readonly MeasureInfo[] = [
  {
    id: 'cumulative',
    name: 'as reported',
    description: 'the values as the file reports them, at their report dates',
    appliesTo: 'every indicator',
    parameters: [],
    references: [],
  },
  {
    id: 'weekly',
    name: 'new per epi week',
    description: WEEKLY_METHOD,
    appliesTo: 'cumulative counts of cases or deaths',
    parameters: [
      {
        name: 'clamp',
        description: 'show negative weeks (WHO revisions) as 0',
        default: false,
      },
    ],
    references: [],
  },
  {
    id: 'cfr',
    name: 'crude case fatality ratio',
    description:
      'cumulative deaths / cumulative cases reported on the same date, in %; it lags the true CFR because the outcome of recent cases is not yet known',
    appliesTo: 'cumulative counts and CFRs of a classification that has both cases and deaths',
    parameters: [],
    references: [],
  },
  {
    id: 'rt',
    name: 'reproduction number Rt',
    description: RT_METHOD,
    appliesTo: 'cumulative counts of cases or deaths (not CFRs or percentages; per100k does not apply)',
    parameters: [
      {
        name: 'window',
        description: 'sliding window of the estimate, in weeks',
        default: RT_WINDOW.default,
        min: RT_WINDOW.min,
        max: RT_WINDOW.max,
      },
    ],
    references: [CORI_2013, WHO_NEJM_2014],
  },
];
