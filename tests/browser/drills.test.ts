import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

const shots = path.resolve(import.meta.dirname, '../../data/screenshots');

// school_officer is the safety officer of the demo's first school: they record its drills.
describe('a school officer records a drill on a phone', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    fs.mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('with evacuation times (the slow building in red) and one problem that becomes a hazard', async () => {
    const page = await (await newContext(browser, server.baseUrl, true)).newPage();
    await signIn(page, 'school_officer', server.password);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByRole('menuitem', { name: '应急演练' }).click();
    await page.waitForURL('**/drills');
    // The demo's drills of this semester are listed.
    await expect.poll(() => page.getByTestId('drill-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(shots, 'drill-list.png') });
    await page.getByRole('button', { name: /记录演练/ }).click();
    await page.waitForURL('**/drills/new');

    await page.getByRole('combobox', { name: '演练类型' }).click();
    await page.locator('.ant-select-item-option', { hasText: '消防疏散演练' }).click();
    await page.getByPlaceholder('如：教学楼二楼实验室起火，全校紧急疏散').fill('三楼实验室起火，全校疏散到田径场');
    // The demo's first school is small (64 pupils, 8 staff): more than that is refused on submit.
    await page.getByRole('spinbutton', { name: '参演学生' }).fill('60');
    await page.getByRole('spinbutton', { name: '参演教职工' }).fill('8');
    // The form starts with 教学楼 (4 floors): 150 s is over the 2-minute target.
    await page.getByRole('spinbutton', { name: '疏散用时（秒）' }).first().fill('150');
    await expect.poll(() => page.getByTestId('drill-building-target').first().textContent()).toContain('超时');
    await page.getByRole('button', { name: /添加楼栋/ }).click();
    await page.getByRole('textbox', { name: '楼名' }).nth(1).fill('综合楼');
    await page.getByRole('spinbutton', { name: '层数' }).nth(1).fill('3');
    await page.getByRole('spinbutton', { name: '疏散用时（秒）' }).nth(1).fill('95');
    await page.getByPlaceholder('如：田径场').fill('田径场');
    await page.getByRole('button', { name: /添加问题/ }).click();
    await page.getByRole('textbox', { name: '问题描述' }).fill('东侧楼梯口堆放桌椅，疏散拥堵');
    await page.getByRole('textbox', { name: '部位' }).fill('教学楼');
    // 转为隐患 is on by default for a new problem.
    await expect.poll(() => page.getByRole('switch', { name: '提交时转为隐患' }).getAttribute('aria-checked')).toBe('true');
    await page.getByLabel('演练总结').fill('疏散有序，教学楼超时，需整改楼梯口');
    await page.screenshot({ path: path.join(shots, 'drill-form.png'), fullPage: true });
    // Nothing scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/drills\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('drill-building-slow').count()).toBe(1);
    await expect.poll(() => page.getByTestId('drill-building-ok').count()).toBe(1);
    const hazardLink = page.getByTestId('drill-problem-hazard');
    await hazardLink.waitFor({ state: 'visible' });
    expect(await hazardLink.textContent()).toMatch(/隐患 YH\d+/);
    await page.screenshot({ path: path.join(shots, 'drill-detail.png'), fullPage: true });

    await hazardLink.click();
    await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
    await page.getByText('东侧楼梯口堆放桌椅，疏散拥堵').first().waitFor({ state: 'visible' });
    await page.getByText('查看应急演练记录').waitFor({ state: 'visible' });

    // The phone's autosaved copy is gone once the server has the drill.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('huxiao:drill-draft:')).length)).toBe(0);
  });
});
