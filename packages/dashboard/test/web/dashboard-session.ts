// The end-to-end tests' shared setup: one dashboard server and one Chromium per test file,
// a fresh guarded page per test, and after each test a failure for any request to another
// origin, console error, page error or HTTP error that its pages saw.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type GuardedPage, launchChromium, openPage } from './browser.js';
import { type RunningDashboard, startDashboard } from './dashboard-server.js';

export interface DashboardSession {
  readonly dashboard: RunningDashboard;
  readonly browser: Browser;
  /** A new guarded page, at the dashboard's URL with `search` (e.g. "?view=map"). */
  open(search?: string, options?: Parameters<typeof openPage>[2]): Promise<GuardedPage>;
  /** A guarded page opened by the test itself, checked after the test like the others. */
  track(page: GuardedPage): GuardedPage;
}

/** Call once at the top of a test file: registers the hooks and returns the session. */
export function useDashboardSession(): DashboardSession {
  let dashboard: RunningDashboard | undefined;
  let browser: Browser | undefined;
  let opened: GuardedPage[] = [];

  beforeAll(async () => {
    [dashboard, browser] = await Promise.all([startDashboard(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });
  afterEach(async () => {
    for (const { context, foreignRequests, errors } of opened) {
      await context.close();
      expect(foreignRequests, 'requests to other origins').toEqual([]);
      expect(errors, 'console errors, page errors, HTTP errors').toEqual([]);
    }
    opened = [];
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the dashboard session is used before beforeAll ran');
    return value;
  };
  const session: DashboardSession = {
    get dashboard() {
      return started(dashboard);
    },
    get browser() {
      return started(browser);
    },
    async open(search = '', options = {}) {
      const guarded = session.track(await openPage(session.browser, session.dashboard.origin, options));
      await guarded.page.goto(`${session.dashboard.url}${search}`);
      return guarded;
    },
    track(page) {
      opened.push(page);
      return page;
    },
  };
  return session;
}
