import type { Browser, Page } from 'playwright-core';
import { DEMO_PEOPLE, type DemoPerson } from './demoServer';

/** A fresh browser context (its own cookies) signed in through the sign-in page as `person`. */
export async function signIn(browser: Browser, baseUrl: string, person: DemoPerson): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByTestId('signin-token').fill(DEMO_PEOPLE[person].token);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/signin'), page.getByTestId('signin-submit').click()]);
  return page;
}
