import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { currentReportPeriod, reportPeriodOf } from '../../src/domain/reports.js';
import { demoSession } from './harness';

// Reports up the chain: the centre officer files the monthly report from its prefilled draft, the
// district returns it once, it is resubmitted, and the district's status board shows who is still
// late. Screenshots go to /tmp/huxiao-reports/ (or SCREENSHOT_DIR).
const SHOTS = process.env.SCREENSHOT_DIR ?? '/tmp/huxiao-reports';
const rule = { code: 'monthly_work', label: '月报', period: 'monthly' as const, due: { day: 28 } };
const current = currentReportPeriod(rule, shanghaiDay(new Date())) as NonNullable<ReturnType<typeof currentReportPeriod>>;
const previous = reportPeriodOf(rule, addDays(current.start, -1));

describe('the monthly report up the chain', () => {
  const demo = demoSession();
  const errors: string[] = [];
  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  beforeAll(() => {
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  it('filed, returned once, resubmitted; the board shows the late', async () => {
    const centre = await demo.signedInPage('centre_officer', { errors });
    await centre.goto('/reports');
    // antd spaces the two characters of a two-character button label ("填 报", "报 送").
    await centre
      .getByRole('button', { name: /^填\s*报$/ })
      .first()
      .click();
    await centre.getByText('统计数字已由平台数据预填').waitFor();
    await centre.getByLabel('工作开展情况').fill('本月对辖区学校开展安全检查，督促隐患整改。');
    await shot(centre, 'draft-prefilled');
    await centre.getByRole('button', { name: /^报\s*送$/ }).click();
    await centre.getByText('已报送（第 1 版）').waitFor();
    await shot(centre, 'filed');

    const admin = await demo.signedInPage('admin', { errors });
    await admin.goto('/reports?tab=list');
    await admin.locator('.ant-table-row', { hasText: current.key }).first().click();
    await admin.getByRole('button', { name: '退回更正' }).click();
    await admin.getByLabel('退回原因').fill('请补充隐患整改的具体情况');
    await admin.getByRole('button', { name: /^退\s*回$/ }).click();
    await admin.getByText('已退回：请补充隐患整改的具体情况').waitFor();

    await centre.reload();
    await centre.getByText('已退回：请补充隐患整改的具体情况').waitFor();
    await centre.getByLabel('工作开展情况').fill('本月对辖区学校开展安全检查，督促隐患整改，已整改销号的隐患均复查到位。');
    await centre.getByRole('button', { name: '重新报送' }).click();
    await centre.getByText('已报送（第 2 版）').waitFor();
    await shot(centre, 'resubmitted');

    await admin.goto(`/reports?tab=status&typeCode=monthly_work&periodKey=${current.key}`);
    // The centre's row: filed on time, now at version 2 (the 版本 column is the fifth).
    const onTime = admin.locator('.ant-table-row', { hasText: '按时报送' });
    await expect.poll(async () => onTime.locator('td:nth-child(5)').allTextContents()).toContain('2');
    await shot(admin, 'board-current');
    await admin.goto(`/reports?tab=status&typeCode=monthly_work&periodKey=${previous.key}&standing=missing`);
    await admin.getByText(/逾期未报 [1-9]/).waitFor();
    await expect.poll(async () => admin.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await shot(admin, 'board-late');
    expect(errors).toEqual([]);
  }, 180_000);
});
