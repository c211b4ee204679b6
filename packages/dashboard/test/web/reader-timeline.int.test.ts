// Issue #12's timeline (OWID grapher's): two handles under the chart set the date range,
// one handle under the map sets its date; keys, drag, URL and Share link. Real Chromium
// against the real server and the real HDX file.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartShows } from './browser.js';
import { useDashboardSession } from './dashboard-session.js';

const session = useDashboardSession();
const THREE = ['Guinea', 'Liberia', 'Sierra Leone'];
const searchOf = (page: Page) => new URL(page.url()).searchParams;

async function handle(page: Page, name: string) {
  const slider = page.getByRole('slider', { name });
  await slider.waitFor();
  return slider;
}

describe('timeline', { timeout: 120_000 }, () => {
  it('two keyboard handles under the chart set the range; a run of keys is one history entry', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    const start = await handle(page, 'Start date');
    const end = await handle(page, 'End date');
    await expect(start.getAttribute('aria-valuetext')).resolves.toBe('29 Aug 2014');
    await expect(end.getAttribute('aria-valuetext')).resolves.toBe('23 Mar 2016');
    const length = await page.evaluate('history.length');
    await start.focus();
    await page.keyboard.press('PageUp'); // four weeks
    await page.keyboard.press('ArrowRight'); // one week
    await expect.poll(() => searchOf(page).get('from')).toBe('2014-10-03');
    await page.waitForSelector('[data-testid="chart"][data-state="ready"]');
    await expect(start.getAttribute('aria-valuetext')).resolves.toBe('3 Oct 2014');
    await expect(page.getByTestId('timeline-start-date').textContent()).resolves.toBe('3 Oct 2014');
    expect(await page.evaluate('history.length')).toBe((length as number) + 1);
    // The end's lowest value follows the start (two weeks apart at least).
    await expect(end.getAttribute('aria-valuemin')).resolves.toBe(String(35 + 14));
    await end.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => searchOf(page).get('to')).toBe('2014-10-17');
    await page.keyboard.press('End');
    await expect.poll(() => searchOf(page).get('to')).toBeNull();
    // The date inputs in the settings say the same.
    await expect(page.locator('#from').inputValue()).resolves.toBe('3 Oct 2014');
    await page.goBack();
    await expect.poll(() => searchOf(page).get('from')).toBeNull();
    await expect(start.getAttribute('aria-valuetext')).resolves.toBe('29 Aug 2014');
  });

  it('dragging a handle sets the range on release; the Share link carries it', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    const end = await handle(page, 'End date');
    const track = page.locator('.timeline-track');
    const box = (await track.boundingBox())!;
    const grip = (await end.boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    // Not in the URL until released.
    expect(searchOf(page).get('to')).toBeNull();
    await page.mouse.up();
    await expect.poll(() => searchOf(page).get('to')).toMatch(/^2015-0[5-6]-/);
    const to = searchOf(page).get('to')!;
    await page.waitForSelector('[data-testid="chart"][data-state="ready"]');
    const ticks = (await page.locator('.uplot').first().getAttribute('data-x-ticks')) ?? '';
    expect(ticks).not.toMatch(/2016/);
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.locator('#share-link').inputValue()).resolves.toContain(`to=${to}`);
    // A press on the track left of both handles moves the start there.
    // (the Share panel opened above the chart: the track moved down)
    await track.scrollIntoViewIfNeeded();
    const moved = (await track.boundingBox())!;
    await page.mouse.click(moved.x + moved.width * 0.1, moved.y + moved.height / 2);
    await expect.poll(() => searchOf(page).get('from')).toMatch(/^2014-(09|10)-/);
  });

  it('on the Map tab one handle sets the map date, in the URL and the Share link', async () => {
    const { page } = await session.open('?view=map');
    const slider = page.getByTestId('map-slider');
    await slider.waitFor();
    await expect(page.getByRole('slider', { name: 'Start date' }).isHidden()).resolves.toBe(true);
    await expect(slider.getAttribute('aria-label')).resolves.toBe('Map date');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => searchOf(page).get('date')).toBe('2014-08-29');
    await page.keyboard.press('PageUp');
    const date = searchOf(page).get('date')!;
    expect(date > '2014-08-29').toBe(true);
    await expect(page.locator('.map-panel').getAttribute('data-date')).resolves.toBe(date);
    await expect(slider.getAttribute('aria-valuetext')).resolves.toBe(
      await page.getByTestId('map-date').textContent(),
    );
    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.locator('#share-link').inputValue()).resolves.toContain(`date=${date}`);
    // Back on the chart, two handles again, and the chart's range untouched.
    await page.getByRole('tab', { name: 'Chart' }).click();
    await chartShows(page, THREE);
    await expect(page.getByRole('slider', { name: 'Start date' }).isVisible()).resolves.toBe(true);
    expect(searchOf(page).get('from')).toBeNull();
  });
});
