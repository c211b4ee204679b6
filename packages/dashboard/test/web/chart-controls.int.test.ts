// End-to-end, in real Chromium against the real server: zooming the chart's dates
// (mouse and keyboard) and the two series options that map onto API flags, flare-up
// merge (merge=true) and clamping revisions (clamp=true). Like dashboard.test.ts, every
// test also fails on a request to another origin, a console error or an HTTP error.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatDate } from '../../src/web/chart-data.js';
import { chartShows } from './browser.js';
import { useDashboardSession } from './dashboard-session.js';

const session = useDashboardSession();
const open = async (search = ''): Promise<Page> => (await session.open(search)).page;
/** Two countries (the page's default has three): the announcements name them. */
const TWO = '?country=Guinea&country=Liberia';

const params = (page: Page) => new URL(page.url()).searchParams;
const DAY_MS = 86_400_000;
const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;
/** The whole reporting period (GET /api/meta dateRange for the shared HDX file). */
const PERIOD = { from: '2014-08-29', to: '2016-03-23' };

/** Waits for the chart of this date range (null = the whole period) to be drawn. */
async function chartOfRange(page: Page, from: string | null, to: string | null): Promise<void> {
  await expect.poll(() => [params(page).get('from'), params(page).get('to')]).toEqual([from, to]);
  await page.waitForSelector('[data-testid="chart"][data-state="ready"]');
}

const isFocused = (page: Page) =>
  page.getByTestId('chart').evaluate((el) => el === el.ownerDocument.activeElement);

describe('zooming the chart', { timeout: 120_000 }, () => {
  it('zooms and pans with + − ← → 0 on the focused chart, in the URL and announced', async () => {
    const page = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    const chart = page.getByTestId('chart');
    const allPoints = Number(await chart.getAttribute('data-points'));
    await chart.focus();

    await page.keyboard.press('+');
    await expect.poll(() => params(page).get('from')).not.toBeNull();
    const from = params(page).get('from')!;
    const to = params(page).get('to')!;
    // Half the period, about its middle.
    expect(Math.abs(days(from, to) - days(PERIOD.from, PERIOD.to) / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(days(PERIOD.from, from) - days(to, PERIOD.to))).toBeLessThanOrEqual(1);
    await chartOfRange(page, from, to);
    expect(Number(await chart.getAttribute('data-points'))).toBeLessThan(allPoints);
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe(formatDate(from));
    await expect(page.getByLabel('To', { exact: true }).inputValue()).resolves.toBe(formatDate(to));
    await expect
      .poll(() => page.getByTestId('announcer').textContent())
      .toMatch(/Guinea, Liberia, \d+ \w+ 2015 to \d+ \w+ 2015/);
    // The chart is redrawn under the focus: the keys keep working.
    await expect(isFocused(page)).resolves.toBe(true);

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => params(page).get('from')).not.toBe(from);
    const later = { from: params(page).get('from')!, to: params(page).get('to')! };
    expect(days(from, later.from)).toBeGreaterThan(30);
    expect(days(later.from, later.to)).toBeCloseTo(days(from, to), 0);
    await chartOfRange(page, later.from, later.to);

    await page.keyboard.press('ArrowLeft');
    await chartOfRange(page, from, to);

    await page.keyboard.press('-');
    await chartOfRange(page, null, null);
    expect(Number(await chart.getAttribute('data-points'))).toBe(allPoints);

    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await expect
      .poll(
        () =>
          params(page).get('from') !== null && days(params(page).get('from')!, params(page).get('to')!) < 200,
      )
      .toBe(true);
    await page.keyboard.press('0');
    await chartOfRange(page, null, null);
    await expect(page.getByTestId('announcer').textContent()).resolves.not.toMatch(/ to \d/);

    // A run of zoom keys is one history entry: Back returns to the view before the run.
    await page.goBack();
    await chartOfRange(page, null, null);
    // about:blank, the page as opened, and one entry for all the zoom keys.
    await expect(page.evaluate('history.length')).resolves.toBe(3);
  });

  it('zooms to the dates dragged across the plot; double-click shows the whole period', async () => {
    const page = await open(TWO);
    await chartShows(page, ['Guinea', 'Liberia']);
    const plot = page.locator('[data-testid="chart"] .u-over');
    const box = (await plot.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => params(page).get('from')).not.toBeNull();
    const from = params(page).get('from')!;
    const to = params(page).get('to')!;
    // A quarter of the period, starting a quarter of the way in (give or take a few days).
    const period = days(PERIOD.from, PERIOD.to);
    expect(Math.abs(days(PERIOD.from, from) - period / 4)).toBeLessThan(10);
    expect(Math.abs(days(from, to) - period / 4)).toBeLessThan(10);
    await chartOfRange(page, from, to);

    await page.locator('[data-testid="chart"] .u-over').dblclick();
    await chartOfRange(page, null, null);
  });
});

