// The "Sources & notes" tab (loaded when opened): where the numbers come from, the
// licence and a citation, the populations behind per 100,000, how each measure is
// computed, and every data-quality note of the series on screen.
import type { MetaResponse, SeriesResponse } from '../core/api-types.js';
import { formatDate, formatValue } from './chart-data.js';
import { countryName } from './i18n.js';
import { renderNotes } from './quality-notes.js';

const HDX_DATASET = 'https://data.humdata.org/dataset/ebola-cases-2014';
const WHO_SITUATION_REPORTS =
  'https://www.who.int/emergencies/situations/ebola-outbreak-2014-2016-West-Africa';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = element('a', text);
  a.href = href;
  a.rel = 'noopener noreferrer';
  return a;
}

function section(title: string, ...children: (Node | string)[]): HTMLElement {
  const s = element('section');
  s.append(element('h3', title), ...children);
  return s;
}

export function renderSources(
  root: HTMLElement,
  meta: MetaResponse | null,
  response: SeriesResponse | null,
  pageUrl: string,
): void {
  const file = meta?.source.location.split(/[\\/]/).pop() ?? 'ebola_data_db_format.csv';
  const loaded = meta ? meta.loadedAt.slice(0, 10) : '';

  const data = element('p');
  data.append(
    'WHO Ebola situation reports (',
    link(WHO_SITUATION_REPORTS, 'WHO, Ebola outbreak 2014–2016'),
    '), compiled by UN OCHA’s Humanitarian Data Exchange as “Ebola Cases and Deaths” (',
    link(HDX_DATASET, 'HDX dataset'),
    `). This page reads ${file}${meta ? `, loaded ${loaded}, with reports from ${formatDate(meta.dateRange.from)} to ${formatDate(meta.dateRange.to)}` : ''}.`,
  );
  const licence = element('p');
  licence.append(
    'Licence: as stated on the ',
    link(HDX_DATASET, 'HDX dataset page'),
    ' (the figures are WHO’s; cite WHO and HDX when you reuse them).',
  );
  const citation = element(
    'blockquote',
    `WHO Ebola situation reports, compiled by UN OCHA HDX (“Ebola Cases and Deaths”), file ${file}${loaded ? ` loaded ${loaded}` : ''}; via The West African Ebolavirus Outbreak dashboard, ${pageUrl}, accessed ${new Date().toISOString().slice(0, 10)}.`,
  );
  citation.dataset['testid'] = 'citation';

  const populations = element('ul');
  for (const c of meta?.countries ?? []) {
    if (!c.population) continue;
    populations.append(
      element(
        'li',
        `${countryName(c.name)}: ${formatValue(c.population.value)} (${c.population.year}, ${c.population.source})`,
      ),
    );
  }

  const methods = element('dl');
  for (const m of meta?.measures ?? []) {
    const refs = m.references.length > 0 ? ` References: ${m.references.join('; ')}.` : '';
    methods.append(
      element('dt', m.name),
      element('dd', `${m.description}. Applies to ${m.appliesTo}.${refs}`),
    );
  }
  if (response?.rt) {
    methods.append(
      element('dt', 'Parameters of the Rt on screen'),
      element(
        'dd',
        `Window ${response.rt.window} weeks; serial interval gamma, mean ${response.rt.serialInterval.meanDays} days, SD ${response.rt.serialInterval.sdDays} days (${response.rt.serialInterval.source}); prior gamma, mean ${response.rt.prior.mean}, SD ${response.rt.prior.sd}; ${response.rt.quantiles.map((q) => `${q * 100} %`).join(' and ')} quantiles; uncertain above a posterior CV of ${response.rt.uncertainAboveCv}. ${response.rt.references.join('; ')}`,
      ),
    );
  }

  const notes = element('ul');
  notes.dataset['testid'] = 'all-quality-notes';
  renderNotes(notes, response, []);

  root.replaceChildren(
    section('Data', data, licence),
    section('Suggested citation', citation),
    section('Populations (per 100,000 people)', populations),
    section('Methods', methods),
    section('Data-quality notes of the series on screen', notes),
  );
}
