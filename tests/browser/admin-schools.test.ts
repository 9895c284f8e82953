import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

describe('district admin edits a school profile', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.baseUrl)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in, filters the list, edits enrollment and sees it after reload', async () => {
    await signIn(page, 'admin', server.password);
    await page.getByText('区教委安稳科管理员').first().waitFor({ state: 'visible' });

    await page.getByRole('menuitem', { name: '学校' }).click();
    await page.waitForURL('**/schools');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(50); // a full first page of the 270 demo schools

    // Filter: type 小学 plus a keyword; the URL carries the filters.
    await page.getByLabel('学校类型').click();
    await page.locator('.ant-select-item-option[title="小学"]').click();
    await page.waitForURL(/schoolType=primary/);
    await page.getByLabel('关键词').fill('实验');
    await page.getByLabel('关键词').press('Enter');
    await page.waitForURL(/keyword=/);
    await expect.poll(async () => (await rows.allInnerTexts()).every((t) => t.includes('小学') && t.includes('实验'))).toBe(true);
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(50);

    const first = rows.first();
    const name = ((await first.locator('td').first().textContent()) ?? '').trim();
    await first.click();
    // The row opens the school's file (read-only); its edit button opens the form.
    await page.waitForURL(/\/schools\/[0-9a-f-]{36}$/);
    await page.getByTestId('school-file').getByText(name).first().waitFor({ state: 'visible' });
    await page.getByRole('button', { name: '编辑档案' }).click();
    await page.waitForURL(/\/schools\/[0-9a-f-]{36}\/edit$/);
    await page.getByText(name).first().waitFor({ state: 'visible' });

    const enrollment = page.getByLabel('在校学生数');
    const before = Number(await enrollment.inputValue());
    const after = before + 37;
    await enrollment.fill(String(after));
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存').waitFor({ state: 'visible' });

    await page.reload();
    await expect.poll(() => page.getByLabel('在校学生数').inputValue()).toBe(String(after));

    // The list shows the new figure too (formatted with a thousands separator).
    await page.goto(`/schools?keyword=${encodeURIComponent(name)}`);
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().textContent()).toContain(after.toLocaleString('zh-CN'));
  });
});
