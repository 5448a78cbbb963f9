// `npx nx run e2e:console-screenshots`: starts the embedded system like `npm start`, drives the console
// in Chromium as an admin with one session running, and writes a screenshot of each page to
// docs/console/ (what the README shows). Takes about a minute.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LcmSystem, QUICK_TIMINGS } from '../lcm-system';
import {
  DESKTOP,
  PHONE,
  launchChromium,
  logIn,
  openConsolePage,
  openTab,
  requestSession,
} from './console-browser';

const out = join(__dirname, '../../../../docs/console');

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const system = new LcmSystem();
  await system.start({ ...QUICK_TIMINGS, CONSOLE: 'true' });
  const browser = await launchChromium();
  try {
    const url = `http://127.0.0.1:${system.ports.console}`;
    const { page } = await openConsolePage(browser, DESKTOP);
    await page.goto(url);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await shoot(page, 'login');

    // The figure apps/console/README.md quotes: from navigation to the login page's load event.
    const loadMs = await page.evaluate(
      "Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd)",
    );
    console.log(`page load: ${String(loadMs)} ms`);
    await logIn(page, url, 'admin');
    await requestSession(page);
    await page
      .getByTestId(/^session-/)
      .first()
      .locator('[data-status="RUNNING"]')
      .waitFor({ timeout: 90_000 });
    await shoot(page, 'sessions');
    await page.getByText('Calendar').click();
    await page.getByTestId('sessions-calendar').locator('.vis-item').first().waitFor();
    await shoot(page, 'calendar');
    await openTab(page, 'Fleet');
    await page
      .getByTestId(/^worker-/)
      .first()
      .waitFor();
    await shoot(page, 'fleet');
    await openTab(page, 'Definitions');
    await page.getByRole('table', { name: 'Lablet definitions' }).waitFor();
    await shoot(page, 'definitions');
    await openTab(page, 'Events');
    await page.getByTestId('event-row').first().waitFor();
    await shoot(page, 'events');

    const phone = await openConsolePage(browser, PHONE);
    await logIn(phone.page, url, 'admin');
    await openTab(phone.page, 'Sessions');
    await phone.page
      .getByTestId(/^session-/)
      .first()
      .waitFor();
    await shoot(phone.page, 'sessions-phone');
  } finally {
    await browser.close();
    await system.stop();
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  // Let transitions and the calendar's layout settle before the picture.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(out, `${name}.png`) });
  console.log(`docs/console/${name}.png`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
