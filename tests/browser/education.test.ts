import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// school_officer (the safety officer of the demo's first school) records a lesson on a phone.
describe('safety education on a 375×812 phone', () => {
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

  it('records several classes at once; a half-filled form survives a reload', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    await signIn(page, 'school_officer', server.password);
    await page.goto('/education/new');
    await page.getByRole('combobox', { name: '年级' }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('三年级', { exact: true }).click();
    await page.getByRole('combobox', { name: '班级' }).click();
    for (const c of ['1班', '2班']) await page.locator('.ant-select-dropdown:visible').getByText(c, { exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: '教育主题' }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('防溺水', { exact: true }).click();
    await page.getByLabel('授课人', { exact: true }).fill('李老师');
    await page.screenshot({ path: process.env.EDU_SCREENSHOT ?? '/tmp/education-new-375.png', fullPage: true });

    // The phone keeps the draft: a reload brings it back.
    await page.reload();
    await page.getByTestId('draft-restored').waitFor({ state: 'visible' });
    await expect.poll(() => page.getByLabel('授课人', { exact: true }).inputValue()).toBe('李老师');

    await page.getByRole('button', { name: /提\s*交登记/ }).click();
    await page.waitForURL(/\/education\/[0-9a-f-]{36}$/);
    await page.getByText('三年级1、2班').waitFor({ state: 'visible' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Sent: the draft is gone, the list has the lesson.
    await page.goto('/education/new');
    await expect.poll(() => page.getByTestId('draft-restored').count()).toBe(0);
    await page.goto('/education?grade=3&classNo=2');
    await page.getByText('防溺水 · 1 课时').first().waitFor({ state: 'visible' });
    await page.screenshot({ path: process.env.EDU_LIST_SCREENSHOT ?? '/tmp/education-list-375.png', fullPage: false });
  });

  it('records a staff training with a head count', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    await signIn(page, 'school_officer', server.password);
    await page.goto('/trainings/new');
    await page.getByRole('combobox', { name: '培训类别' }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('急救培训', { exact: true }).click();
    await page.getByLabel('培训人', { exact: true }).fill('王医生');
    await page.getByLabel('参训人数').fill('36');
    await page.screenshot({ path: '/tmp/training-new-375.png', fullPage: true });
    await page.getByRole('button', { name: /提\s*交登记/ }).click();
    await page.waitForURL(/\/trainings\/[0-9a-f-]{36}$/);
    await page.getByText('36 人').first().waitFor({ state: 'visible' });
  });
});
