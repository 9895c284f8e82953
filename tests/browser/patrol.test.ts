import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * 巡查记录 on a phone: staff record a round with one finding that becomes a hazard; the 包校
 * inspector opens it and marks it 已核实; the principal fills the roster for a day.
 */
describe('patrol logs and the duty roster', () => {
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

  it('a guard records a round with a finding on a 375×812 phone; the inspector marks it checked', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    await signIn(page, 'staff', server.password);
    await page.goto('/patrol-logs/new');
    const today = page.getByTestId('patrol-today');
    await today.getByText(/重点部位 \d+/).waitFor();
    const before = Number((/重点部位 (\d+)/.exec((await today.textContent()) ?? '') ?? [])[1]);
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/patrol-new.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await page.getByText('发现问题', { exact: true }).click();
    await page.getByPlaceholder('发现的问题，如：消防通道堆放杂物').fill('消防通道堆放纸箱');
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/patrol-finding.png`, fullPage: true });
    await page.getByTestId('patrol-submit').click();
    await page.getByText(/已登记巡查 XC\d+，转为隐患 1 条/).waitFor();
    await expect.poll(async () => Number((/重点部位 (\d+)/.exec((await today.textContent()) ?? '') ?? [])[1])).toBe(before + 1);
    // The draft was cleared: back to 正常.
    await expect.poll(() => page.getByTestId('patrol-submit').textContent()).toContain('正常');

    await page.goto('/patrol-logs?withFindings=true');
    await page.getByTestId('patrol-row').first().click();
    await page.waitForURL(/\/patrol-logs\/[0-9a-f-]{36}$/);
    const url = page.url();
    await page.getByText('消防通道堆放纸箱').waitFor();
    await expect.poll(() => page.getByTestId('record-check').count()).toBe(0); // nothing to show the school yet

    const desk = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(desk, 'inspector', server.password);
    await desk.goto(new URL(url).pathname);
    const mark = desk.getByTestId('record-check');
    await mark.getByPlaceholder('核实意见（选填）').fill('电话核实');
    await mark.getByRole('button', { name: '记录抽查核实' }).click();
    await mark.getByText('电话核实').waitFor();

    await page.reload();
    await page.getByTestId('record-check').getByText('已核实').waitFor();
  });

  it('the principal fills the roster for a day and saves', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    await signIn(page, 'principal', server.password);
    await page.goto('/duty-roster');
    const grid = page.getByTestId('roster-grid');
    await grid.locator('tbody tr').first().waitFor();
    await expect.poll(() => grid.locator('tbody tr.ant-table-row').count()).toBe(7);
    const input = grid.locator('tbody tr.ant-table-row').first().locator('input').first();
    await input.fill('测试校长');
    await page.getByTestId('roster-save').click();
    await page.getByText('值班表已保存').waitFor();
    await page.reload();
    await expect.poll(() => grid.locator('tbody tr.ant-table-row').first().locator('input').first().inputValue()).toBe('测试校长');
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/roster.png`, fullPage: true });
  });
});
