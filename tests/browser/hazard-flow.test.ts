import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';
import { pickDate, shanghaiDayPlus, solidPng, spaced } from './hazard-helpers';

// The closed loop of one hazard (capability 2) with a rectification notice (capability 3):
// school_officer (safety officer of the demo school YJT0101) on a 375×812 phone, the
// responsible inspector who covers that school on a desktop. One fresh server: the ledger
// starts empty, so every count below is exact.
describe('hazard closed loop: found on a phone, verified at a desk, counted in Excel', () => {
  let server: RunningServer;
  let browser: Browser;
  let school: Page;
  let inspector: Page;
  let hazardPath = '';
  let hazardCode = '';
  let noticePath = '';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-hazard-'));
  const before = path.join(tmp, '现场.png');
  const after = path.join(tmp, '整改后.png');
  // Set SCREENSHOT_DIR to keep a picture of every step (both viewports) for review.
  const shot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    fs.writeFileSync(before, solidPng([200, 30, 30]));
    fs.writeFileSync(after, solidPng([30, 160, 60]));
    server = await startServer();
    browser = await launchBrowser();
    school = await (await newContext(browser, server.baseUrl, true)).newPage();
    inspector = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(school, 'school_officer', server.password);
    await signIn(inspector, 'inspector', server.password);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const state = (page: Page) => page.getByTestId('hazard-state').first().textContent();

  /** Opens an action from the action bar (only allowed ones are there), fills its form, confirms. */
  async function act(page: Page, label: string, fill: (modal: Locator) => Promise<void>) {
    await page
      .getByTestId('action-bar')
      .getByRole('button', { name: spaced(label) })
      .click();
    const modal = page.locator('.ant-modal').filter({ hasText: label });
    await modal.waitFor({ state: 'visible' });
    await fill(modal);
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
  }

  async function attachPhoto(scope: Page | Locator, file: string) {
    await scope.locator('input[type=file][aria-label="拍照"]').setInputFiles(file);
    await scope.getByTestId('photo-thumb').first().waitFor({ state: 'visible' });
  }

  const actions = (page: Page) => page.getByTestId('action-bar').getByRole('button').allInnerTexts();

  it('the school officer registers a hazard with a photo on a phone', async () => {
    await school.goto('/hazards');
    await school.getByRole('button', { name: /登记隐患/ }).click();
    await school.waitForURL('**/hazards/new');
    // A school user reports for the own school only, as a self-check.
    await expect.poll(() => school.getByLabel('学校').isDisabled()).toBe(true);
    await school.getByLabel('隐患标题').fill('教学楼一楼消防通道堆放桌椅');
    await school.getByLabel('部位').click();
    await school.locator('.ant-select-item-option[title="教学楼"]').click();
    await school.getByLabel('类别').click();
    await school.locator('.ant-select-item-option[title="消防"]').click();
    await school.getByLabel('描述').fill('东侧通道堆放旧桌椅约 20 套，影响疏散');
    await attachPhoto(school, before);
    await shot(school, 'phone-hazard-new');
    await school.getByRole('button', { name: /提交登记/ }).click();
    await school.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
    hazardPath = new URL(school.url()).pathname;
    hazardCode = ((await school.getByTestId('hazard-code').textContent()) ?? '').trim();
    expect(hazardCode).toMatch(/^YH\d{10}$/);
    expect(await state(school)).toBe('登记');
    await expect.poll(() => school.getByTestId('attachment-thumb').count()).toBe(1);
    const overflow = await school.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(school, 'phone-hazard-reported');
  });

  it('the inspector finds it in the ledger and assesses it as 一般', async () => {
    await inspector.goto('/hazards');
    await inspector.locator('.ant-table-row').filter({ hasText: hazardCode }).click();
    await inspector.waitForURL(`**${hazardPath}`);
    await act(inspector, '研判', async (m) => {
      await m.getByLabel('一般').check();
      await m.getByLabel('研判意见').fill('一般隐患，学校限期整改');
    });
    await expect.poll(() => state(inspector)).toBe('研判');
    await shot(inspector, 'desktop-hazard-assessed');
  });

  it('the school officer makes the plan with a deadline in 7 days', async () => {
    await school.goto(hazardPath);
    const deadline = shanghaiDayPlus(7);
    await act(school, '制定整改方案', async (m) => {
      await m.getByLabel('整改措施').fill('清理通道堆放物，设置禁止堆放标识，每日巡查');
      await m.getByLabel('责任人').fill('黄国平（安全干部）');
      await m.getByLabel('整改资金').fill('学校公用经费 500 元');
      await pickDate(school, m.getByLabel('整改期限'), deadline);
      await m.getByLabel('应急预案').fill('整改完成前安排专人值守，险情按疏散预案处置');
    });
    await expect.poll(() => state(school)).toBe('整改中');
    // The stored deadline first: a failure then says which day was saved (a CI run saw another).
    const stored = async () => ((await (await school.request.get(`/api${hazardPath}`)).json()) as { hazard: { deadline: string | null } }).hazard.deadline;
    await expect.poll(stored).toBe(deadline);
    await school.getByText(`整改期限 ${deadline}`).waitFor({ state: 'visible' });
  });

  it('the inspector issues a notice; the school sees it in the inbox and acknowledges it', async () => {
    await inspector.goto('/hazards');
    await inspector.locator('.ant-table-row').filter({ hasText: hazardCode }).locator('.ant-checkbox-input').check();
    await inspector.getByRole('button', { name: /下达整改通知书（1）/ }).click();
    const modal = inspector.locator('.ant-modal').filter({ hasText: '下达整改通知书' });
    await modal.getByLabel('整改要求').fill('立即清理消防通道，建立每日巡查制度，整改完成后书面回执。');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await inspector.waitForURL(/\/notices\/[0-9a-f-]{36}$/);
    noticePath = new URL(inspector.url()).pathname;
    await inspector.getByRole('link', { name: hazardCode }).waitFor({ state: 'visible' });
    await shot(inspector, 'desktop-notice-issued');

    await school.goto('/hazards');
    await expect.poll(() => school.getByTestId('inbox-bell').getAttribute('aria-label')).toMatch(/\d+ 条未读/);
    await school.getByTestId('inbox-bell').click();
    await school.getByTestId('inbox-item').filter({ hasText: '整改通知书' }).first().click();
    await school.waitForURL(`**${noticePath}`);
    await school
      .getByRole('main')
      .getByRole('button', { name: /签\s*收/ })
      .click();
    await school.getByTestId('notice-state').filter({ hasText: '已签收待回执' }).waitFor({ state: 'visible' });
    await shot(school, 'phone-notice-acknowledged');
  });

  it('the school rectifies, the inspector rejects once, then accepts: 已销号', async () => {
    await school.goto(hazardPath);
    await act(school, '提交验收', async (m) => {
      await m.getByLabel('整改情况说明').fill('已清理全部堆放物并设置标识');
      await attachPhoto(m, after);
    });
    await expect.poll(() => state(school)).toBe('待验收');
    // The school cannot accept its own work: only the verifier sees 验收.
    expect(await actions(school)).not.toContain('验收通过（销号）');

    await inspector.goto(hazardPath);
    await act(inspector, '验收不通过', (m) => m.getByLabel('不通过原因').fill('二楼通道仍有杂物，请继续清理'));
    await expect.poll(() => state(inspector)).toBe('整改中');

    await school.goto(hazardPath);
    await act(school, '提交验收', async (m) => {
      await m.getByLabel('整改情况说明').fill('二楼通道已清理完毕');
      await attachPhoto(m, after);
    });
    await expect.poll(() => state(school)).toBe('待验收');

    await inspector.goto(hazardPath);
    await act(inspector, '验收通过（销号）', (m) => m.getByLabel('验收意见').fill('现场核查，已整改到位'));
    await expect.poll(() => state(inspector)).toBe('已销号');
    // Two rectifications, each with the photo from the spot beside the one after the work.
    await expect.poll(() => inspector.getByTestId('before-after').count()).toBe(2);
    // 痕迹管理: every step, in order, with who did it.
    expect(await inspector.getByTestId('timeline-action').allInnerTexts()).toEqual([
      '登记',
      '研判',
      '制定整改方案',
      '下达整改通知书',
      '提交验收',
      '验收不通过',
      '提交验收',
      '验收通过（销号）',
    ]);
    await shot(inspector, 'desktop-hazard-closed');
    await school.goto(hazardPath);
    await expect.poll(() => state(school)).toBe('已销号');
    await shot(school, 'phone-hazard-closed');
  });

  it('the ledger counts equal the rows of the Excel export read back', async () => {
    await inspector.goto('/hazards');
    await inspector.locator('.ant-table-row').filter({ hasText: hazardCode }).waitFor({ state: 'visible' });
    const count = async (key: string) => Number(await inspector.getByTestId(`count-${key}`).locator('.ant-statistic-content-value').textContent());
    const total = await count('total');
    const closed = await count('closed');
    // The inspector's schools also carry the demo district's hazard history: compare with the API.
    const api = await (await inspector.request.get('/api/hazards?pageSize=1')).json();
    expect([total, closed]).toEqual([api.counts.total, api.counts.closed]);
    expect(closed).toBeGreaterThanOrEqual(1);
    await shot(inspector, 'desktop-ledger');

    const [download] = await Promise.all([inspector.waitForEvent('download'), inspector.getByRole('button', { name: /导出 Excel/ }).click()]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('export has no sheet');
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const stateColumn = header.indexOf('状态');
    expect(stateColumn).toBeGreaterThan(0);
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 1 && rows.push(row.values as unknown[]));
    expect(rows.length).toBe(total);
    expect(rows.filter((r) => r[stateColumn] === '已销号').length).toBe(closed);
    expect(rows.map((r) => r[1])).toContain(hazardCode);

    // The other ledger (整改措施清单) shows the plan of the same hazard.
    await inspector.getByRole('tab', { name: '整改措施清单' }).click();
    await inspector.waitForURL(/ledger=measures/);
    await inspector.locator('.ant-table-row').filter({ hasText: '清理通道堆放物' }).waitFor({ state: 'visible' });
    await shot(inspector, 'desktop-ledger-measures');
    await school.goto('/hazards');
    await school.locator('.ant-table-row').filter({ hasText: hazardCode }).waitFor({ state: 'visible' });
    await shot(school, 'phone-ledger');
  });
});