describe('series options that map onto API flags', { timeout: 120_000 }, () => {
  it('merges flare-ups: "Liberia 2" joins Liberia (merge=true), and splits again', async () => {
    const page = await open('?country=Liberia&country=Liberia+2');
    await chartShows(page, ['Liberia', 'Liberia 2']);
    const summary = page.locator('#chart-summary');
    await expect(summary.textContent()).resolves.toMatch(/Liberia: 10,666 on 23 Mar 2016; Liberia 2: 9 on/);

    const merged = page.waitForRequest(
      (r) => r.url().includes('/api/series?') && r.url().includes('merge=true'),
    );
    await page.getByRole('checkbox', { name: /Merge flare-ups/ }).check();
    await merged;
    await chartShows(page, ['Liberia']);
    expect(params(page).get('merge')).toBe('1');
    // The API's merged series: 10,666 + 9 on the last report.
    await expect(summary.textContent()).resolves.toMatch(/Liberia: 10,675 on 23 Mar 2016/);
    await expect(page.getByTestId('quality-notes').textContent()).resolves.toMatch(/Liberia 2/);

    await page.getByRole('checkbox', { name: /Merge flare-ups/ }).uncheck();
    await chartShows(page, ['Liberia', 'Liberia 2']);
    expect(params(page).get('merge')).toBeNull();
    await page.reload();
    await chartShows(page, ['Liberia', 'Liberia 2']);
  });

  it('clamps negative weekly counts (revisions) to zero (clamp=true), only for the weekly measure', async () => {
    const page = await open(`${TWO}&view=table`);
    await page.getByTestId('series-table').waitFor();
    const clamp = page.getByRole('checkbox', { name: /Clamp revisions/ });
    await expect(clamp.isDisabled()).resolves.toBe(true);

    await page.getByRole('combobox', { name: 'Measure' }).selectOption('weekly');
    // The table view is showing: the (hidden) chart's data hooks say what is loaded.
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="weekly"]', {
      state: 'attached',
    });
    await expect(clamp.isDisabled()).resolves.toBe(false);
    const table = page.getByTestId('series-table');
    const negativeCells = () => table.locator('tbody td').filter({ hasText: /^-\d/ }).count();
    // Guinea's epi-week counts go below zero 12 times, Liberia's once (WHO revisions).
    await expect.poll(negativeCells).toBe(13);

    const clamped = page.waitForRequest(
      (r) => r.url().includes('/api/series?') && r.url().includes('clamp=true'),
    );
    await clamp.check();
    await clamped;
    await expect.poll(negativeCells).toBe(0);
    expect(params(page).get('clamp')).toBe('1');
    await page.reload();
    await expect(page.getByRole('checkbox', { name: /Clamp revisions/ }).isChecked()).resolves.toBe(true);
    await expect.poll(negativeCells).toBe(0);

    await page.getByRole('checkbox', { name: /Clamp revisions/ }).uncheck();
    await expect.poll(negativeCells).toBe(13);
    expect(params(page).get('clamp')).toBeNull();
  });
});
