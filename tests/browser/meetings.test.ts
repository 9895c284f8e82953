import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, type RunningServer, signIn, startServer } from './harness';

// 联席会议 (issue 13): the district records a meeting with a task for the principal's school
// (YJT0101) through the form; the school finds it under 会议交办事项, reports progress and then
// completion; the district verifies it and the task is closed.
describe('a joint meeting task followed to its close', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Page;
  let school: Page;
  const shot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await (await newContext(browser, server.baseUrl)).newPage();
    school = await (await newContext(browser, server.baseUrl)).newPage();
    await signIn(admin, 'admin', server.password);
    await signIn(school, 'principal', server.password);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Types into an antd Select with search and takes the first match. */
  const pick = async (page: Page, testScope: ReturnType<Page['locator']>, text: string) => {
    // A dropdown closed just before (Escape) stays visible while it animates out: wait it away, or
    // its first option (unfiltered) is the one clicked (CI: 东温泉镇教管中心, then "not visible").
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await testScope.click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  };

  it('records, progresses, submits and closes the task', async () => {
    const schoolName: string = (await (await school.request.get('/api/auth/me')).json()).orgUnitName;
    const deadline = new Date(Date.now() + 10 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

    await admin.goto('/meetings');
    await admin.getByRole('button', { name: '登记会议' }).click();
    await admin.getByLabel('会议名称').fill('12 月校园安保联席会');
    await pick(admin, admin.getByLabel('参会单位'), schoolName);
    await admin.keyboard.press('Escape');
    await admin.getByLabel('会议决定').fill('学校增设上下学护学岗。');
    await admin.getByRole('button', { name: '添加议定事项' }).click();
    const row = admin.getByTestId('task-row').first();
    await row.getByPlaceholder('事项').fill('增设护学岗');
    await pick(admin, row.locator('.ant-select'), schoolName);
    await row.getByPlaceholder('完成期限').click();
    await admin.keyboard.type(deadline);
    // Enter takes the typed date and submits the form (antd submits on Enter inside a form field).
    await shot(admin, 'meeting-form');
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
    await admin.getByRole('link', { name: '增设护学岗' }).waitFor();
    await shot(admin, 'meeting-detail');

    await school.goto('/meeting-tasks?mine=true&state=open');
    await school.getByRole('link', { name: '增设护学岗' }).first().click();
    await school.getByRole('button', { name: '报告进展' }).click();
    await school.getByLabel('进展情况').fill('已确定护学岗人员和排班');
    await school.getByRole('button', { name: /提\s*交/ }).click();
    await school.getByTestId('timeline').getByText('已确定护学岗人员和排班').waitFor();
    await school.getByRole('button', { name: /报告完成/ }).click();
    await school.getByLabel(/落实情况/).fill('护学岗已于本周一设立，每日 7:30–8:10、16:30–17:10 在岗');
    await school.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(async () => school.getByTestId('task-state').textContent()).toBe('待验收');
    await shot(school, 'meeting-task-school');

    const taskUrl = new URL(school.url()).pathname;
    await admin.goto(taskUrl);
    await admin.getByRole('button', { name: '验收办结' }).click();
    await admin.getByLabel('验收意见').fill('经抽查在岗，验收合格');
    await admin.getByRole('button', { name: /提\s*交/ }).click();
    await expect.poll(async () => admin.getByTestId('task-state').textContent()).toBe('已办结');
    await shot(admin, 'meeting-task-closed');

    const pdf = await admin.request.get(`/api/meetings/${(await (await admin.request.get(`/api${taskUrl}`)).json()).task.meetingId}/pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
