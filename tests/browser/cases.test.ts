import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, signIn, startServer } from './harness';

/**
 * 案件 (issue 12) end to end at 1366×900, with one phone step:
 *  - a school registers a 学生欺凌 case (涉未成年人); the district assigns it to the school (任务分办,
 *    with the pack's time limit shown); the school takes it on a phone (签收办理) and reports its
 *    result; the district supervises (督查通过), replies (情况反馈) and archives it; the time-limit
 *    badge reads 正常 while a step runs and 已归档 once archived; the school's own 教管中心, which
 *    supervises the school but is outside the case's confidentiality, can neither open nor list it;
 *  - a passer-by reports from the school's QR page; the district accepts the report as a
 *    矛盾纠纷 case (受理为案件); the reporter's status page shows 已受理 and the reply.
 */
const SHOTS = process.env.SHOT_DIR ?? '';
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/cases-${name}.png`, fullPage: true });
};
const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const answerOf = (q: string) => {
  const m = /([零一二三四五六七八九十]) 加 ([零一二三四五六七八九十]) 等于几/.exec(q);
  if (!m) throw new Error(`unexpected question ${q}`);
  return digits.indexOf(m[1] as string) + digits.indexOf(m[2] as string);
};
const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('cases', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const desk = async (user: string) => {
    const ctx = await browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, user, server.password);
    return page;
  };
  const phoneOf = async (user?: string) => {
    const ctx = await browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await ctx.newPage();
    if (user) await signIn(page, user, server.password);
    return page;
  };

  /** Takes a step from the case page: its button, the dialog's fields, 确定; waits for the new step. */
  async function act(page: Page, button: string | RegExp, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, state: string) {
    // The previous step's dialog may still be animating out: wait until it is gone, or the next
    // dialog found below would be that one (a CI run clicked 确定 of a closing dialog and the
    // archive step never went out).
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await fill(dialog);
    await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe(state);
  }

  it('a school registers a bullying case; the district assigns it; the school handles it (on a phone); the district supervises, replies and archives; the centre cannot see it', async () => {
    const school = await desk('principal');
    const me = (await (await school.request.get('/api/auth/me')).json()) as { orgUnitName: string };
    await school.goto('/cases');
    await school.getByRole('button', { name: /登记案件/ }).click();
    const drawer = school.getByRole('dialog');
    await drawer.getByLabel('案件类型').click();
    await school.locator('.ant-select-item-option[title="学生欺凌"]').click();
    await drawer.getByText(/涉及未成年人：只有本案单位可见/).waitFor();
    await drawer.getByLabel('标题').fill('五年级学生多次被同班同学索要零花钱');
    await drawer.getByLabel('内容').fill('家长来校反映：孩子近两周多次在放学路上被同班两名同学索要零花钱，并被威胁不许告诉老师。');
    await drawer.getByLabel('来源').click();
    await school.locator('.ant-select-item-option[title="学校报告"]').click();
    await drawer.getByLabel('反映人/报告人').fill('陈女士');
    await drawer.getByLabel('联系电话').fill('13800005678');
    await shot(school, 'register');
    await drawer.getByRole('button', { name: /^登\s*记$/ }).click();
    await school.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = new URL(school.url()).pathname;
    await expect.poll(() => school.getByTestId('case-state').textContent()).toBe('签收登记');
    await expect.poll(() => school.getByText('涉未成年人·限本案单位').count()).toBe(1);
    // The registering school waits for the district to hand the case out: it has no step to take yet.
    expect(await school.getByRole('button', { name: '任务分办' }).count()).toBe(0);
    const code = ((await school.getByTestId('case-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^QL\d{4}-\d{4}$/);

    // The district: its list shows the case with its time-limit badge; it assigns the case to the school.
    const district = await desk('admin');
    await district.goto(`/cases?keyword=${encodeURIComponent(code)}`);
    const row = district.getByRole('row').filter({ hasText: code });
    await row.waitFor();
    expect(await row.getByTestId('case-row-sla').textContent()).toBe('正常');
    await shot(district, 'list');
    await row.getByRole('link', { name: code }).click();
    await expect.poll(() => district.getByTestId('case-sla').textContent()).toBe('正常');
    expect(await district.getByTestId('case-due').textContent()).toMatch(/本环节 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2} 前/);
    await act(
      district,
      '任务分办',
      async (dialog) => {
        expect(await dialog.getByTestId('assign-limits').textContent()).toContain('承办单位 24 小时内签收，签收后 10 天内核查办理');
        await dialog.getByLabel('承办单位').fill(me.orgUnitName);
        await district.locator(`.ant-select-item-option[title="${me.orgUnitName}"]`).click();
        await dialog.getByLabel('说明').fill('请学校欺凌治理委员会 10 日内调查认定，一案一档');
        await shot(district, 'assign');
      },
      '任务分办',
    );
    expect(await district.getByTestId('case-assignee').textContent()).toBe(me.orgUnitName);
    expect(await district.getByTestId('case-sla').textContent()).toBe('正常');

    // The school takes the case on a phone: 签收办理.
    const phone = await phoneOf('principal');
    await phone.goto(caseUrl);
    await expect.poll(() => phone.getByTestId('case-state').textContent()).toBe('任务分办');
    // The number and title stay readable on a phone, above the steps the school may take.
    await expect.poll(() => phone.getByTestId('case-code').isVisible()).toBe(true);
    expect((await phone.getByTestId('case-code').boundingBox())?.width ?? 0).toBeGreaterThan(50);
    await expect.poll(() => phone.getByText('五年级学生多次被同班同学索要零花钱').first().isVisible()).toBe(true);
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    await act(phone, '签收办理', async () => {}, '核查办理');
    expect(await phone.getByTestId('case-sla').textContent()).toBe('正常');
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'accept-phone');

    // Back at the desk, the school reports what it found and did.
    await school.reload();
    await act(
      school,
      '上报办理结果',
      async (dialog) => {
        await dialog.getByLabel('说明').fill('经学校欺凌治理委员会调查，认定为学生欺凌；已对两名学生批评教育并约谈家长，退还钱款，安排心理老师跟进。');
      },
      '督查督办',
    );

    // The district supervises, replies to the family and archives.
    await district.reload();
    await act(district, '督查通过', async () => {}, '情况反馈');
    await act(
      district,
      '情况反馈（答复）',
      async (dialog) => {
        await dialog.getByLabel('答复内容').fill('陈女士：经调查，学校已认定并处理，钱款已退还，学校将持续关注孩子情况。');
      },
      '已答复',
    );
    await act(district, '整理归档', async () => {}, '整理归档');
    expect(await district.getByTestId('case-sla').textContent()).toBe('已归档');
    const timeline = (await district.locator('.ant-timeline').textContent()) ?? '';
    for (const step of ['任务分办', '签收办理', '上报办理结果', '督查通过', '情况反馈（答复）', '整理归档']) expect(timeline).toContain(step);
    await shot(district, 'archived');

    // The school's 教管中心 supervises the school, but a bullying case (涉未成年人) is for its own units only.
    const centre = await desk('centre_officer');
    await centre.goto(caseUrl);
    await centre.locator('.ant-alert-error').waitFor();
    expect(await centre.locator('.ant-alert-error').textContent()).toMatch(/案件/);
    expect(await centre.getByText('五年级学生多次被同班同学索要零花钱').count()).toBe(0);
    await shot(centre, 'centre-refused');
    const listed = centre.waitForResponse((r) => r.url().includes('/api/cases?'));
    await centre.goto(`/cases?keyword=${encodeURIComponent(code)}`);
    expect(((await (await listed).json()) as { total: number }).total).toBe(0);
    await centre.locator('.ant-table-placeholder').waitFor();
    expect(await centre.getByRole('row').filter({ hasText: code }).count()).toBe(0);
  });

  it('a passer-by reports from the QR page; the district accepts it as a dispute case; the status page shows 已受理', async () => {
    const school = await desk('principal');
    const schoolId = ((await (await school.request.get('/api/auth/me')).json()) as { orgUnitId: string }).orgUnitId;

    const phone = await phoneOf();
    await phone.goto(`/report/${schoolId}`);
    await phone.getByTestId('target-name').waitFor();
    await phone.getByLabel('问题描述').fill('学校门口两位家长因接送车辆停放发生争吵，险些动手，已经连续三天了');
    await phone.getByLabel('地点（选填）').fill('校门口');
    await phone.getByLabel('称呼（选填）').fill('周先生');
    const question = (await phone.getByText(/等于几/).textContent()) ?? '';
    await phone.getByPlaceholder('填写数字').fill(String(answerOf(question)));
    await phone.waitForTimeout(3200); // the server refuses forms sent within 3 s of their question
    await phone.getByRole('button', { name: /提\s*交\s*反\s*映/ }).click();
    const receipt = ((await phone.getByTestId('receipt').textContent()) ?? '').trim();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$/);
    await phone.getByRole('button', { name: '查询处理进度' }).click();
    await expect.poll(() => phone.getByTestId('public-status-label').textContent()).toBe('已收到，待处理');

    const district = await desk('admin');
    await district.goto('/public-reports');
    const row = district.getByRole('row').filter({ hasText: '接送车辆停放' });
    await row.waitFor();
    await row.getByRole('button', { name: /分\s*拣/ }).click();
    const dialog = district.getByRole('dialog');
    await dialog.getByText('受理为案件').click();
    await dialog.getByLabel('案件类型').click();
    await district.locator('.ant-select-item-option[title="矛盾纠纷"]').click();
    await dialog.getByLabel('案件标题').fill('校门口家长因接送车辆停放争吵');
    await dialog.getByLabel(/答复反映人/).fill('已受理，将协调学校和交警疏导接送车辆');
    await shot(district, 'triage-case');
    await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
    const accepted = district.getByText(/已受理为案件 MD\d+/);
    await accepted.waitFor();
    const caseCode = /MD[\d-]+/.exec((await accepted.textContent()) ?? '')?.[0] ?? '';

    // The case exists with the report as its source, and the public status follows it.
    await district.goto(`/cases?keyword=${encodeURIComponent(caseCode)}`);
    const caseRow = district.getByRole('row').filter({ hasText: caseCode });
    await caseRow.waitFor();
    expect(await caseRow.textContent()).toContain('矛盾纠纷');
    expect(await caseRow.getByTestId('case-row-sla').textContent()).toBe('正常');
    await caseRow.getByRole('link', { name: caseCode }).click();
    await expect.poll(() => district.getByTestId('case-state').textContent()).toBe('签收登记');
    expect((await district.locator('.ant-descriptions').first().textContent()) ?? '').toContain('群众举报（公众渠道）');
    await shot(district, 'case-from-report');

    await phone.reload();
    await expect.poll(() => phone.getByTestId('public-status-label').textContent()).toBe('已受理');
    const shown = (await phone.getByTestId('public-status').textContent()) ?? '';
    expect(shown).toContain('已受理，将协调学校和交警疏导接送车辆');
    expect(shown).not.toMatch(/MD\d|管理员|教委/);
    expect(await noSideScroll(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'public-status');
  });
  it("the district's weekly 矛盾纠纷排查: the obligations card links to the form, a filing makes the week done", async () => {
    const district = await desk('admin');
    await district.goto('/obligations');
    const card = district.getByTestId('obligation-district_dispute_screening_weekly');
    await card.waitFor();
    expect(await card.textContent()).toContain('区教委每周矛盾纠纷排查');
    expect(await card.textContent()).toMatch(/：0\/1 次/); // this week (the last week reads 「上周 …」)
    await shot(district, 'obligations-before');
    await card.getByTestId('obligation-district_dispute_screening_weekly-start').click();
    await district.waitForURL(/\/screenings\/new\?type=dispute$/);
    const dialog = district.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('矛盾纠纷排查');
    await dialog.getByText('发现问题', { exact: true }).click();
    await dialog.getByPlaceholder('问题 1').fill('本周来信 1 件：某校家长对招生划片有异议，已转学校和教管中心解释');
    await dialog.getByLabel(/备注/).fill('汇总本周来信来访、电话举报、各校报送和网络留言');
    await shot(district, 'screening-form');
    await dialog.getByRole('button', { name: /^提\s*交$/ }).click();
    await district.getByText('已填报', { exact: true }).waitFor();
    await district.goto('/obligations');
    await expect.poll(async () => (await card.textContent()) ?? '').toMatch(/：1\/1 次/);
    expect(await card.getByTestId('obligation-district_dispute_screening_weekly-start').count()).toBe(0);
    await shot(district, 'obligations-after');
  });
});
