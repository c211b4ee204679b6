// Issue #12's defects, each reproduced with the steps the issue gives, in real Chromium
// against the real server and the real HDX file, and checked fixed.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartShows, type GuardedPage, openPage } from './browser.js';
import { useDashboardSession } from './dashboard-session.js';

const session = useDashboardSession();
const THREE = ['Guinea', 'Liberia', 'Sierra Leone'];
const searchOf = (page: Page) => new URL(page.url()).searchParams;

async function cardValue(page: Page, id: string): Promise<string> {
  const value = page.locator(`[data-testid="card-${id}"] .card-value`);
  await value.filter({ hasText: /\d/ }).waitFor();
  return (await value.textContent()) ?? '';
}

/** The page's HTTP 400s that the test provoked on purpose are not failures. */
function expectBadRequests(guarded: GuardedPage, pattern: RegExp): void {
  const provoked = (e: string) => pattern.test(e) || /status of 400/.test(e);
  guarded.errors.splice(0, guarded.errors.length, ...guarded.errors.filter((e) => !provoked(e)));
}

async function download(page: Page, button: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

describe('issue #12 defects', { timeout: 120_000 }, () => {
  it('1. the default view is the whole outbreak: Guinea, Liberia and Sierra Leone, about 28,600 cases', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    expect(await cardValue(page, 'cases')).toBe('28,592');
    await expect(page.locator('[data-testid="card-cases"] .card-label').textContent()).resolves.toBe('Cases');
    expect(page.url()).toBe(session.dashboard.url);
    // Each line is named at its end, top to bottom as the lines end (OWID's line labels).
    await expect(page.locator('.uplot').first().getAttribute('data-line-ends')).resolves.toBe(
      'Sierra Leone|Liberia|Guinea',
    );
  });

  it('2. the cards follow the indicator and per 100,000, and say what they count', async () => {
    const { page } = await session.open('?indicator=cumulative-confirmed-cases&per100k=1');
    await chartShows(page, THREE);
    await expect
      .poll(() => page.locator('[data-testid="card-cases"] .card-label').textContent())
      .toBe('Confirmed cases per 100,000 people');
    await expect(page.locator('[data-testid="card-deaths"] .card-label').textContent()).resolves.toBe(
      'Confirmed deaths per 100,000 people',
    );
    const rate = Number((await cardValue(page, 'cases')).replace(/,/g, ''));
    // Confirmed cases over the three countries' population: a rate, not a total of thousands.
    expect(rate).toBeGreaterThan(20);
    expect(rate).toBeLessThan(200);
    await expect(page.locator('[data-testid="card-cfr"] .card-detail').textContent()).resolves.toBe(
      'confirmed deaths ÷ confirmed cases',
    );
  });

  it('3. leaving the crude CFR for "Cumulative" keeps cases, not deaths', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    await page.getByRole('combobox', { name: 'Measure' }).selectOption('cfr');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="cfr"]');
    await page.getByRole('combobox', { name: 'Measure' }).selectOption('cumulative');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="cumulative"]');
    await expect(page.getByTestId('chart').getAttribute('data-indicator')).resolves.toBe(
      'cumulative-all-cases',
    );
    await expect(page.getByRole('combobox', { name: 'Outcome' }).inputValue()).resolves.toBe('cases');
  });

  it('4. date ticks never repeat, on short and long ranges', async () => {
    for (const range of [
      'from=2015-03-01&to=2015-05-15',
      'from=2014-09-01&to=2015-03-01',
      'from=2015-04-10&to=2015-04-30',
      '',
    ]) {
      const { page } = await session.open(`?${range}`);
      await chartShows(page, THREE);
      const ticks = (await page.locator('.uplot').first().getAttribute('data-x-ticks'))?.split('|') ?? [];
      expect(ticks.length, range).toBeGreaterThan(1);
      expect(new Set(ticks).size, `${range}: ${ticks.join(', ')}`).toBe(ticks.length);
    }
  });

  it('5. a map link: caption with its title, a date between reports, a labelled log legend', async () => {
    const guarded = await session.open('?view=map&date=2015-01-01');
    const { page } = guarded;
    await page.getByTestId('map-slider').waitFor();
    await expect
      .poll(() => page.locator('#map-caption').textContent())
      .toMatch(/^All cases, cumulative, by country/);
    // 2015-01-01 has no report: the map shows the last before it, and the URL and the reader are told.
    await expect.poll(() => searchOf(page).get('date')).toBe('2014-12-31');
    await expect(page.getByTestId('map-date').textContent()).resolves.toBe('31 Dec 2014');
    await expect(page.getByTestId('view-problems').textContent()).resolves.toMatch(/no report on 1 Jan 2015/);
    const classes = (await page.locator('.map-legend').getAttribute('data-classes'))?.split('|') ?? [];
    expect(classes[0]).toBe('0');
    expect(classes[1]).toBe('1–9');
    expect(classes.length).toBeGreaterThan(4);
    await expect(page.locator('.map-legend').textContent()).resolves.toMatch(/log scale/i);
    // 1 and 0 are told apart: Senegal (1 case) is not coloured like a country with none.
    const fill = (country: string) =>
      page
        .locator(`.map-country[data-country="${country}"]`)
        .evaluate((e) => (e as unknown as { style: { fill: string } }).style.fill);
    expect(await fill('Senegal')).not.toBe('');
  });

  it('6. on 360 and 768 px the first screen shows title, cards and chart; the settings are behind "Edit chart"', async () => {
    for (const [width, height] of [
      [360, 740],
      [768, 1024],
    ] as const) {
      const { page } = await session.open('', { width, height });
      await chartShows(page, THREE);
      const top = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((e) => e.getBoundingClientRect().top);
      expect(await top('[data-testid="card-cases"]'), `${width} px`).toBeLessThan(await top('.uplot canvas'));
      expect(await top('.uplot canvas'), `${width} px: chart on the first screen`).toBeLessThan(height - 100);
      await expect(page.getByRole('combobox', { name: 'Measure' }).isVisible()).resolves.toBe(false);
      await page.getByRole('button', { name: 'Edit chart' }).click();
      await expect(page.getByRole('combobox', { name: 'Measure' }).isVisible()).resolves.toBe(true);
      await page.getByRole('checkbox', { name: 'Log scale' }).check();
      await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="true"]');
      await page.getByRole('button', { name: 'Done' }).click();
      await expect(page.getByRole('combobox', { name: 'Measure' }).isVisible()).resolves.toBe(false);
    }
  });

  it('7. exports from every tab, named after the view, PNG at 2× and light in a dark browser, CSV with HDX name, unit, population and source', async () => {
    const { page } = await session.open('', { colorScheme: 'dark' });
    await chartShows(page, THREE);
    const csv = await download(page, 'Download CSV');
    expect(csv.name).toBe('ebola_cumulative-all-cases_guinea-liberia-sierra-leone_2014-08-29_2016-03-23.csv');
    const lines = csv.body.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,country,value,unit,indicator,hdx_indicator,measure,population,population_source,source',
    );
    const guinea = lines.find((l) => l.startsWith('2015-03-10,Guinea,'));
    expect(guinea).toMatch(
      /^2015-03-10,Guinea,3285,cumulative cases,"All cases, cumulative","Cumulative number of confirmed, probable and suspected Ebola cases",cumulative,\d{7,},/,
    );
    expect(guinea).toMatch(/WHO Ebola situation reports/);

    const png = await download(page, 'Download PNG');
    expect(png.name).toBe('ebola_cumulative-all-cases_guinea-liberia-sierra-leone_2014-08-29_2016-03-23.png');
    expect(png.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.body.readUInt32BE(16)).toBe(2000); // 1000 px drawn at 2×
    // The PNG's background, read back in the page (a dark-mode browser still gets white).
    const corner = await page.evaluate(
      `(async (bytes) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(bitmap, 0, 0);
        return [...ctx.getImageData(4, 4, 1, 1).data];
      })(${JSON.stringify([...png.body])})`,
    );
    expect(corner).toEqual([255, 255, 255, 255]);

    const svg = await download(page, 'Download SVG');
    const text = svg.body.toString('utf8');
    expect(svg.name).toMatch(/\.svg$/);
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const part of [
      'Unit: cumulative cases',
      'Source: WHO Ebola situation reports',
      'data to 23 Mar 2016',
      session.dashboard.url,
      'Sierra Leone',
    ]) {
      expect(text).toContain(part);
    }

    await page.getByRole('checkbox', { name: 'Log scale' }).check();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="true"]');
    expect((await download(page, 'Download SVG')).body.toString('utf8')).toContain('log scale');

    await page.getByRole('tab', { name: 'Map' }).click();
    await page.getByTestId('map-slider').waitFor();
    const mapDate = await page.locator('#map-panel').getAttribute('data-date');
    const mapCsv = await download(page, 'Download CSV');
    expect(mapCsv.name).toBe(`ebola_cumulative-all-cases_map_${mapDate}.csv`);
    const mapRows = mapCsv.body.toString('utf8').trim().split('\r\n').slice(1);
    // Every country on the map, not the chosen three.
    expect(mapRows.length).toBeGreaterThan(8);
    expect(mapRows.some((r) => r.includes(',Nigeria,'))).toBe(true);
    const mapPng = await download(page, 'Download PNG');
    expect(mapPng.name).toBe(`ebola_cumulative-all-cases_map_${mapDate}.png`);
    expect(mapPng.body.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect((await download(page, 'Download SVG')).body.toString('utf8')).toContain('By country');

    await page.getByRole('tab', { name: 'Table' }).click();
    await page.getByTestId('series-table').waitFor();
    await expect(page.getByRole('button', { name: 'Download PNG' }).isEnabled()).resolves.toBe(true);
    expect((await download(page, 'Download PNG')).name).toMatch(
      /^ebola_cumulative-all-cases_guinea-liberia-sierra-leone_.*\.png$/,
    );
  });

  it('8. small multiples share the dates, offer one y axis, and the notes use the checkbox’s words', async () => {
    const { page } = await session.open('?country=Liberia&country=Liberia+2&multiples=1');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-multiples="true"]');
    const firstTick = (country: string) =>
      page.locator(`.multiple[data-country="${country}"] .uplot`).getAttribute('data-x-ticks');
    // The Liberia 2 panel starts where Liberia's does (2014), not in July 2015.
    expect(await firstTick('Liberia 2')).toBe(await firstTick('Liberia'));
    await page.getByRole('checkbox', { name: 'Same y axis in every panel' }).check();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-shared-y="true"]');
    expect(searchOf(page).get('sharedy')).toBe('1');
    const notes = (await page.getByTestId('quality-notes').textContent()) ?? '';
    expect(notes).toMatch(/Merge flare-ups/);
    expect(notes).not.toMatch(/mergeFlareUps/);
  });

  it('9. a bad link shows what it can and flags the rest in plain words, with Reset view', async () => {
    const guarded = await session.open('?country=Guinea&country=Mars');
    const { page } = guarded;
    await chartShows(page, ['Guinea']);
    await expect(page.getByTestId('view-problems').textContent()).resolves.toMatch(
      /“Mars” is not a country in this data, so it is left out\./,
    );
    const problemsTop = await page
      .getByTestId('view-problems')
      .evaluate((e) => e.getBoundingClientRect().top);
    const chartTop = await page.getByTestId('chart').evaluate((e) => e.getBoundingClientRect().top);
    expect(problemsTop).toBeLessThan(chartTop);
    expect(searchOf(page).getAll('country')).toEqual(['Guinea']);
    await page.getByRole('button', { name: 'Reset view' }).click();
    await chartShows(page, THREE);
    await expect(page.getByTestId('view-problems').isVisible()).resolves.toBe(false);
    expectBadRequests(guarded, /Mars/);

    const long = await session.open(`?country=${'x'.repeat(150)}`);
    await long.page
      .getByTestId('view-problems')
      .filter({ hasText: /is not a country in this data/ })
      .waitFor();
    await expect(long.page.getByTestId('view-problems').textContent()).resolves.not.toMatch(/must NOT/);
    expectBadRequests(long, /x{40}/);

    const lower = await session.open('?country=guinea');
    await chartShows(lower.page, ['Guinea']);
    await expect(lower.page.getByTestId('selected-countries').textContent()).resolves.toBe('Guinea×');
    await lower.page.getByRole('combobox', { name: 'Add or remove a country' }).fill('Guinea');
    await lower.page.keyboard.press('Enter');
    // Guinea is already chosen: Enter removes it rather than adding a second chip.
    await lower.page.waitForSelector('[data-testid="chart"][data-state="empty"]');
    await expect(lower.page.locator('[data-testid="selected-countries"] li').count()).resolves.toBe(0);
  });

  it('9. a link with an unknown country or indicator asks the API for nothing it would refuse', async () => {
    for (const search of ['?country=Guinea&country=Mars', '?indicator=no-such-indicator&country=Liberia']) {
      const { page } = session.track(await openPage(session.browser, session.dashboard.origin));
      const refused: string[] = [];
      const seriesAsked: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
      });
      page.on('request', (request) => {
        if (request.url().includes('/api/series')) seriesAsked.push(request.url());
      });
      await page.goto(`${session.dashboard.url}${search}`);
      await page
        .getByTestId('view-problems')
        .filter({ hasText: /left out|does not have/ })
        .waitFor();
      await page.waitForSelector('[data-testid="chart"][data-state="ready"]');
      expect(refused, search).toEqual([]);
      expect(seriesAsked.length, search).toBeGreaterThan(0);
      for (const url of seriesAsked) expect(url, search).not.toMatch(/Mars|no-such-indicator/);
    }
  });

  it('9. a 20 KB link gets an HTML page in a browser, JSON for API clients; an unknown page is HTML too', async () => {
    const { page, errors } = session.track(await openPage(session.browser, session.dashboard.origin));
    const huge = await page.goto(`${session.dashboard.url}?country=${'Guinea'.repeat(3500)}`);
    expect(huge?.status()).toBe(431);
    expect(huge?.headers()['content-type']).toMatch(/^text\/html/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'This link is too long',
    );
    await expect(page.getByRole('link', { name: /default view/ }).getAttribute('href')).resolves.toBe('/');
    const missing = await page.goto(`${session.dashboard.url}no-such-page`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Page not found');
    errors.splice(0, errors.length);
    const api = await fetch(`${session.dashboard.origin}/api/nothing`, {
      headers: { accept: 'application/json' },
    });
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('10. hidden series rescale the chart and stay in the URL', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    const yMax = async () => Number(await page.locator('.uplot').first().getAttribute('data-y-max'));
    const before = await yMax();
    await page
      .getByTestId('chart')
      .getByRole('button', { name: /^Sierra Leone/ })
      .click();
    await expect.poll(() => searchOf(page).getAll('hide')).toEqual(['Sierra Leone']);
    await expect.poll(yMax).toBeLessThan(before * 0.85);
    await page.reload();
    await chartShows(page, THREE);
    await expect(
      page
        .getByTestId('chart')
        .getByRole('button', { name: /^Sierra Leone/ })
        .getAttribute('aria-pressed'),
    ).resolves.toBe('false');
  });

  it('10. dates are typed and shown as the page writes them, not mm/dd/yyyy', async () => {
    const { page } = await session.open('?from=2015-03-23');
    await chartShows(page, THREE);
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('23 Mar 2015');
    await page.getByLabel('To', { exact: true }).fill('1 Jun 2015');
    await page.getByLabel('To', { exact: true }).press('Enter');
    await expect.poll(() => searchOf(page).get('to')).toBe('2015-06-01');
    await page.getByLabel('To', { exact: true }).fill('06/01/2015');
    await page.getByLabel('To', { exact: true }).press('Tab');
    await expect(page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect(searchOf(page).get('to')).toBe('2015-06-01');
  });

  it('10. the empty state sits in the middle of the chart box', async () => {
    const { page } = await session.open('?country=');
    await page.waitForSelector('[data-testid="chart"][data-state="empty"]');
    const box = await page.getByTestId('chart').boundingBox();
    const text = await page.locator('.chart-empty').boundingBox();
    const middle = (b: { y: number; height: number }) => b.y + b.height / 2;
    expect(Math.abs(middle(text!) - middle(box!))).toBeLessThan(20);
  });

  it('10. a country change asks for each series once', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/series')) asked.push(r.url());
    });
    await page.getByRole('button', { name: 'Remove Sierra Leone' }).click();
    await chartShows(page, ['Guinea', 'Liberia']);
    await page.locator('[data-testid="card-cases"] .card-value').filter({ hasText: '14,470' }).waitFor();
    expect(asked.length).toBeGreaterThan(0);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('10. "Liberia" + Enter picks Liberia; Home/End move through the tabs; zoom keys make one history entry', async () => {
    const { page } = await session.open('?country=Guinea');
    await chartShows(page, ['Guinea']);
    await page.getByRole('combobox', { name: 'Add or remove a country' }).fill('Liberia');
    await page.keyboard.press('Enter');
    await chartShows(page, ['Guinea', 'Liberia']);

    await page.getByRole('tab', { name: 'Chart' }).focus();
    await page.keyboard.press('End');
    await page.getByTestId('citation').waitFor();
    expect(searchOf(page).get('view')).toBe('sources');
    await page.keyboard.press('Home');
    await expect.poll(() => searchOf(page).get('view')).toBe(null);
    await chartShows(page, ['Guinea', 'Liberia']);

    const before = Number(await page.evaluate('history.length'));
    await page.getByTestId('chart').focus();
    for (const key of ['+', '+', 'ArrowLeft', '+']) {
      await page.keyboard.press(key);
      await page.waitForSelector('[data-testid="chart"][data-state="ready"]');
    }
    await expect.poll(() => searchOf(page).get('from')).not.toBe(null);
    expect(await page.evaluate('history.length')).toBe(before + 1);
    await page.goBack();
    await expect.poll(() => searchOf(page).get('from')).toBe(null);
  });
});

