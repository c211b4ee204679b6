// The browser side of issue #11 in real Chromium: the Rt line with its credible band, the
// R = 1 line, uncertain stretches faded, the interval and the growth of incidence in the
// hover values, the table, the CSV and the image, the method as the chart's subtitle.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SeriesResponse } from '../../src/core/api-types.js';
import { chartShows } from './browser.js';
import { useDashboardSession } from './dashboard-session.js';

const session = useDashboardSession();
const searchOf = (page: Page) => new URL(page.url()).searchParams;

async function download(page: Page, button: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

describe('Rt in the browser', { timeout: 120_000 }, () => {
  it('is a measure in the picker, with its window, and the method as the subtitle', async () => {
    const { page } = await session.open('?country=Liberia');
    await chartShows(page, ['Liberia']);
    await page.getByRole('combobox', { name: 'Measure' }).selectOption('rt');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"][data-measure="rt"]');
    expect(searchOf(page).get('measure')).toBe('rt');
    await expect(page.getByTestId('chart-title').textContent()).resolves.toBe(
      'Reproduction number Rt, from all cases',
    );
    const subtitle = (await page.getByTestId('chart-subtitle').textContent()) ?? '';
    expect(subtitle).toMatch(/Cori et al\. 2013/);
    expect(subtitle).toMatch(/mean 15\.3 and SD 9\.3 days/);
    expect(subtitle).toMatch(/Window: 2 weeks\.$/);
    await expect(page.getByRole('checkbox', { name: 'Per 100,000 people' }).isDisabled()).resolves.toBe(true);

    const asked = page.waitForRequest((r) => r.url().includes('measure=rt') && r.url().includes('window=4'));
    await page.getByRole('combobox', { name: 'Rt window' }).selectOption('4');
    await asked;
    await expect.poll(() => searchOf(page).get('window')).toBe('4');
    await expect.poll(() => page.getByTestId('chart-subtitle').textContent()).toMatch(/Window: 4 weeks\.$/);
  });

  it('hover values give Rt with its interval and the growth of weekly incidence', async () => {
    const { page } = await session.open('?country=Liberia&measure=rt&from=2014-10-01&to=2014-11-30');
    await chartShows(page, ['Liberia']);
    const api = (await (
      await fetch(
        `${session.dashboard.origin}/api/series?country=Liberia&indicator=cumulative-all-cases&measure=rt&from=2014-10-01&to=2014-11-30`,
      )
    ).json()) as SeriesResponse;
    const over = (await page.locator('[data-testid="chart"] .u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width / 2, over.y + over.height / 2);
    const value = page.locator('[data-testid="chart"] .u-legend .u-series').nth(1).locator('.u-value');
    await expect.poll(() => value.textContent()).toMatch(/^\d+(\.\d+)? \(\d+(\.\d+)?–\d+(\.\d+)?\)/);
    const text = (await value.textContent()) ?? '';
    // The numbers are the API's for the hovered week.
    const date =
      (await page
        .locator('[data-testid="chart"] .u-legend .u-series')
        .first()
        .locator('.u-value')
        .textContent()) ?? '';
    const week = /\((\d{4}-W\d{2})\)/.exec(date)?.[1];
    const trace = api.series[0]!;
    const i = trace.weeks!.indexOf(week!);
    expect(i).toBeGreaterThanOrEqual(0);
    const two = (v: number) => String(Math.round(v * 100) / 100);
    expect(
      text.startsWith(`${two(trace.values[i]!)} (${two(trace.lower![i]!)}–${two(trace.upper![i]!)})`),
    ).toBe(true);
    if (trace.growthRate![i] !== null) expect(text).toMatch(/%\/day, (doubling|halving) in [\d.]+ days/);
  });

  it('the table, the CSV and the SVG carry the interval; the image draws the band, R = 1 and faded stretches', async () => {
    const { page } = await session.open('?country=Liberia&measure=rt&view=table');
    await page.getByTestId('series-table').waitFor();
    const cell = page
      .getByTestId('series-table')
      .locator('tbody tr', { has: page.locator('th', { hasText: '2014-W39' }) });
    await expect(cell.locator('td').first().textContent()).resolves.toMatch(
      /^2\.2 \(2\.09–2\.32\); \+2\.48 %\/day, doubling in 28 days$/,
    );

    const csv = await download(page, 'Download CSV');
    expect(csv.name).toBe('ebola_rt-all-cases_liberia_2014-09-21_2016-03-27.csv');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe(
      'date,country,value,unit,indicator,hdx_indicator,measure,population,population_source,source,iso_week,lower_95,upper_95,uncertain,growth_rate_per_day,doubling_time_days,halving_time_days,method',
    );
    const w39 = rows.find((r) => r.startsWith('2014-09-28,Liberia,'));
    expect(w39).toMatch(
      /,2014-W39,2\.08\d*,2\.31\d*,false,0\.0247\d*,28\.00\d*,,"instantaneous reproduction number Rt/,
    );

    await page.getByRole('tab', { name: 'Chart' }).click();
    await chartShows(page, ['Liberia']);
    const svg = await download(page, 'Download SVG');
    expect(svg.text).toMatch(/<polygon fill="#[0-9A-Fa-f]{6}" fill-opacity="0\.16"/);
    expect(svg.text).toContain('>R = 1<');
    // Liberia's Rt after the last cases is the prior's: uncertain, drawn faded.
    expect(svg.text).toContain('stroke-opacity="0.35"');
  });
});
