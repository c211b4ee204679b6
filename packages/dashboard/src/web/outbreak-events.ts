// The events a reader needs beside the curves: the PHEIC's declaration and end, each
// country's declarations of the end of transmission, and the flare-ups after them. Dates
// checked against WHO statements and situation reports (the source of each is linked).
// Pure data: no DOM.

export interface OutbreakEvent {
  /** ISO date. */
  date: string;
  /** null: the whole outbreak; else the HDX country it concerns. */
  country: string | null;
  kind: 'pheic' | 'free' | 'flare-up';
  /** A few words drawn on the chart. */
  label: { en: string; fr: string };
  source: { title: string; url: string };
}

const SITREP = 'http://apps.who.int/ebola/current-situation/ebola-situation-report-';

export const OUTBREAK_EVENTS: readonly OutbreakEvent[] = [
  {
    date: '2014-08-08',
    country: null,
    kind: 'pheic',
    label: { en: 'PHEIC declared', fr: 'USPPI déclarée' },
    source: {
      title:
        'WHO: statement on the 4th meeting of the IHR Emergency Committee (recommendations first issued 8 August 2014)',
      url: 'https://paho.org/en/news/21-1-2015-statement-4th-meeting-ihr-emergency-committee-regarding-2014-ebola-outbreak-west',
    },
  },
  {
    date: '2015-05-09',
    country: 'Liberia',
    kind: 'free',
    label: { en: 'Liberia free', fr: 'Libéria exempt' },
    source: { title: 'WHO Ebola situation report, 13 May 2015', url: `${SITREP}13-may-2015` },
  },
  {
    date: '2015-06-29',
    country: 'Liberia',
    kind: 'flare-up',
    label: { en: 'Liberia flare-up', fr: 'Résurgence au Libéria' },
    source: { title: 'WHO Ebola situation report, 1 July 2015', url: `${SITREP}1-july-2015` },
  },
  {
    date: '2015-09-03',
    country: 'Liberia',
    kind: 'free',
    label: { en: 'Liberia free again', fr: 'Libéria de nouveau exempt' },
    source: { title: 'WHO Ebola situation report, 9 September 2015', url: `${SITREP}9-september-2015` },
  },
  {
    date: '2015-11-07',
    country: 'Sierra Leone',
    kind: 'free',
    label: { en: 'Sierra Leone free', fr: 'Sierra Leone exempte' },
    source: { title: 'WHO Ebola situation report, 17 February 2016', url: `${SITREP}17-february-2016` },
  },
  {
    date: '2015-11-20',
    country: 'Liberia',
    kind: 'flare-up',
    label: { en: 'Liberia flare-up', fr: 'Résurgence au Libéria' },
    source: { title: 'WHO Ebola situation report, 25 November 2015', url: `${SITREP}25-november-2015` },
  },
  {
    date: '2015-12-29',
    country: 'Guinea',
    kind: 'free',
    label: { en: 'Guinea free', fr: 'Guinée exempte' },
    source: { title: 'WHO Ebola situation report, 17 February 2016', url: `${SITREP}17-february-2016` },
  },
  {
    date: '2016-01-14',
    country: 'Liberia',
    kind: 'free',
    label: { en: 'Liberia free (3rd)', fr: 'Libéria exempt (3e)' },
    source: {
      title: 'WHO: latest Ebola outbreak over in Liberia, 14 January 2016',
      url: 'http://www.who.int/hac/crises/lbr/en/',
    },
  },
  {
    date: '2016-01-14',
    country: 'Sierra Leone',
    kind: 'flare-up',
    label: { en: 'Sierra Leone flare-up', fr: 'Résurgence en Sierra Leone' },
    source: { title: 'WHO Ebola situation report, 17 February 2016', url: `${SITREP}17-february-2016` },
  },
  {
    date: '2016-03-17',
    country: 'Sierra Leone',
    kind: 'free',
    label: { en: 'Sierra Leone free again', fr: 'Sierra Leone de nouveau exempte' },
    source: {
      title: 'WHO Ebola situation report, 17 February 2016 (end date announced)',
      url: `${SITREP}17-february-2016`,
    },
  },
  {
    date: '2016-03-17',
    country: 'Guinea',
    kind: 'flare-up',
    label: { en: 'Guinea flare-up', fr: 'Résurgence en Guinée' },
    source: {
      title: 'WHO Director-General, outcome of the 9th Ebola Emergency Committee, 29 March 2016',
      url: 'http://origin.who.int/mediacentre/news/statements/2016/ihr-emergency-committee-ebola/en/',
    },
  },
  {
    date: '2016-03-29',
    country: null,
    kind: 'pheic',
    label: { en: 'PHEIC ends', fr: 'Fin de l’USPPI' },
    source: {
      title: 'WHO Director-General, outcome of the 9th Ebola Emergency Committee, 29 March 2016',
      url: 'http://origin.who.int/mediacentre/news/statements/2016/ihr-emergency-committee-ebola/en/',
    },
  },
];

/** The events for a chart of these countries (flare-up series count as their country) and dates. */
export function eventsFor(countries: string[], from: string, to: string): OutbreakEvent[] {
  const shown = new Set(countries.map((c) => c.replace(/ \d+$/, '')));
  return OUTBREAK_EVENTS.filter(
    (e) => e.date >= from && e.date <= to && (e.country === null || shown.has(e.country)),
  );
}