describe('share and embed', { timeout: 120_000 }, () => {
  it('Share gives the link and an iframe snippet of /embed; the page title says the view', async () => {
    const { page } = await session.open('?country=Guinea&measure=weekly');
    await chartShows(page, ['Guinea']);
    await expect(page.title()).resolves.toBe(
      'All cases, new per week: Guinea · The West African Ebolavirus Outbreak',
    );
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByLabel('Link to this view').inputValue()).resolves.toBe(
      `${session.dashboard.origin}/?country=Guinea&measure=weekly`,
    );
    await expect(page.getByLabel('Embed this view (HTML)').inputValue()).resolves.toBe(
      `<iframe src="${session.dashboard.origin}/embed?country=Guinea&measure=weekly" title="All cases, new per week" width="800" height="600" style="border:0" loading="lazy"></iframe>`,
    );
  });

  it('/embed shows the same view without the page chrome, links back, and only it may be framed', async () => {
    const { page } = await session.open('embed?country=Guinea&measure=weekly');
    await chartShows(page, ['Guinea']);
    await expect(page.getByRole('heading', { level: 1 }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('combobox', { name: 'Measure' }).isVisible()).resolves.toBe(false);
    const back = page.getByRole('link', { name: /Open this view in the Ebola outbreak dashboard/ });
    await expect(back.getAttribute('href')).resolves.toBe(
      `${session.dashboard.origin}/?country=Guinea&measure=weekly`,
    );
    const embed = await fetch(`${session.dashboard.origin}/embed?country=Guinea`);
    expect(embed.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    expect(embed.headers.get('content-security-policy')).toMatch(
      /^default-src 'self'; script-src 'self'; style-src 'self';/,
    );
    expect(embed.headers.get('x-frame-options')).toBe(null);
    const main = await fetch(session.dashboard.url);
    expect(main.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(main.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('events on the chart', { timeout: 120_000 }, () => {
  it('marks the PHEIC, ends of transmission and flare-ups of the chosen countries, with WHO sources, and can hide them', async () => {
    const { page } = await session.open('?country=Liberia');
    await chartShows(page, ['Liberia']);
    const list = page.getByTestId('events-list');
    const items = await list.locator('li').allTextContents();
    expect(items[0]).toMatch(/^8 Aug 2014: PHEIC declared \(WHO/);
    expect(items).toContain('9 May 2015: Liberia free (WHO Ebola situation report, 13 May 2015)');
    expect(items.some((i) => /Guinea|Sierra Leone/.test(i))).toBe(false);
    await expect(list.locator('a').first().getAttribute('href')).resolves.toMatch(
      /^https?:\/\/[^/]*(who\.int|paho\.org)\//,
    );
    const svg = await download(page, 'Download SVG');
    expect(svg.body.toString('utf8')).toContain('>Liberia free<');
    await page.getByRole('checkbox', { name: /Mark events/ }).uncheck();
    await expect.poll(() => searchOf(page).get('events')).toBe('0');
    await expect(page.locator('#events-panel').isVisible()).resolves.toBe(false);
    expect((await download(page, 'Download SVG')).body.toString('utf8')).not.toContain('>Liberia free<');
  });
});

describe('Sources & notes', { timeout: 120_000 }, () => {
  it('names the data, licence, citation, populations, methods and every note of the view', async () => {
    const { page } = await session.open('?country=Liberia&measure=rt&view=sources');
    const sources = page.getByTestId('sources');
    await sources.getByTestId('citation').waitFor();
    const text = (await sources.textContent()) ?? '';
    expect(text).toMatch(/Ebola Cases and Deaths/);
    expect(text).toMatch(/Licence: as stated on the HDX dataset page/);
    await expect(sources.getByTestId('citation').textContent()).resolves.toMatch(
      /^WHO Ebola situation reports, compiled by UN OCHA HDX \(“Ebola Cases and Deaths”\), file ebola_data_db_format\.csv loaded \d{4}-\d\d-\d\d; via The West African Ebolavirus Outbreak dashboard, http/,
    );
    expect(text).toMatch(/Liberia: [\d,]+ \(\d{4}, /);
    expect(text).toMatch(/new per epi week/);
    expect(text).toMatch(
      /Parameters of the Rt on screen.*Window 2 weeks; serial interval gamma, mean 15\.3 days, SD 9\.3 days/,
    );
    const notes = await sources.getByTestId('all-quality-notes').locator('li').allTextContents();
    expect(notes.length).toBeGreaterThan(3);
    expect(notes.every((n) => n.includes('Liberia'))).toBe(true);
    await expect(
      page.getByRole('tab', { name: 'Sources & notes' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
  });
});
