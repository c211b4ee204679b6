// French (issue #12) in real Chromium: chosen from the browser's language, switchable, kept
// in the URL; numbers and dates written the French way; HDX names still visible. Then every
// tab in both languages and both themes: axe-core reports no violation, and screenshots at
// 360 and 1366 px are saved in test-artifacts/.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chartShows, screenshot } from './browser.js';
import { useDashboardSession } from './dashboard-session.js';

const session = useDashboardSession();
const THREE = ['Guinea', 'Liberia', 'Sierra Leone'];
const searchOf = (page: Page) => new URL(page.url()).searchParams;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function cardValue(page: Page, id: string): Promise<string> {
  const value = page.locator(`[data-testid="card-${id}"] .card-value`);
  await value.filter({ hasText: /\d/ }).waitFor();
  return (await value.textContent()) ?? '';
}

describe('French', { timeout: 120_000 }, () => {
  it('follows a French browser: words, numbers and dates in French, HDX names visible', async () => {
    const { page } = await session.open('', { locale: 'fr-FR' });
    await chartShows(page, THREE);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'L’épidémie d’Ebola en Afrique de l’Ouest',
    );
    expect(await cardValue(page, 'cases')).toBe('28\u202f592');
    await expect(page.locator('[data-testid="card-cases"] .card-detail').textContent()).resolves.toBe(
      'Guinée 3\u202f804 · Libéria 10\u202f666 · Sierra Leone 14\u202f122',
    );
    await expect(page.locator('[data-testid="card-cfr"] .card-value').textContent()).resolves.toBe(
      '39,5\u00a0%',
    );
    await expect(page.locator('[data-testid="card-last-report"] .card-value').textContent()).resolves.toBe(
      '23 mars 2016',
    );
    await expect(page.getByRole('tab', { name: 'Graphique' }).getAttribute('aria-selected')).resolves.toBe(
      'true',
    );
    await expect(page.getByTestId('chart-title').textContent()).resolves.toBe(
      'Cas (toutes classifications), cumul',
    );
    // The HDX indicator name stays in English, as the data writes it.
    await expect(page.getByTestId('hdx-name').textContent()).resolves.toBe(
      'Cumulative number of confirmed, probable and suspected Ebola cases',
    );
    await expect(page.getByTestId('selected-countries').textContent()).resolves.toBe(
      'Guinée×Libéria×Sierra Leone×',
    );
    await page.getByRole('combobox', { name: 'Ajouter ou retirer un pays' }).fill('nig');
    await expect(page.getByRole('option', { name: /Nigéria/ }).textContent()).resolves.toBe('NigériaNigeria');
    // A French browser gets French without lang= in the URL.
    expect(searchOf(page).get('lang')).toBe(null);
  });

  it('switches language, keeps it in the URL and on reload; typed dates in either language', async () => {
    const { page } = await session.open('?from=2015-03-23');
    await chartShows(page, THREE);
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('23 Mar 2015');
    await page.getByLabel('Language / Langue').selectOption('fr');
    await expect.poll(() => searchOf(page).get('lang')).toBe('fr');
    await expect(page.getByRole('tab', { name: 'Carte' }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Du', { exact: true }).inputValue()).resolves.toBe('23 mars 2015');
    await page.getByLabel('Au', { exact: true }).fill('1 juin 2015');
    await page.getByLabel('Au', { exact: true }).press('Enter');
    await expect.poll(() => searchOf(page).get('to')).toBe('2015-06-01');
    await page.reload();
    await chartShows(page, THREE);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'L’épidémie d’Ebola en Afrique de l’Ouest',
    );
    const ticks = (await page.locator('.uplot').first().getAttribute('data-x-ticks')) ?? '';
    expect(ticks).toMatch(/avr\.|mai|juin/);
    await page.getByLabel('Language / Langue').selectOption('en');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('The West African Ebolavirus Outbreak');
  });

  it('a French CSV keeps the HDX names and plain numbers', async () => {
    const { page } = await session.open('?lang=fr&country=Guinea');
    await chartShows(page, ['Guinea']);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger CSV' }).click(),
    ]);
    const text = await readFile((await file.path())!, 'utf8');
    expect(text).toMatch(/\n2016-03-23,Guinea,3804,/);
  });
});

type AxeResult = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };

async function axe(page: Page): Promise<AxeResult['violations']> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
    // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays as it is.
    await page.evaluate(await readFile(AXE, 'utf8'));
  }
  const result = (await page.evaluate(
    'window.axe.run(document, { resultTypes: ["violations"] })',
  )) as AxeResult;
  return result.violations;
}

describe('every tab, both languages, both themes', { timeout: 300_000 }, () => {
  it('axe finds a violation when there is one (the check below can fail)', async () => {
    const { page } = await session.open();
    await chartShows(page, THREE);
    await page.evaluate(
      `document.body.append(Object.assign(document.createElement('img'), { src: 'data:,' }))`,
    );
    expect((await axe(page)).map((v) => v.id)).toContain('image-alt');
  });

  for (const lang of ['en', 'fr'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`has no axe violation and is photographed at 360 and 1366 px (${lang}, ${colorScheme})`, async () => {
        for (const width of [1366, 360]) {
          const { page } = await session.open(`?lang=${lang}`, { width, height: 900, colorScheme });
          await chartShows(page, THREE);
          await page.locator('[data-testid="card-cases"] .card-value').filter({ hasText: /\d/ }).waitFor();
          for (const view of ['chart', 'map', 'table', 'sources'] as const) {
            if (view !== 'chart') {
              const name = {
                map: { en: 'Map', fr: 'Carte' },
                table: { en: 'Table', fr: 'Tableau' },
                sources: { en: 'Sources & notes', fr: 'Sources et notes' },
              }[view][lang];
              await page.getByRole('tab', { name }).click();
              await page.waitForSelector(
                {
                  map: '[data-testid="map-slider"]',
                  table: '[data-testid="series-table"]',
                  sources: '[data-testid="citation"]',
                }[view],
              );
            }
            // Nothing wider than the screen, on any tab.
            expect(
              await page.evaluate(
                'document.documentElement.scrollWidth - document.documentElement.clientWidth',
              ),
              `${view}, ${width} px`,
            ).toBe(0);
            const violations = await axe(page);
            expect(
              violations.map(
                (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
              ),
              `${view}, ${lang}, ${colorScheme}, ${width} px`,
            ).toEqual([]);
            await screenshot(page, `reader-${width}-${colorScheme}-${lang}-${view}`);
          }
          if (width === 360) {
            await page
              .getByRole('button', { name: lang === 'en' ? 'Edit chart' : 'Modifier le graphique' })
              .click();
            expect(await axe(page), `Edit chart panel, ${lang}, ${colorScheme}`).toEqual([]);
            await screenshot(page, `reader-${width}-${colorScheme}-${lang}-edit-chart`);
          }
        }
      });
    }
  }
});
