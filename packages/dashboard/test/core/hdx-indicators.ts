// The 36 indicator names of the HDX file, verbatim, with the id and facets each must get.
export const HDX_INDICATORS: [name: string, id: string][] = [
  ['Cumulative number of confirmed, probable and suspected Ebola cases', 'cumulative-all-cases'],
  ['Cumulative number of confirmed Ebola cases', 'cumulative-confirmed-cases'],
  ['Cumulative number of probable Ebola cases', 'cumulative-probable-cases'],
  ['Cumulative number of suspected Ebola cases', 'cumulative-suspected-cases'],
  ['Cumulative number of confirmed, probable and suspected Ebola deaths', 'cumulative-all-deaths'],
  ['Cumulative number of confirmed Ebola deaths', 'cumulative-confirmed-deaths'],
  ['Cumulative number of probable Ebola deaths', 'cumulative-probable-deaths'],
  ['Cumulative number of suspected Ebola deaths', 'cumulative-suspected-deaths'],
  ['Number of confirmed, probable and suspected Ebola cases in the last 7 days', 'last-7-days-all-cases'],
  ['Number of confirmed Ebola cases in the last 7 days', 'last-7-days-confirmed-cases'],
  ['Number of probable Ebola cases in the last 7 days', 'last-7-days-probable-cases'],
  ['Number of suspected Ebola cases in the last 7 days', 'last-7-days-suspected-cases'],
  ['Number of confirmed, probable and suspected Ebola cases in the last 21 days', 'last-21-days-all-cases'],
  ['Number of confirmed Ebola cases in the last 21 days', 'last-21-days-confirmed-cases'],
  ['Number of probable Ebola cases in the last 21 days', 'last-21-days-probable-cases'],
  ['Number of suspected Ebola cases in the last 21 days', 'last-21-days-suspected-cases'],
  ['Number of confirmed, probable and suspected Ebola deaths in the last 21 days', 'last-21-days-all-deaths'],
  ['Number of confirmed Ebola deaths in the last 21 days', 'last-21-days-confirmed-deaths'],
  ['Number of probable Ebola deaths in the last 21 days', 'last-21-days-probable-deaths'],
  ['Number of suspected Ebola deaths in the last 21 days', 'last-21-days-suspected-deaths'],
  [
    'Proportion of confirmed, probable and suspected Ebola cases that are from the last 7 days',
    'proportion-last-7-days-all-cases',
  ],
  [
    'Proportion of confirmed Ebola cases that are from the last 7 days',
    'proportion-last-7-days-confirmed-cases',
  ],
  [
    'Proportion of probable Ebola cases that are from the last 7 days',
    'proportion-last-7-days-probable-cases',
  ],
  [
    'Proportion of suspected Ebola cases that are from the last 7 days',
    'proportion-last-7-days-suspected-cases',
  ],
  [
    'Proportion of confirmed, probable and suspected Ebola cases that are from the last 21 days',
    'proportion-last-21-days-all-cases',
  ],
  [
    'Proportion of confirmed Ebola cases that are from the last 21 days',
    'proportion-last-21-days-confirmed-cases',
  ],
  [
    'Proportion of probable Ebola cases that are from the last 21 days',
    'proportion-last-21-days-probable-cases',
  ],
  [
    'Proportion of suspected Ebola cases that are from the last 21 days',
    'proportion-last-21-days-suspected-cases',
  ],
  [
    'Proportion of confirmed, probable and suspected Ebola deaths that are from the last 21 days',
    'proportion-last-21-days-all-deaths',
  ],
  [
    'Proportion of confirmed Ebola deaths that are from the last 21 days',
    'proportion-last-21-days-confirmed-deaths',
  ],
  [
    'Proportion of probable Ebola deaths that are from the last 21 days',
    'proportion-last-21-days-probable-deaths',
  ],
  [
    'Proportion of suspected Ebola deaths that are from the last 21 days',
    'proportion-last-21-days-suspected-deaths',
  ],
  ['Case fatality rate (CFR) of confirmed, probable and suspected Ebola cases', 'cfr-all-cases'],
  ['Case fatality rate (CFR) of confirmed Ebola cases', 'cfr-confirmed-cases'],
  ['Case fatality rate (CFR) of probable Ebola cases', 'cfr-probable-cases'],
  ['Case fatality rate (CFR) of suspected Ebola cases', 'cfr-suspected-cases'],
];
