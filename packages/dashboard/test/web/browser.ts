// Debian's Chromium driven by playwright-core, one fresh context (profile) per test,
// with two guards every test gets for free: any request to another origin is
// blocked and recorded, and console errors / page errors are recorded.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ARTIFACTS } from './dashboard-server.js';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Browser features we turn off on top of playwright-core's own list. Every new context
 * is a new browser window, and Chromium 15x loads the address bar's WebUI popup
 * (chrome://omnibox-popup.top-chrome) into a renderer of its own for each window:
 * 350–500 ms of CPU competing with the page on a 2-core machine, in a browser UI that
 * headless never shows (Puppeteer disables the same two features by default).
 */
const EXTRA_DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

let defaultFeatureSwitch: Promise<string | null> | null = null;

/**
 * playwright-core's own `--disable-features=…` switch. Chromium keeps only the last
 * `--disable-features`, so ours must repeat playwright's list rather than replace it:
 * read it once from the command line of a browser launched with the defaults.
 */
function playwrightFeatureSwitch(): Promise<string | null> {
  defaultFeatureSwitch ??= (async () => {
    const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: ARGS });
    try {
      const pid = server.process().pid;
      if (pid === undefined) return null;
      const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      return argv.find((arg) => arg.startsWith('--disable-features=')) ?? null;
    } finally {
      await server.close();
    }
  })();
  return defaultFeatureSwitch;
}

export async function launchChromium(): Promise<Browser> {
  const defaults = await playwrightFeatureSwitch();
  const features = [
    ...(defaults?.slice('--disable-features='.length).split(',') ?? []),
    ...EXTRA_DISABLED_FEATURES,
  ];
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: defaults ? [defaults] : [],
    args: [...ARGS, `--disable-features=${features.join(',')}`],
  });
}

export interface GuardedPage {
  context: BrowserContext;
  page: Page;
  /** Requests that tried to leave the app's origin (blocked). */
  foreignRequests: string[];
  /** console.error messages, uncaught exceptions and failed same-origin requests. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  origin: string,
  options: { width?: number; height?: number; colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<GuardedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-GB',
    acceptDownloads: true,
  });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      foreignRequests.push(url);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  return { context, page, foreignRequests, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Waits until the chart has drawn exactly these traces. */
export async function chartShows(page: Page, traces: string[]): Promise<void> {
  await page.waitForSelector(`[data-testid="chart"][data-state="ready"][data-traces="${traces.join('|')}"]`, {
    timeout: 15_000,
  });
}
