import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * 门卫登记 on a phone at the gatehouse: staff enter a visitor, see them 在校, mark them 离校 with
 * one tap and enter them again from the recent visitors with one tap; the centre officer sees the
 * school's counts, never the visitor.
 */
describe('gate log', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('enters a visitor on a 375×812 phone, marks them left, re-enters with one tap', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    await signIn(page, 'staff', server.password);
    await page.goto('/gate-log');
    await page.getByTestId('gate-enter').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.getByTestId('gate-name').fill('褚测试');
    await page.getByTestId('gate-id4').fill('4321');
    await page.getByTestId('gate-purpose').fill('送试卷');
    await page.getByTestId('gate-enter').click();
    await page.getByText('已登记进校').waitFor();
    const row = page.getByTestId('gate-inside').filter({ hasText: '褚测试' });
    await row.waitFor();
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/gate-log.png`, fullPage: true });
    await row.getByTestId('gate-leave').click();
    await page.getByText('已登记离校').waitFor();
    await expect.poll(() => page.getByTestId('gate-inside').filter({ hasText: '褚测试' }).count()).toBe(0);
    await page.getByTestId('gate-left').filter({ hasText: '褚测试' }).first().waitFor();
    await page.getByTestId('gate-recent').filter({ hasText: '褚测试' }).click();
    await page.getByTestId('gate-inside').filter({ hasText: '褚测试' }).waitFor();

    const desk = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(desk, 'centre_officer', server.password);
    await desk.goto('/gate-log');
    await desk.getByText('门卫登记情况').waitFor();
    expect(await desk.content()).not.toContain('褚测试');
  });
});
