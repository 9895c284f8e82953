import { describe, expect, it } from 'vitest';
import { demoSession, signIn } from './harness';

/**
 * 报平安 (issue 13): the district admin opens a sensitive period on the board page, the principal
 * taps 平安 on a 375 px phone, and the district's board counts one school fewer not reported.
 */
const noSideScroll = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('报平安', () => {
  const demo = demoSession();

  it('the district opens a period, a school taps 平安 on a phone, the board moves', async () => {
    const desk = await demo.signedInPage('admin');
    await desk.goto('/safety-check-ins');
    await desk.getByRole('button', { name: /开启报平安时段/ }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByLabel('名称').fill('国庆假期');
    await dialog.getByRole('button', { name: /开\s*启/ }).click();
    const notReported = desk.getByTestId('not-reported');
    await notReported.waitFor();
    // The demo district has its own running period: everything below addresses this one by id, and
    // the board's figure is compared with the period's own board (GET …/board) before and after.
    const request = desk.context().request;
    const periods = (await (await request.get(`${demo.server.baseUrl}/api/safety-periods`)).json()) as { items: { id: string; title: string }[] };
    const periodId = periods.items.find((p) => p.title === '国庆假期')?.id;
    expect(periodId).toBeTruthy();
    const boardOf = async () => {
      const b = (await (await request.get(`${demo.server.baseUrl}/api/safety-periods/${periodId}/board`)).json()) as {
        summary: { pending: number; missing: number };
      };
      return b.summary.pending + b.summary.missing;
    };
    const before = await boardOf();
    expect(before).toBeGreaterThan(0);
    await desk.getByRole('row').filter({ hasText: '国庆假期' }).first().click();
    await expect.poll(async () => Number(await notReported.getAttribute('data-value'))).toBe(before);
    if (process.env.SHOT_DIR) await desk.screenshot({ path: `${process.env.SHOT_DIR}/safety-board.png`, fullPage: true });

    const phone = await demo.signedInPage('principal', { mobile: true });
    await phone.goto('/safety-check-ins');
    const tap = phone.getByTestId(`safe-${periodId}`);
    await tap.waitFor();
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    if (process.env.SHOT_DIR) await phone.screenshot({ path: `${process.env.SHOT_DIR}/safety-phone.png`, fullPage: true });
    await tap.click();
    await phone.getByText(/今日已报：平安/).waitFor();
    if (process.env.SHOT_DIR) await phone.screenshot({ path: `${process.env.SHOT_DIR}/safety-phone-done.png`, fullPage: true });

    await desk.reload();
    await desk.getByRole('row').filter({ hasText: '国庆假期' }).first().click(); // select it on the board
    expect(await boardOf()).toBe(before - 1);
    await expect.poll(async () => Number(await desk.getByTestId('not-reported').getAttribute('data-value'))).toBe(before - 1);
    // The board lists 未报 first and 平安 last, 50 a page: the reported school is on the last page.
    const pages = desk.locator('.ant-pagination-item');
    if (await pages.count()) await pages.last().click();
    await desk
      .getByRole('row')
      .filter({ has: desk.getByRole('cell', { name: '平安', exact: true }) })
      .first()
      .waitFor();
  });

  it("the open form's default days are the server's Shanghai day, whatever the browser's clock says", async () => {
    // A time zone whose date differs from Shanghai's right now: 20 h behind before 20:00 Shanghai, 6 h ahead after.
    const shanghaiNow = new Date(Date.now() + 8 * 3600_000);
    const timezoneId = shanghaiNow.getUTCHours() < 20 ? 'Etc/GMT+12' : 'Pacific/Kiritimati';
    const today = shanghaiNow.toISOString().slice(0, 10);
    const ctx = await demo.browser.newContext({ baseURL: demo.server.baseUrl, locale: 'zh-CN', timezoneId, viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    expect(await page.evaluate(() => new Date().toLocaleDateString('sv-SE'))).not.toBe(today);
    await signIn(page, 'admin', demo.server.password);
    await page.goto('/safety-check-ins');
    await page.getByRole('button', { name: /开启报平安时段/ }).click();
    const dialog = page.getByRole('dialog');
    const start = dialog.locator('.ant-picker-range input').first();
    await start.waitFor();
    expect(await start.inputValue()).toBe(today);
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/safety-open-form.png` });
    await ctx.close();
  });
});
