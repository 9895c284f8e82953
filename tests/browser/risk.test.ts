import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// 风险提示 (issue 14): the district sends an alert to the schools of one township, the school's
// principal acknowledges it with the measures taken, and the district's board shows it.
describe('risk alert sent by township and acknowledged', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let principal: Page;
  const shot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await (await newContext(browser, server.baseUrl)).newPage();
    principal = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(admin, 'admin', server.password);
    await signIn(principal, 'principal', server.password);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends, acknowledges, and the board shows it', async () => {
    // The principal's school and its township, as the map answers them.
    const map = (await (await principal.request.get('/api/risk-map')).json()) as { items: { schoolName: string; areaName: string }[] };
    const { schoolName, areaName } = map.items[0] as { schoolName: string; areaName: string };

    await admin.goto('/risk/alerts');
    await admin.getByRole('button', { name: '发送风险提示' }).click();
    const drawer = admin.getByRole('dialog');
    await drawer.getByLabel('标题').fill('寒潮大风风险提示');
    await drawer.getByLabel('提示内容和要求').fill('未来三天有寒潮大风，请检查悬挂物、广告牌和临时设施，做好学生上下学安全提醒。');
    await drawer.getByLabel('街道/镇、教管中心').click();
    await admin.keyboard.type(areaName);
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: areaName }).first().click();
    await admin.keyboard.press('Escape');
    const preview = admin.getByTestId('alert-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain(schoolName);
    await shot(admin, 'risk-alert-send');
    await drawer.getByRole('button', { name: /^发\s*送$/ }).click();
    await admin.waitForURL(/\/risk\/alerts\/[0-9a-f-]{36}$/);
    const alertUrl = new URL(admin.url()).pathname;
    const board = admin.getByTestId('alert-board');
    await board.getByText(schoolName).waitFor();
    expect(await board.locator('tbody tr').filter({ hasText: schoolName }).textContent()).toContain('未签收');

    await principal.goto(alertUrl);
    const ack = principal.getByTestId('alert-acknowledge');
    await ack.waitFor();
    await ack.getByLabel('已落实的措施').fill('已拆除楼顶破损广告牌，放学时段由值班教师在校门口提醒');
    await ack.getByRole('button', { name: /^签\s*收$/ }).click();
    await principal.getByTestId('alert-board').getByText('已签收落实').waitFor();
    await shot(principal, 'risk-alert-school');

    await admin.reload();
    const row = admin.getByTestId('alert-board').locator('tbody tr').filter({ hasText: schoolName });
    await row.getByText('已签收落实').waitFor();
    expect(await row.textContent()).toContain('已拆除楼顶破损广告牌');
    await shot(admin, 'risk-alert-board');
  });

  it('the early warning explains both signals; a missed-duty flag lists its missed periods and turns into an alert', async () => {
    await admin.goto('/risk/analytics');
    await admin.getByRole('tab', { name: '趋势预警' }).click();
    await admin.getByText(/漏做的义务周期（.*各月内到期/).waitFor();
    const api = (await (await admin.request.get('/api/risk-analytics/early-warnings')).json()) as {
      flags: { measure: string; schoolName: string; duties: unknown[] }[];
    };
    const missed = api.flags.filter((f) => f.measure === 'missed_duties');
    const cards = admin.getByTestId('warning-missed_duties');
    await expect.poll(() => cards.count()).toBe(missed.length); // polled: count() does not wait
    if (missed[0]) {
      const card = cards.first();
      expect(await card.textContent()).toContain('漏做的义务周期连续');
      await expect.poll(() => card.locator('tbody tr.ant-table-row').count()).toBe(Math.min(10, missed[0].duties.length)); // not antd's hidden measure row (scroll x)
    }
    await shot(admin, 'risk-analytics-warnings');
  });
});
