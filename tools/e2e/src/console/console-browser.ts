import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's Chromium, which CI installs (`apt-get install -y chromium`). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const hasChromium = () => existsSync(CHROMIUM);

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Chromium headless, as the browser tests and the screenshot script drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A page that records what would show in the browser's console as an error (and uncaught exceptions),
 * so a test can say there were none.
 */
export async function openConsolePage(
  browser: Browser,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors };
}

/** Logs in through the embedded role picker. */
export async function logIn(page: Page, url: string, role: 'admin' | 'manager' | 'user', name?: string) {
  await page.goto(url);
  await page.getByRole('radio', { name: new RegExp(`^${role} `) }).check();
  if (name) await page.getByLabel('User name (optional)').fill(name);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
}

/** Opens one of the console's pages by its tab. */
export async function openTab(page: Page, name: 'Fleet' | 'Sessions' | 'Definitions' | 'Events') {
  await page.getByRole('tab', { name }).click();
}

/** Requests a session of the seeded lablet from the Sessions page, starting now or in a few minutes. */
export async function requestSession(page: Page, startsInMinutes = 0) {
  await openTab(page, 'Sessions');
  if (startsInMinutes) await page.getByLabel('Starts in (min)').fill(String(startsInMinutes));
  await page.getByRole('button', { name: 'Request session' }).click();
}

/** Whether the page is wider than the window (a phone would scroll sideways). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth > window.innerWidth') as Promise<boolean>;
}
