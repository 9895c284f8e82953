import { describe, expect, it } from 'vitest';
import { demoSession } from './harness';
import { solidPng } from './hazard-helpers';

/**
 * 专项行动: the district admin starts the 寒假和春节前 campaign from the pack's template in the
 * browser; the principal's weekly self-check (sent through the API as the phone's sync sends it,
 * tagged with the campaign) shows in the campaign's progress: the school's record count goes up by
 * one, and the principal sees the own school's row only.
 */
describe('campaigns', () => {
  const demo = demoSession();

  it('district creates a campaign from a template; a school self-check shows in its progress', async () => {
    const desk = await demo.signedInPage('admin');
    await desk.goto('/campaigns');
    await desk.getByTestId('campaign-create').click();
    await desk.getByTestId('campaign-template').click();
    await desk.locator('.ant-select-item-option').filter({ hasText: '寒假和春节前安全检查' }).click();
    await desk.getByTestId('campaign-name').fill('寒假和春节前安全检查（测试）');
    await desk.getByTestId('campaign-save').click();
    await desk.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const id = desk.url().split('/').pop() as string;
    await desk.getByTestId('duty-self_check').waitFor();

    const school = await demo.signedInPage('principal');
    const ctx = school.context();
    await school.goto(`/campaigns/${id}`);
    await school.getByText('全部参与学校（1）').waitFor();
    const countIn = async () => Number(/（(\d+)）/.exec((await school.getByTestId('cell-self_check').last().textContent()) ?? '')?.[1]);
    const before = await countIn();

    // The principal's weekly self-check of the own school, tagged with the campaign.
    const me = await (await ctx.request.get('/api/auth/me')).json();
    const csrf = (await ctx.cookies()).find((c) => c.name === 'hx_csrf')?.value ?? '';
    const headers = { 'x-csrf-token': csrf };
    const schoolId = me.orgUnitId as string;
    const tpl = await (await ctx.request.get('/api/checklist-templates/weekly_check')).json();
    const sig = await ctx.request.post(`/api/attachments?purpose=signature&schoolId=${schoolId}&fileName=sign.png`, {
      headers: { ...headers, 'content-type': 'image/png' },
      data: solidPng([200, 30, 30]),
    });
    expect(sig.status(), await sig.text()).toBe(201);
    const made = await ctx.request.post('/api/inspections', {
      headers,
      data: {
        clientId: crypto.randomUUID(),
        schoolId,
        templateCode: 'weekly_check',
        level: 'school_self',
        campaignId: id,
        inspectedAt: new Date().toISOString(),
        items: (tpl.items as { code: string; retired: boolean }[]).filter((i) => !i.retired).map((i) => ({ code: i.code, result: 'pass' })),
        signatures: [{ name: '孙丽华', role: '', attachmentId: (await sig.json()).id, signedAt: new Date().toISOString() }],
        summary: '寒假前自查',
        submit: true,
      },
    });
    expect(made.status(), await made.text()).toBe(201);

    await school.reload();
    await school.getByText('全部参与学校（1）').waitFor();
    expect(await countIn()).toBe(before + 1);
    expect(await school.getByTestId('cell-self_check').last().textContent()).toContain('已完成');
    if (process.env.SHOT_DIR) await school.screenshot({ path: `${process.env.SHOT_DIR}/campaign-school.png`, fullPage: true });
    await desk.reload();
    await desk.getByTestId('duty-self_check').waitFor();
    expect(await desk.getByTestId('campaign-inspections').textContent()).toMatch(/^\s*1 次\s*$/);
    if (process.env.SHOT_DIR) await desk.screenshot({ path: `${process.env.SHOT_DIR}/campaign-progress.png`, fullPage: true });
  });
});
