import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * 合规日历 on a phone (375×812): the school officer sees what is due this week and this semester
 * across every kind of duty, late ones first, and one tap opens the form that records it.
 * A screenshot is written to COMPLIANCE_SHOT when set.
 */
describe('the compliance calendar on a phone', () => {
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

  it('lists the duties of every kind and opens the record form', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, 'school_officer', server.password);
    await page.goto(`${server.baseUrl}/compliance-calendar`);
    await page.getByTestId('compliance-calendar').waitFor();
    await page.getByTestId('calendar-patrol_key_places').waitFor();
    await page.getByText('本学期').click();
    await page.getByTestId('calendar-all_hands_drill').waitFor();
    await page.getByText(/学期（/).waitFor();
    expect(await page.getByTestId('calendar-monthly_supervision').count()).toBe(0); // supervision received is not the school's to do
    const text = (await page.getByTestId('compliance-calendar').textContent()) ?? '';
    for (const label of ['应急演练', '安全教育', '巡查记录', '值班', '检查']) expect(text).toContain(label);
    expect(text).toContain('每月每班安全教育不少于 2 课时');
    if (process.env.COMPLIANCE_SHOT) await page.screenshot({ path: process.env.COMPLIANCE_SHOT });
    await page.getByTestId('record-patrol_key_places').click();
    await page.waitForURL(/\/patrol-logs\/new\?route=key_places$/);
    expect(errors).toEqual([]);
  }, 90_000);
});
