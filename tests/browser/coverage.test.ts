import fs from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, signIn, startServer } from './harness';

// Supervision coverage (issue 4) and the district's own checklist edits: the district admin
// reads the school × month grid of the 270 demo schools and its rates at a desk and on a
// phone, then edits the weekly check (one item added, one retired) and sees the new version.
// Screenshots of every step go to /tmp/huxiao-coverage/ (or SCREENSHOT_DIR) for review.
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/huxiao-coverage';
const text = async (l: Locator) => ((await l.textContent()) ?? '').trim();
/** The rates the page must show: the server's, except for periods that have not started. */
const shownRates = (a: CoverageAnswer) =>
  a.totals.map((t, i) => ((a.periods[i]?.start ?? '') > a.today ? '未开始' : t.rate === null ? '无数据' : `${t.rate}%`));

type Cell = { status: string };
type CoverageAnswer = {
  today: string;
  periods: { key: string; start: string }[];
  rows: { school: { name: string }; cells: Cell[] }[];
  totals: { rate: number | null }[];
  byParent: { name: string }[];
  uncovered: unknown[];
};
type Template = { version: number; origin: string; itemCount: number; items: { code: string; text: string; retired: boolean }[]; versions: unknown[] };

describe('coverage grid and checklist edits', () => {
  let server: RunningServer;
  let browser: Browser;
  let desk: Page;
  let phone: Page;
  const contexts: BrowserContext[] = [];

  const open = async (mobile: boolean) => {
    const ctx = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...(mobile ? { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 800 } }),
    });
    contexts.push(ctx);
    return ctx.newPage();
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const getJson = async <T>(page: Page, url: string): Promise<T> => {
    const res = await page.request.get(url);
    expect(res.status()).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
    desk = await open(false);
    phone = await open(true);
    await signIn(desk, 'admin', server.password);
    await signIn(phone, 'admin', server.password);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the school × month grid, the rates and the uncovered schools at a desk', async () => {
    const api = await getJson<CoverageAnswer>(desk, '/api/coverage?view=month');
    expect(api.rows.length).toBe(270);
    await desk.goto('/coverage');
    const cells = desk.getByTestId('coverage-grid').getByTestId('coverage-cell');
    await expect.poll(() => cells.count()).toBeGreaterThan(0);
    // Virtual rows: only the schools on screen are in the page, never all 270.
    const rendered = await desk.getByTestId('coverage-school').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(270);
    expect(await text(desk.getByTestId('coverage-school').first())).toContain(api.rows[0]?.school.name ?? '?');
    expect(await cells.first().getAttribute('data-status')).toBe(api.rows[0]?.cells[0]?.status);

    // The rates per month are the server's.
    const rates = await desk.getByTestId('coverage-rate').allInnerTexts();
    expect(rates).toEqual(shownRates(api));
    await expect.poll(() => desk.getByTestId('coverage-by-parent').locator('.ant-table-row').count()).toBe(Math.min(20, api.byParent.length));
    await expect.poll(() => desk.getByTestId('coverage-by-inspector').locator('.ant-table-row').count()).toBeGreaterThan(0);
    const uncovered = desk.getByTestId('coverage-uncovered');
    expect(await text(uncovered.locator('.ant-card-head-title'))).toContain(`（${api.uncovered.length}）`);
    await uncovered.getByRole('button', { name: /包校包片安排/ }).click();
    await desk.waitForURL('**/assignments');
    await desk.goBack();
    await desk.getByTestId('coverage-grid').getByTestId('coverage-cell').first().waitFor();
    expect(await overflow(desk)).toBeLessThanOrEqual(0);
    await shot(desk, 'desktop-coverage-month');

    // The week view: the school's own weekly check, one column per week.
    const answer = desk.waitForResponse((r) => r.url().includes('/api/coverage?view=week'));
    await desk.getByText('周自查', { exact: true }).click();
    const weeks = (await (await answer).json()) as CoverageAnswer;
    expect(weeks.periods.length).toBeGreaterThanOrEqual(8); // last month and this one
    await expect.poll(() => desk.getByTestId('coverage-total').count()).toBe(weeks.periods.length);
    await expect.poll(async () => desk.getByTestId('coverage-rate').allInnerTexts()).toEqual(shownRates(weeks));
    await shot(desk, 'desktop-coverage-week');
  });

  it('keeps the grid usable on a phone: no page overflow, school column stays while weeks scroll', async () => {
    await phone.goto('/coverage?view=week');
    const grid = phone.getByTestId('coverage-grid');
    const school = grid.getByTestId('coverage-school').first();
    const cell = grid.getByTestId('coverage-cell').nth(2);
    await cell.waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-coverage-week');
    // Scroll the weeks sideways inside the grid: the cells move, the school names stay put.
    await grid.locator('.ant-table-tbody-virtual').hover();
    const before = { school: await school.boundingBox(), cell: await cell.boundingBox() };
    await phone.mouse.wheel(200, 0);
    await expect.poll(async () => (await cell.boundingBox())?.x ?? 0).toBeLessThan((before.cell?.x ?? 0) - 100);
    expect((await school.boundingBox())?.x).toBe(before.school?.x);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.goto('/coverage');
    await phone.getByTestId('coverage-grid').getByTestId('coverage-cell').first().waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-coverage-month');
  });

  it('edits the weekly check: adds an item, retires one, saves as the next version', async () => {
    const before = await getJson<Template>(desk, '/api/checklist-templates/weekly_check');
    await desk.goto('/checklists');
    const row = desk.locator('tr[data-row-key="weekly_check"]');
    expect(await text(row.getByTestId('template-version'))).toBe(`v${before.version}`);
    await row.click();
    const drawer = desk.getByTestId('template-detail');
    await drawer.waitFor();
    await expect.poll(() => drawer.getByTestId('template-item').count()).toBe(before.items.length);
    await shot(desk, 'desktop-checklist-drawer');
    await desk.getByRole('button', { name: /编\s*辑/ }).click();
    await desk.waitForURL('**/checklists/weekly_check/edit');

    const items = desk.getByTestId('edit-item');
    await expect.poll(() => items.count()).toBe(before.items.length);
    await desk.getByRole('button', { name: /添加检查项/ }).click();
    const added = items.last();
    await added.getByLabel('检查内容').fill('应急疏散指示标志和应急照明完好有效');
    await added.getByRole('button', { name: '上移' }).click();
    const retired = before.items.find((i) => !i.retired);
    await items
      .filter({ hasText: retired?.text ?? '?' })
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await expect.poll(() => desk.locator('[data-testid=edit-item][data-retired=true]').count()).toBe(before.items.filter((i) => i.retired).length + 1);
    await shot(desk, 'desktop-checklist-edit');
    await desk.getByRole('button', { name: /保存为新版本/ }).click();
    await desk.getByTestId('edit-saved').waitFor();
    expect(await text(desk.getByTestId('edit-version'))).toBe(`当前版本 v${before.version + 1}`);

    const after = await getJson<Template>(desk, '/api/checklist-templates/weekly_check');
    expect(after.version).toBe(before.version + 1);
    expect(after.origin).toBe('district');
    expect(after.items.length).toBe(before.items.length + 1);
    expect(after.items.find((i) => i.code === retired?.code)?.retired).toBe(true);
    // Moved up once: the new item sits just before the last of the old ones.
    expect(after.items[after.items.length - 2]?.text).toBe('应急疏散指示标志和应急照明完好有效');
    expect(after.itemCount).toBe(before.itemCount);
    expect(after.versions.length).toBe(before.versions.length + 1);

    await desk.goto('/checklists');
    await expect.poll(() => text(desk.locator('tr[data-row-key="weekly_check"]').getByTestId('template-version'))).toBe(`v${after.version}`);
    expect(await text(desk.locator('tr[data-row-key="weekly_check"]'))).toContain('本区修改');
    await shot(desk, 'desktop-checklists');
  });

  it('a save on an outdated version is refused and the phone offers the newer one', async () => {
    const current = await getJson<Template>(phone, '/api/checklist-templates/weekly_check');
    await phone.goto('/checklists/weekly_check/edit');
    await expect.poll(() => text(phone.getByTestId('edit-version'))).toBe(`当前版本 v${current.version}`);
    // Meanwhile the desk saves again (renames the checklist).
    await desk.goto('/checklists/weekly_check/edit');
    await desk.getByLabel('名称').fill('学校安全周检查表（云江区）');
    await desk.getByRole('button', { name: /保存为新版本/ }).click();
    await desk.getByTestId('edit-saved').waitFor();

    await phone.getByRole('button', { name: /保存为新版本/ }).click();
    const conflict = phone.getByTestId('edit-conflict');
    await conflict.waitFor();
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-checklist-conflict');
    await conflict.getByRole('button', { name: /重新加载/ }).click();
    await expect.poll(() => text(phone.getByTestId('edit-version'))).toBe(`当前版本 v${current.version + 1}`);
    expect(await phone.getByLabel('名称').inputValue()).toBe('学校安全周检查表（云江区）');
    await shot(phone, 'phone-checklist-edit');
  });
});
