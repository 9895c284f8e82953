import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

/**
 * 护学岗 on a phone: the guard opens 今日签到 on a 375×812 phone with geolocation granted, signs in at
 * the gate with one tap, sees 已签到 with the distance, and the attendance (today's summary and the
 * school officer's 到岗统计) counts the sign-in. A district pack adds a period open all day, so the
 * flow does not depend on the hour the suite runs at (the national periods open at 07:00 and 16:00).
 */
const root = path.resolve(import.meta.dirname, '../..');
let policyDir = '';

describe('guard duty sign-in on a phone', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huxiao-guard-policies-'));
    fs.cpSync(path.join(root, 'policies'), policyDir, { recursive: true });
    fs.writeFileSync(
      path.join(policyDir, 'districts/yunjiang/surroundings.yaml'),
      [
        'guardDuty:',
        '  signInToleranceMeters: 150',
        '  lateAfterMinutes: 5',
        '  periods:',
        '    - { code: morning, label: 早上到校, start: "07:30", end: "08:30" }',
        '    - { code: afternoon, label: 下午放学, start: "16:30", end: "17:40" }',
        '    - { code: allday, label: 全天值守, start: "00:00", end: "23:59", required: false }',
        '',
      ].join('\n'),
    );
    server = await startServer({ POLICY_DIR: policyDir });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (policyDir) fs.rmSync(policyDir, { recursive: true, force: true });
  });

  it('the guard signs in at the post with the phone position; the attendance updates', async () => {
    // The school officer puts the guard on an all-day line of a new post at the school's point.
    const desk = await newContext(browser, server.baseUrl);
    const login = await desk.request.post('/api/auth/login', { data: { username: 'school_officer', password: server.password } });
    const { csrfToken, user: officer } = await login.json();
    const phone = await newContext(browser, server.baseUrl, true);
    const page = await phone.newPage();
    await signIn(page, 'staff', server.password);
    const staff = await (await page.request.get('/api/auth/me')).json();
    const created = await desk.request.post('/api/guard-posts', {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        schoolId: officer.orgUnitId,
        gateLabel: '东门（测试岗）',
        periods: ['allday'],
        rota: [{ periodCode: 'allday', weekdays: [1, 2, 3, 4, 5, 6, 7], role: 'guard', personName: '吴德明', userId: staff.id }],
      },
    });
    expect(created.status(), await created.text()).toBe(200);
    const post = await created.json();
    const statsBefore = await (await desk.request.get(`/api/guard-duty/stats?schoolId=${officer.orgUnitId}`)).json();

    // About 30 m east of the post.
    await phone.grantPermissions(['geolocation']);
    await phone.setGeolocation({ latitude: post.latitude, longitude: post.longitude + 0.0003, accuracy: 10 });
    await page.goto('/guard-posts');
    const slot = page.getByTestId('guard-slot').filter({ hasText: '东门（测试岗）' });
    await slot.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const summaryBefore = await page.getByTestId('guard-today-summary').textContent();
    await slot.getByTestId('guard-sign-in').click();
    await page.getByText('已签到').first().waitFor();
    const signed = slot.getByTestId('guard-signed');
    await signed.waitFor();
    expect(await signed.textContent()).toMatch(/距岗位 (2\d|3\d) 米/);
    const summaryAfter = await page.getByTestId('guard-today-summary').textContent();
    const signedOf = (s: string | null) => Number(/今日到岗 (\d+)\//.exec(s ?? '')?.[1]);
    expect(signedOf(summaryAfter)).toBe(signedOf(summaryBefore) + 1);
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/guard-duty.png`, fullPage: true });

    // The officer's 到岗统计 counts it (a holiday expects nobody: then only the sign-in is on record).
    const desktop = await desk.newPage(); // signed in by the API login above
    await desktop.goto('/guard-posts?tab=stats');
    const figure = desktop.getByTestId('guard-stats-signed');
    await figure.waitFor();
    const today = await (await page.request.get('/api/guard-duty/today')).json();
    const shown = Number((await figure.textContent())?.split('/')[0]);
    expect(shown).toBe(statsBefore.counts.signed + (today.schoolDay ? 1 : 0));

    // The officer moves the guard to weekdays from next week: the rota shows the change as 待生效 and
    // the 排班历史 dialog lists both versions of the line; today keeps the sign-in.
    const later = new Date(Date.parse(`${today.today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const edit = await desk.request.post('/api/guard-posts', {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        id: post.id,
        version: post.version,
        schoolId: officer.orgUnitId,
        gateLabel: '东门（测试岗）',
        periods: ['allday'],
        effectiveFrom: later,
        rota: [{ id: post.rota[0].id, periodCode: 'allday', weekdays: [1, 2, 3, 4, 5], role: 'guard', personName: '吴德明', userId: staff.id, phone: '' }],
      },
    });
    expect(edit.status(), await edit.text()).toBe(200);
    await desktop.setViewportSize({ width: 1366, height: 900 });
    await desktop.goto('/guard-posts?tab=posts');
    const card = desktop.getByTestId('guard-post').filter({ hasText: '东门（测试岗）' });
    await card.getByText('待生效').waitFor();
    await card.getByTestId('rota-history').click();
    const table = desktop.getByTestId('rota-history-table');
    await table.getByText('待生效').waitFor();
    expect(await table.textContent()).toContain('执行中');
    // Today's sign-in is marked on the version in force today only.
    await expect.poll(() => card.getByText('今日已签到').count()).toBe(1);
    await desktop.waitForTimeout(500); // the dialog's fade-in
    if (process.env.SHOT_DIR) await desktop.screenshot({ path: `${process.env.SHOT_DIR}/rota-history.png` });
  });
  it('护学岗 per gate: the editor chooses a gate of the school, the stats name the uncovered gates, a post ending later shows it', async () => {
    const desk = await newContext(browser, server.baseUrl);
    const login = await desk.request.post('/api/auth/login', { data: { username: 'school_officer', password: server.password } });
    const { csrfToken, user: officer } = await login.json();
    const page = await desk.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto('/guard-posts?tab=posts');
    await page.getByRole('button', { name: /新增护学岗/ }).click();
    const pick = page.getByTestId('guard-gate-pick');
    await pick.waitFor();
    await pick.click();
    await page.locator('.ant-select-item-option').filter({ hasText: '正门' }).first().click();
    expect(await page.getByTestId('guard-gate').inputValue()).toBe('正门');
    await page.waitForTimeout(400);
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/guard-post-editor.png` });
    await page.keyboard.press('Escape');

    // A post ending a week from now: still listed as in force, tagged with the day, and the history says so.
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    const list = await (await desk.request.get(`/api/guard-posts?schoolId=${officer.orgUnitId}`)).json();
    const test = list.items.find((p: { gateLabel: string }) => p.gateLabel === '东门（测试岗）');
    const ended = await desk.request.post('/api/guard-posts', {
      headers: { 'x-csrf-token': csrfToken },
      data: { id: test.id, version: test.version, schoolId: officer.orgUnitId, periods: test.periods, active: false, effectiveFrom: tomorrow },
    });
    expect(ended.status(), await ended.text()).toBe(200);
    await page.goto('/guard-posts?tab=posts');
    const card = page.getByTestId('guard-post').filter({ hasText: '东门（测试岗）' });
    await card.getByTestId('guard-post-ending').waitFor();
    await expect.poll(() => card.getByTestId('guard-post-unlinked').count()).toBe(1);
    await card.getByTestId('rota-history').click();
    await page.getByTestId('post-standing').waitFor();
    expect(await page.getByTestId('post-standing').textContent()).toContain(`将自 ${tomorrow} 起停用`);
    await page.waitForTimeout(500);
    if (process.env.SHOT_DIR) await page.screenshot({ path: `${process.env.SHOT_DIR}/guard-post-ending.png` });

    // The district's 到岗统计: schools not set, with their uncovered gates or 未登记校门.
    const admin = await newContext(browser, server.baseUrl);
    const adminPage = await admin.newPage();
    await adminPage.setViewportSize({ width: 1366, height: 900 });
    await signIn(adminPage, 'admin', server.password);
    await adminPage.goto('/guard-posts?tab=stats');
    const unset = adminPage.getByTestId('guard-unset-schools');
    await unset.waitFor();
    expect(await unset.textContent()).toMatch(/北门：无岗位|请先在学校档案中登记校门/);
    if (process.env.SHOT_DIR) await adminPage.screenshot({ path: `${process.env.SHOT_DIR}/guard-stats-gates.png`, fullPage: true });
  });
});
