import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// 一岗双责 (issue 9): the school's safety officer on a 375×812 phone opens 安全责任书, picks a post
// holder who has not signed this year, the holder signs on the screen, and the letter counts as
// signed (the figure, the holder's tag) and prints as a PDF.
describe('responsibility letter signed on the phone', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shot = async (name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl, true);
    page = await context.newPage();
    await signIn(page, 'school_officer', server.password);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const figure = async (key: string) => Number((await page.getByTestId(`letter-count-${key}`).locator('.ant-statistic-content-value').textContent())?.trim());

  it('signs an unsigned holder on screen and sees it counted', async () => {
    await page.goto('/letters');
    await page.getByTestId('school-letters').waitFor();
    await page.getByTestId('letter-holder').first().waitFor();
    const signedBefore = await figure('signed');
    const unsignedBefore = await figure('unsigned');
    expect(unsignedBefore).toBeGreaterThan(0);
    await shot('letters-before');

    const row = page.getByTestId('letter-holder').filter({ hasText: '未签' }).first();
    const name = (await row.locator('.ant-list-item-meta-title span').first().textContent())?.trim() ?? '';
    await row.getByRole('button', { name: `签订 ${name} 的责任书` }).click();
    const dialog = page.getByTestId('sign-letter');
    await dialog.waitFor();
    const canvas = dialog.getByTestId('signature-canvas');
    const confirm = dialog.getByRole('button', { name: '确认签订' });
    for (let attempt = 0; attempt < 5 && !(await confirm.isEnabled()); attempt++) {
      await page.waitForTimeout(300);
      const box = await canvas.boundingBox();
      if (!box) throw new Error('signature canvas not visible');
      await page.mouse.move(box.x + 30, box.y + 100);
      await page.mouse.down();
      for (const [dx, dy] of [
        [60, 40],
        [100, 120],
        [150, 50],
        [200, 110],
        [260, 60],
      ] as const)
        await page.mouse.move(box.x + dx, box.y + dy, { steps: 5 });
      await page.mouse.up();
    }
    await shot('letters-signing');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => figure('signed')).toBe(signedBefore + 1);
    expect(await figure('unsigned')).toBe(unsignedBefore - 1);
    const signedRow = page.getByTestId('letter-holder').filter({ hasText: name }).filter({ hasText: '已签' });
    await signedRow.first().waitFor();
    await shot('letters-after');

    const href = await signedRow.first().getByRole('link', { name: /打印/ }).getAttribute('href');
    const pdf = await page.request.get(href as string);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
