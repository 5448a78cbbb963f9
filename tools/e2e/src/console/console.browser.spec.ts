import type { Browser, Page } from 'playwright-core';
import { LcmSystem, QUICK_TIMINGS } from '../lcm-system';
import {
  CHROMIUM,
  PHONE,
  hasChromium,
  launchChromium,
  logIn,
  openConsolePage,
  openTab,
  overflowsSideways,
  requestSession,
} from './console-browser';

// Chromium comes from Debian (`apt-get install -y chromium`); CI installs it, a laptop may not have it.
const describeInBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(`console browser tests skipped: no Chromium at ${CHROMIUM}`);

// The one console error expected: Chromium logs the 409 of the refused drain as a failed resource.
const REFUSAL_LOGGED = /status of 409/;

describeInBrowser('the console in Chromium, against the embedded system', () => {
  const system = new LcmSystem();
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    await system.start({ ...QUICK_TIMINGS, CONSOLE: 'true' });
    url = `http://127.0.0.1:${system.ports.console}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system.stop();
  });

  // A failing step names what it waited for; the page's text and the system's last lines say why.
  const failWithSystem = async (page: Page, errors: string[], walk: () => Promise<void>) => {
    try {
      await walk();
    } catch (error) {
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '(no page)');
      throw new Error(
        `${(error as Error).message}\n--- the page ---\n${text}\n--- its console errors ---\n${errors.join('\n')}\n--- last lines of the system ---\n${system.tail(40)}`,
        { cause: error },
      );
    }
  };

  it('lets an admin watch a requested session get a worker, become READY live and show on the calendar, and shows a refused action', async () => {
    const { page, errors } = await openConsolePage(browser);
    await failWithSystem(page, errors, async () => {
      await logIn(page, url, 'admin');
      await page.getByTestId('template-small').waitFor();
      expect(await page.getByTestId(/^template-/).count()).toBeGreaterThanOrEqual(3);
      await expectRows(page, 'worker', 0);

      // Its lab is prepared ahead (LAB_LEAD_MINUTES, 5), so the session waits READY for its start.
      await requestSession(page, 4);
      const row = page.getByTestId(/^session-/).first();
      await row.waitFor();
      // No reload from here on: the page follows the event streams.
      await row.locator('[data-status="READY"]').waitFor({ timeout: 90_000 });

      await page.getByText('Calendar').click();
      await page
        .getByTestId('sessions-calendar')
        .getByText('two-router-basics · dev-admin · READY')
        .waitFor();

      await openTab(page, 'Fleet');
      const worker = page.getByTestId(/^worker-/).first();
      await worker.locator('[data-status="RUNNING"]').first().waitFor();
      // Cancelling a drain that never began is refused, with the service's reason on the page.
      await act(page, 'Cancel drain');
      await page.getByRole('alert').filter({ hasText: 'is RUNNING; cancel-drain is not allowed' }).waitFor();
      await act(page, 'Drain');
      await worker.locator('[data-status="DRAINING"]').waitFor();
    });
    expect(errors.filter((error) => !REFUSAL_LOGGED.test(error))).toEqual([]);
    await page.context().close();
  }, 150_000);

  it('shows a user only their own session, on a phone too', async () => {
    const { page, errors } = await openConsolePage(browser, PHONE);
    await failWithSystem(page, errors, async () => {
      await logIn(page, url, 'user', 'alice');
      await requestSession(page);
      await page
        .getByTestId(/^session-/)
        .first()
        .waitFor();
      await expectRows(page, 'session', 1);
      expect(await page.getByRole('cell', { name: 'alice' }).count()).toBe(1);
      expect(await page.getByRole('cell', { name: 'dev-admin' }).count()).toBe(0);
      for (const tab of ['Fleet', 'Sessions', 'Definitions', 'Events'] as const) {
        await openTab(page, tab);
        expect(await overflowsSideways(page)).toBe(false);
      }
    });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});

/** Picks an action from the first worker's menu and confirms it. */
async function act(page: Page, action: 'Drain' | 'Cancel drain') {
  await page
    .getByRole('button', { name: /^Actions for / })
    .first()
    .click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
  await page.getByRole('dialog').getByText(`${action} worker `).waitFor();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

async function expectRows(page: Page, kind: 'worker' | 'session', count: number) {
  expect(await page.getByTestId(new RegExp(`^${kind}-`)).count()).toBe(count);
}
