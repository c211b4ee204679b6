// End-to-end: the built client, served by the real server, in real headless Chromium.
// Every test also fails if the page asked another origin for anything, logged a
// console error, threw, or got an HTTP error.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { SeriesResponse } from '../../src/core/api-types.js';
import { chartShows, openPage, screenshot } from './browser.js';
import { useDashboardSession } from './dashboard-session.js';

const session = useDashboardSession();
const open = (search = '', options: Parameters<typeof session.open>[1] = {}) => session.open(search, options);

const searchOf = (url: string) => new URL(url).searchParams;
/** The two countries of the original Dash app's view, for tests that add or remove one. */
const TWO = '?country=Guinea&country=Liberia';

describe('the dashboard page', { timeout: 120_000 }, () => {
  it('shows Guinea, Liberia and Sierra Leone, cumulative cases, on first load', async () => {
    const { page } = await open();
    // The tab's title says the view once it is drawn.
    await expect
      .poll(() => page.title())
      .toBe('All cases, cumulative: Guinea, Liberia, Sierra Leone · The West African Ebolavirus Outbreak');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'The West African Ebolavirus Outbreak',
    );
    await chartShows(page, ['Guinea', 'Liberia', 'Sierra Leone']);
    const chart = page.getByTestId('chart');
    await expect(chart.getAttribute('data-indicator')).resolves.toBe('cumulative-all-cases');
    await expect(page.getByTestId('hdx-name').textContent()).resolves.toBe(
      'Cumulative number of confirmed, probable and suspected Ebola cases',
    );
    // Summary cards for the two countries, and where the data came from.
    await page.locator('[data-testid="card-cases"] .card-value').filter({ hasText: /\d/ }).waitFor();
    const cases = await page.locator('[data-testid="card-cases"] .card-value').textContent();
    expect(Number(cases?.replace(/,/g, ''))).toBeGreaterThan(10_000);
    await expect(page.getByTestId('source').textContent()).resolves.toMatch(
      /ebola_data_db_format\.csv.*loaded \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/,
    );
    // Revisions are marked and explained next to the chart.
    await expect(page.getByTestId('quality-notes').textContent()).resolves.toMatch(
      /Guinea: cumulative count went down/,
    );
    await expect(page.getByTestId('announcer').textContent()).resolves.toMatch(
      /Guinea, Liberia, Sierra Leone/,
    );
    await screenshot(page, 'desktop-light-chart');
  });

  it('adds a trace when Sierra Leone is picked from the searchable country list', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    await page.getByRole('combobox', { name: 'Add or remove a country' }).fill('sierra');
    await page.getByRole('option', { name: /Sierra Leone/ }).click();
    await chartShows(page, ['Guinea', 'Liberia', 'Sierra Leone']);
    // The three countries are the default view: the URL needs no country.
    expect(searchOf(page.url()).getAll('country')).toEqual([]);
    await page.getByRole('button', { name: 'Remove Guinea' }).click();
    await chartShows(page, ['Liberia', 'Sierra Leone']);
  });

  it('changes the data when the indicator and the measure change', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    const chart = page.getByTestId('chart');
    const before = await chart.getAttribute('data-points');

    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('deaths');
    await page.waitForSelector(
      '[data-testid="chart"][data-state="ready"][data-indicator="cumulative-all-deaths"]',
    );
    await page.getByRole('combobox', { name: 'Measure' }).selectOption('weekly');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="weekly"]');
    await expect(chart.getAttribute('data-unit')).resolves.toBe('deaths per week');
    expect(await chart.getAttribute('data-points')).not.toBe(before);
    await expect(page.getByTestId('hdx-name').textContent()).resolves.toBe(
      'Cumulative number of confirmed, probable and suspected Ebola deaths',
    );
    // Combinations without data are marked in the picker, not silently empty.
    const measureOptions = await page
      .getByRole('combobox', { name: 'Measure' })
      .locator('option')
      .allTextContents();
    expect(measureOptions.some((t) => /sparse \(\d+ reports\)/.test(t))).toBe(true);

    await page.getByRole('combobox', { name: 'Measure' }).selectOption('cfr');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="cfr"]');
    await expect(chart.getAttribute('data-unit')).resolves.toBe('crude CFR (%)');
    expect(searchOf(page.url()).get('measure')).toBe('cfr');

    // Any of the 36 HDX indicators by its name, as in the original dropdown.
    await page.getByText('Choose by HDX name').click();
    await page
      .getByRole('combobox', { name: 'HDX indicator name' })
      .selectOption('proportion-last-21-days-confirmed-cases');
    await page.waitForSelector(
      '[data-testid="chart"][data-state="ready"][data-indicator="proportion-last-21-days-confirmed-cases"]',
    );
    await expect(page.getByRole('combobox', { name: 'Measure' }).inputValue()).resolves.toBe('other');
    await expect(page.getByTestId('hdx-name').textContent()).resolves.toBe(
      'Proportion of confirmed Ebola cases that are from the last 21 days',
    );
  });

  it('shows the exact numbers in a sortable table (Guinea, all cases, 10 March 2015 = 3,285)', async () => {
    const { page } = await open('?view=table');
    const table = page.getByTestId('series-table');
    await table.waitFor();
    const row = table.locator('tbody tr', { has: page.locator('th[data-date="2015-03-10"]') });
    await expect(row.locator('td').first().textContent()).resolves.toBe('3,285');
    await table.getByRole('button', { name: /^Guinea/ }).click();
    await expect(table.locator('th[aria-sort="descending"]').textContent()).resolves.toMatch(/^Guinea/);
    const first = await table.locator('tbody tr').first().locator('td').first().textContent();
    const second = await table.locator('tbody tr').nth(1).locator('td').first().textContent();
    expect(Number(first?.replace(/[^\d]/g, ''))).toBeGreaterThanOrEqual(
      Number(second?.replace(/[^\d]/g, '')),
    );
    await screenshot(page, 'desktop-light-table');
  });

  it('keeps every choice in the URL: reload restores it, back restores the previous one', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    await page.getByRole('combobox', { name: 'Measure' }).selectOption('weekly');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="weekly"]');
    await page.getByRole('checkbox', { name: 'Log scale' }).check();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="true"]');
    expect(searchOf(page.url()).get('measure')).toBe('weekly');
    expect(searchOf(page.url()).get('log')).toBe('1');

    await page.reload();
    await page.waitForSelector(
      '[data-testid="chart"][data-state="ready"][data-log="true"][data-measure="weekly"]',
    );
    await expect(page.getByRole('checkbox', { name: 'Log scale' }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('combobox', { name: 'Measure' }).inputValue()).resolves.toBe('weekly');

    await page.goBack();
    await page.waitForSelector(
      '[data-testid="chart"][data-state="ready"][data-log="false"][data-measure="weekly"]',
    );
    await expect(page.getByRole('checkbox', { name: 'Log scale' }).isChecked()).resolves.toBe(false);
    await page.goBack();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="cumulative"]');
    await expect(page.getByRole('combobox', { name: 'Measure' }).inputValue()).resolves.toBe('cumulative');
    await page.goForward();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="weekly"]');
  });

  it('toggles the log scale, per-100k and small multiples', async () => {
    const { page } = await open('?country=Guinea&country=Liberia&country=Sierra+Leone');
    await chartShows(page, ['Guinea', 'Liberia', 'Sierra Leone']);
    const chart = page.getByTestId('chart');
    await page.getByRole('checkbox', { name: 'Log scale' }).check();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="true"]');
    await page.getByRole('checkbox', { name: 'Log scale' }).uncheck();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="false"]');
    await page.getByRole('checkbox', { name: 'Per 100,000 people' }).check();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-unit*="100k"]');
    await page.getByRole('checkbox', { name: 'One panel per country' }).check();
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-multiples="true"]');
    await expect(chart.locator('.multiple').count()).resolves.toBe(3);
    await screenshot(page, 'desktop-light-multiples');
    // A date range narrows the data and lands in the URL.
    const allPoints = Number(await chart.getAttribute('data-points'));
    await page.getByLabel('From', { exact: true }).fill('2015-01-01');
    await page.getByLabel('From', { exact: true }).press('Enter');
    await expect.poll(() => searchOf(page.url()).get('from')).toBe('2015-01-01');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"]');
    expect(Number(await chart.getAttribute('data-points'))).toBeLessThan(allPoints);
  });

  it('downloads the CSV of the series on screen: the same values as the API', async () => {
    const { page } = await open('?country=Guinea&country=Sierra+Leone&measure=weekly&from=2015-01-01');
    await chartShows(page, ['Guinea', 'Sierra Leone']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^ebola_weekly-all-cases_guinea-sierra-leone_2015-01-\d\d_2016-03-\d\d\.csv$/,
    );
    const rows = (await readFile((await download.path())!, 'utf8')).trim().split('\r\n').slice(1);
    const api = (await (
      await fetch(
        `${session.dashboard.origin}/api/series?country=Guinea&country=Sierra+Leone&indicator=cumulative-all-cases&measure=weekly&from=2015-01-01`,
      )
    ).json()) as SeriesResponse;
    const expected = api.series.flatMap((t) =>
      t.dates.map((d, i) => `${d},${t.country},${t.values[i] ?? ''},`),
    );
    expect(rows.map((r) => r.split(',').slice(0, 3).join(',') + ',')).toEqual(expected);
    expect(rows.length).toBeGreaterThan(20);
  });

  it('exports the chart as a PNG', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PNG' }).click(),
    ]);
    const png = await readFile((await download.path())!);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(download.suggestedFilename()).toMatch(/\.png$/);
  });

  it('opens the map, and the slider and play button change the date', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    await page.getByRole('tab', { name: 'Map' }).click();
    const slider = page.getByTestId('map-slider');
    await slider.waitFor();
    await expect(page.locator('.map-country').count()).resolves.toBe(10);
    const output = page.getByTestId('map-date');
    const last = await output.textContent();
    expect(last).toBe('23 Mar 2016');
    // One shape per country: "Liberia 2" is counted in Liberia (10,666 + 9), and the caption says so.
    await expect(page.getByTestId('map-values').textContent()).resolves.toMatch(/Liberia10,675/);
    await expect(page.locator('#map-caption').textContent()).resolves.toMatch(
      /"Liberia 2" are counted in their country/,
    );
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(output.textContent()).resolves.toBe('29 Aug 2014');
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    const moved = await output.textContent();
    expect(moved).not.toBe('29 Aug 2014');
    expect(searchOf(page.url()).get('view')).toBe('map');
    expect(searchOf(page.url()).get('date')).toMatch(/^2014-|^2015-/);
    // Guinea has a colour at that date; the listing gives the number.
    await expect(
      page.locator('.map-country[data-country="Guinea"]').getAttribute('class'),
    ).resolves.not.toMatch(/no-data/);
    await expect(page.getByTestId('map-values').textContent()).resolves.toMatch(/Guinea\d/);
    await screenshot(page, 'desktop-light-map');
    await page.getByTestId('map-play').click();
    await page.getByTestId('map-date').filter({ hasNotText: moved! }).waitFor();
    await page.getByTestId('map-play').click();
    await expect(page.getByTestId('map-play').getAttribute('aria-pressed')).resolves.toBe('false');
  });

  it('works with the keyboard alone', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    // Skip link first, then the country search.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.className')).resolves.toBe('skip-link');
    const search = page.getByRole('combobox', { name: 'Add or remove a country' });
    for (let i = 0; i < 6 && !(await search.evaluate((el) => el === el.ownerDocument.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(search.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await page.keyboard.type('Sierra');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await chartShows(page, ['Guinea', 'Liberia', 'Sierra Leone']);
    await page.keyboard.press('Escape');
    // Backspace in the empty search removes the last chosen country.
    await page.keyboard.press('Backspace');
    await chartShows(page, ['Guinea', 'Liberia']);
    // Move on to the measure select and change it with arrow keys.
    await page.getByRole('combobox', { name: 'Measure' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="weekly"]');
    // Space toggles a checkbox.
    await page.getByRole('checkbox', { name: 'Log scale' }).focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="true"]');
    // Legend entries are buttons: Enter hides a series, again shows it.
    const legendLiberia = page.getByTestId('chart').getByRole('button', { name: /^Liberia/ });
    await legendLiberia.focus();
    await page.keyboard.press('Enter');
    await expect(legendLiberia.getAttribute('aria-pressed')).resolves.toBe('false');
    await page.keyboard.press('Enter');
    await expect(legendLiberia.getAttribute('aria-pressed')).resolves.toBe('true');
    // Arrow keys move between the view tabs.
    await page.getByRole('tab', { name: 'Chart' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('map-slider').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('series-table').waitFor();
    expect(searchOf(page.url()).get('view')).toBe('table');
  });

  it('fits a 360 px phone screen without horizontal scrolling, in every view', async () => {
    const { page } = await open(TWO, { width: 360, height: 780 });
    await chartShows(page, ['Guinea', 'Liberia']);
    const overflow = () =>
      page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await expect(overflow()).resolves.toBe(0);
    await screenshot(page, 'phone-light-chart');
    await page.getByRole('tab', { name: 'Map' }).click();
    await page.getByTestId('map-slider').waitFor();
    await expect(overflow()).resolves.toBe(0);
    await screenshot(page, 'phone-light-map');
    await page.getByRole('tab', { name: 'Table' }).click();
    await page.getByTestId('series-table').waitFor();
    await expect(overflow()).resolves.toBe(0);
  });

  it('follows a dark system theme', async () => {
    const { page } = await open('?country=Guinea&country=Liberia&country=Sierra+Leone', {
      colorScheme: 'dark',
    });
    await chartShows(page, ['Guinea', 'Liberia', 'Sierra Leone']);
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(15, 20, 25)');
    await screenshot(page, 'desktop-dark-chart');
    await page.getByRole('tab', { name: 'Map' }).click();
    await page.getByTestId('map-slider').waitFor();
    await screenshot(page, 'desktop-dark-map');
    const phone = await open(TWO, { width: 360, height: 780, colorScheme: 'dark' });
    await chartShows(phone.page, ['Guinea', 'Liberia']);
    await screenshot(phone.page, 'phone-dark-chart');
  });

  it('does not shift the layout while loading or when a selection changes', async () => {
    for (const width of [1280, 360]) {
      const guarded = session.track(
        await openPage(session.browser, session.dashboard.origin, { width, height: 800 }),
      );
      const { page } = guarded;
      await page.addInitScript(`
        window.layoutShifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.layoutShifts.push(e.value);
        }).observe({ type: 'layout-shift', buffered: true });
      `);
      await page.goto(`${session.dashboard.url}${TWO}`);
      await chartShows(page, ['Guinea', 'Liberia']);
      await page.locator('[data-testid="card-cases"] .card-value').filter({ hasText: /\d/ }).waitFor();
      // On a phone the settings are a panel over the page (it moves nothing when it opens).
      if (width < 900) await page.getByRole('button', { name: 'Edit chart' }).click();
      await page.getByRole('combobox', { name: 'Measure' }).selectOption('weekly');
      await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="weekly"]');
      await page.getByRole('checkbox', { name: 'Log scale' }).check();
      await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-log="true"]');
      const shifts = (await page.evaluate('window.layoutShifts')) as number[];
      const cumulative = shifts.reduce((a, b) => a + b, 0);
      expect(cumulative, `layout shift at ${width} px`).toBeLessThan(0.01);
    }
  });

  it('loads only from its own origin, with a CSP that forbids anything else', async () => {
    const { page } = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    const response = await fetch(session.dashboard.url, { headers: { 'accept-encoding': 'br' } });
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const resources: string[] = await page.evaluate(
      'performance.getEntriesByType("resource").map((e) => e.name)',
    );
    expect(resources.length).toBeGreaterThan(3);
    for (const url of resources) expect(new URL(url).origin).toBe(session.dashboard.origin);
  });
});
