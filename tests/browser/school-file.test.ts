import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// 一校一档: a school opens from the school list and from the coverage grid; its hazard figures
// are the ledger's, filtered by the school. Screenshots (1440×900 and 375×812) go to
// /tmp/huxiao-school-file/ (or SCREENSHOT_DIR) for review.
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/huxiao-school-file';
const figure = async (page: Page, testId: string) => {
  const value = page.getByTestId(testId).locator('.ant-statistic-content-value').first();
  await value.waitFor({ state: 'visible' });
  return Number(((await value.textContent()) ?? '').replace(/\D/g, ''));
};
const hazardKeys = ['total', 'open', 'overdue', 'closed'] as const;

describe('one-school file', () => {
  let server: RunningServer;
  let browser: Browser;
  const errors: string[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const page = async (mobile = false) => {
    const p = await (await newContext(browser, server.baseUrl, mobile)).newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    return p;
  };

  /** The file's hazard figures and the ledger's counts filtered by the same school are the same numbers. */
  async function expectLedgerFigures(p: Page, schoolId: string) {
    const file: number[] = [];
    for (const k of hazardKeys) file.push(await figure(p, `file-hazards-${k}`));
    expect(file[0]).toBeGreaterThan(0);
    await p.goto(`/hazards?schoolId=${schoolId}`);
    const ledger: number[] = [];
    for (const k of hazardKeys) ledger.push(await figure(p, `count-${k}`));
    expect(ledger).toEqual(file);
  }

  it('opens from the school list at 1440×900; its figures are the ledger filtered by the school', async () => {
    const p = await page();
    await signIn(p, 'admin', server.password);
    // A school that has hazards (the demo spreads them unevenly), found from the school list by its code.
    const withHazards = (await (await p.request.get('/api/hazards?pageSize=1')).json()) as { items: { schoolId: string }[] };
    const code = ((await (await p.request.get(`/api/schools/${withHazards.items[0]?.schoolId}`)).json()) as { code: string }).code;
    await p.goto(`/schools?keyword=${encodeURIComponent(code)}`);
    const link = p.locator('.ant-table-tbody tr.ant-table-row').first().getByTestId('school-link');
    const name = ((await link.textContent()) ?? '').trim();
    await link.click();
    await p.waitForURL(/\/schools\/[0-9a-f-]{36}$/);
    const schoolId = new URL(p.url()).pathname.split('/')[2] as string;
    await p.getByTestId('school-file').getByText(name).first().waitFor({ state: 'visible' });
    await p.getByRole('button', { name: '编辑档案' }).waitFor({ state: 'visible' });
    for (const key of ['hazards', 'inspections', 'coverage', 'obligations', 'notices', 'penalties']) {
      await p.getByTestId(`file-panel-${key}`).waitFor({ state: 'visible' });
    }
    await shot(p, 'file-overview-1440');
    // The hazards tab lists the school's hazards with the ledger's own columns.
    await p.getByRole('tab', { name: '隐患' }).click();
    await expect.poll(() => p.getByRole('tabpanel').locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await shot(p, 'file-hazards-1440');
    await p.getByRole('tab', { name: '督查覆盖' }).click();
    await p.getByRole('tabpanel').locator('[data-testid="coverage-cell"]').first().waitFor({ state: 'visible' });
    await shot(p, 'file-coverage-1440');
    await p.getByRole('tab', { name: '检查义务' }).click();
    await shot(p, 'file-obligations-1440');
    await p.getByRole('tab', { name: '概况' }).click();
    await expectLedgerFigures(p, schoolId);
  });

  it('opens from the coverage grid; the coverage tab shows the grid’s row for the school', async () => {
    const p = await page();
    await signIn(p, 'admin', server.password);
    await p.goto('/coverage');
    const row = p.locator('[data-testid="coverage-grid"] .ant-table-row').nth(2);
    const link = row.getByTestId('school-link');
    await link.waitFor({ state: 'visible' });
    const gridStatuses = await row.locator('[data-testid="coverage-cell"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    await link.click();
    await p.waitForURL(/\/schools\/[0-9a-f-]{36}$/);
    const schoolId = new URL(p.url()).pathname.split('/')[2] as string;
    await p.getByRole('tab', { name: '督查覆盖' }).click();
    const cells = p.getByRole('tabpanel').locator('[data-testid="coverage-cell"]');
    await cells.first().waitFor({ state: 'visible' });
    expect(await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(gridStatuses);
    await p.getByRole('tab', { name: '概况' }).click();
    await expectLedgerFigures(p, schoolId);
  });

  it('on a 375×812 phone, a school officer reads its own file and no other school’s', async () => {
    const p = await page(true);
    await signIn(p, 'school_officer', server.password);
    await p.goto('/schools');
    await p.locator('.ant-table-tbody tr.ant-table-row').first().click();
    await p.waitForURL(/\/schools\/[0-9a-f-]{36}$/);
    await p.getByTestId('file-panel-hazards').waitFor({ state: 'visible' });
    expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await shot(p, 'file-overview-375');
    // On a phone the later tabs sit behind the tab bar's 更多 menu: the tab is in the URL too.
    await p.goto(`${new URL(p.url()).pathname}?tab=obligations`);
    // Its own duties can be started from its file.
    await p.getByRole('tabpanel').locator('[data-testid^="start-"]').first().waitFor({ state: 'visible' });
    await shot(p, 'file-obligations-375');
    // Another school of the district: 404 from the server, an error on the page.
    const other = await p.request.get('/api/schools?pageSize=1');
    expect(((await other.json()) as { total: number }).total).toBe(1);
    await p.goto('/schools/00000000-0000-4000-8000-000000000000');
    await p.getByText('学校不存在').first().waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
  });
});
