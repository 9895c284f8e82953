import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoticePdf } from '../../scripts/check-notice-pdf.js';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { type Period, periodOf } from '../../src/domain/periods.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { act, uploadPhoto } from '../support/hazard-helpers.js';

/**
 * The joint group's weekly ledger and the monthly briefing, read back the way an office would:
 * the xlsx through exceljs, the PDF through poppler. Every number is checked against the API
 * (inspections, coverage, hazards, notices) for the same scope and period.
 */
let t: TestApp;
let admin: Client, joint: Client, police: Client, centre: Client, principal: Client;
let schoolA = ''; // YJT0101: in the centre officer's township and the police station's precinct
let schoolB = ''; // YJC0501: outside both
const today = shanghaiDay(new Date());
/** Last week: every day of it is past, whatever day the suite runs. */
const week: Period = periodOf('weekly', addDays(today, -7), []);
/** Two days of last week in the same month, so the month's briefing holds both. */
const [day1, day2] = (() => {
  for (let i = 0; i < 6; i++) {
    const a = addDays(week.start, i);
    const b = addDays(a, 1);
    if (a.slice(0, 7) === b.slice(0, 7)) return [a, b];
  }
  throw new Error('unreachable');
})() as [string, string];
const month = day1.slice(0, 7);
const monthEnd = addDays(`${addDays(`${month}-28`, 5).slice(0, 7)}-01`, -1);
const tag = `周报测试${randomUUID().slice(0, 6)}`;

type Tpl = { code: string; name: string; version: number; items: { code: string; text: string; retired: boolean }[] };
let jointTpl: Tpl;
type Created = { id: string; code: string; summary: string; failed: string[]; hazardIds: string[] };
const made: Record<string, Created> = {};

async function template(c: Client, level: string, prefer?: string): Promise<Tpl> {
  const list = (await c.get('/api/checklist-templates')).json().items as { code: string; levels: string[] }[];
  const pick = list.find((x) => x.code === prefer && x.levels.includes(level)) ?? list.find((x) => x.levels.includes(level));
  if (!pick) throw new Error(`no checklist template at level ${level}`);
  return (await c.get(`/api/checklist-templates/${pick.code}`)).json();
}

/** Submits one inspection: the first `fail` items fail (the first of them raised as a hazard), the next one n/a. */
async function inspect(
  c: Client,
  o: { schoolId: string; tpl: Tpl; level: string; day: string; fail: number; summary: string; inspectors?: { name: string; unitName?: string }[] },
) {
  const signature = await uploadPhoto(c, o.schoolId, 'signature');
  const items = o.tpl.items.filter((i) => !i.retired);
  const body = {
    clientId: randomUUID(),
    schoolId: o.schoolId,
    templateCode: o.tpl.code,
    level: o.level,
    inspectedAt: `${o.day}T10:00:00+08:00`,
    ...(o.inspectors && { inspectors: o.inspectors }),
    summary: o.summary,
    items: await Promise.all(
      items.map(async (it, i) => ({
        code: it.code,
        result: i < o.fail ? 'fail' : i === o.fail ? 'na' : 'pass',
        attachmentIds: i < o.fail ? [await uploadPhoto(c, o.schoolId, 'inspection')] : [],
        raiseHazard: i === 0 && o.fail > 0,
      })),
    ),
    signatures: [{ name: '签名人', attachmentId: signature, signedAt: `${o.day}T10:30:00+08:00` }],
    submit: true,
  };
  const res = await c.post('/api/inspections', body);
  expect(res.statusCode, res.body).toBe(201);
  const r = res.json().inspection as { id: string; code: string; status: string; items: { result: string; text: string; hazard: { id: string } | null }[] };
  expect(r.status).toBe('submitted');
  return {
    id: r.id,
    code: r.code,
    summary: o.summary,
    failed: r.items.filter((i) => i.result === 'fail').map((i) => i.text),
    hazardIds: r.items.flatMap((i) => (i.hazard ? [i.hazard.id] : [])),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, joint, police, centre, principal] = await t.loginAll(['admin', 'joint_inspector', 'police', 'centre_officer', 'principal'] as const);
  schoolA = await idOfSchool(t.db, 'YJT0101');
  schoolB = await idOfSchool(t.db, 'YJC0501');
  jointTpl = await template(joint, 'joint', 'sanfang');
  const jointTeam = [
    { name: '赵明亮', unitName: '区联合督检组' },
    { name: '钱保国', unitName: '公安分局' },
  ];
  made.a1 = await inspect(joint, { schoolId: schoolA, tpl: jointTpl, level: 'joint', day: day1, fail: 2, summary: `${tag}甲校`, inspectors: jointTeam });
  made.b2 = await inspect(joint, { schoolId: schoolB, tpl: jointTpl, level: 'joint', day: day2, fail: 1, summary: `${tag}乙校`, inspectors: jointTeam });
  made.pa = await inspect(police, { schoolId: schoolA, tpl: jointTpl, level: 'joint', day: day2, fail: 0, summary: `${tag}派出所随队` });
  made.centre = await inspect(centre, {
    schoolId: schoolA,
    tpl: await template(centre, 'centre'),
    level: 'centre',
    day: day1,
    fail: 1,
    summary: `${tag}中心排查`,
  });
  // A notice to school A dated inside last week, and one of the raised hazards 重大 and 挂牌督办.
  const hazard = made.a1.hazardIds[0] as string;
  const notice = await admin.post('/api/notices', { schoolId: schoolA, hazardIds: [hazard], deadline: addDays(today, 10), requirements: '立即整改' });
  expect(notice.statusCode, notice.body).toBe(201);
  await t.db
    .updateTable('rectification_notice')
    .set({ issued_at: new Date(`${day1}T15:00:00+08:00`) })
    .where('id', '=', notice.json().notice.id)
    .execute();
  expect((await act(admin, hazard, 'assess', { level: 'major', category: 'fire' })).statusCode).toBe(200);
  const listed = await act(admin, hazard, 'list_supervision', { note: '区教委挂牌督办' });
  expect(listed.statusCode, listed.body).toBe(200);
});
afterAll(() => t.close());

type Row = Record<string, ExcelJS.CellValue>;
async function workbook(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}
/** The rows under the header row `headerRow` of a sheet, keyed by header. */
function rowsOf(ws: ExcelJS.Worksheet, headerRow: number): Row[] {
  const headers = (ws.getRow(headerRow).values as unknown[]).slice(1) as string[];
  const rows: Row[] = [];
  ws.eachRow((row, n) => {
    if (n > headerRow) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}
/** The value next to a label in column A (key figures), or the rows of the table under a caption. */
const figure = (ws: ExcelJS.Worksheet, label: string) => {
  let v: ExcelJS.CellValue | undefined;
  ws.eachRow((row) => {
    if (v === undefined && row.getCell(1).value === label) v = row.getCell(2).value;
  });
  return v;
};
function tableUnder(ws: ExcelJS.Worksheet, caption: string): Row[] {
  let start = 0;
  ws.eachRow((row, n) => {
    if (!start && String(row.getCell(1).value ?? '').startsWith(caption)) start = n + 1;
  });
  expect(start, `caption ${caption}`).toBeGreaterThan(0);
  const headers = (ws.getRow(start).values as unknown[]).slice(1) as string[];
  const rows: Row[] = [];
  for (let n = start + 1; n <= ws.rowCount && ws.getRow(n).getCell(1).value !== null && ws.getRow(n).getCell(1).value !== '（无）'; n++) {
    const row = ws.getRow(n);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  }
  return rows;
}
const json = async (c: Client, url: string) => {
  const res = await c.get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const asDate = (day: string) => new Date(`${day}T00:00:00Z`);
function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

/** Every submitted inspection the list gives the user for the query, page by page. */
async function submitted(c: Client, query: string) {
  const out: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const r = await json(c, `/api/inspections?status=submitted&${query}&pageSize=200&page=${page}`);
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

/** What the ledger must hold, from the inspection list and the database for the same scope and week. */
async function expectedWeek(c: Client, level = 'joint') {
  const items = (await submitted(c, `level=${level}&from=${week.start}&to=${week.end}`)) as {
    id: string;
    code: string;
    schoolId: string;
    inspectedOn: string;
    counts: { fail: number };
  }[];
  const ids = items.map((i) => i.id);
  const hazards = ids.length
    ? Number(
        (await sql<{ n: number }>`select count(distinct hazard_id) as n from inspection_item where inspection_id in (${sql.join(ids)})`.execute(t.db)).rows[0]
          ?.n,
      )
    : 0;
  const schools = [...new Set(items.map((i) => i.schoolId))];
  const notices = Number(
    (
      await sql<{ n: number }>`select count(*) as n from rectification_notice where school_id in (${sql.join(schools)})
        and issued_at >= ${new Date(`${week.start}T00:00:00+08:00`)} and issued_at < ${new Date(`${addDays(week.end, 1)}T00:00:00+08:00`)}`.execute(t.db)
    ).rows[0]?.n,
  );
  return {
    codes: items.map((i) => i.code).sort(),
    days: new Set(items.map((i) => i.inspectedOn)).size,
    schools: schools.length,
    failed: items.reduce((n, i) => n + i.counts.fail, 0),
    hazards,
    notices,
  };
}

describe('exportWeeklyLedger', () => {
  it('lists every joint inspection of the week with the header summary, dates as dates, a frozen header', async () => {
    const wb = await workbook(await admin.get(`/api/supervision/weekly-ledger?week=${week.key}&format=xlsx`));
    const ws = wb.getWorksheet('每周台账') as ExcelJS.Worksheet;
    const weekNo = Number(week.key.slice(6));
    const title = `联合督检每周台账（${week.key.slice(0, 4)}年第${weekNo}周 ${week.label.slice(week.label.indexOf('（') + 1, -1)}）`;
    expect(ws.getCell('A1').value).toBe(title);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(
      '序号 日期 学校 所属街镇 检查层级 检查人员 检查表 合格 不合格 不适用 发现问题 隐患编号及状态 备注 检查编号'.split(' '),
    );
    for (let c = 1; c <= 14; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(6);
    const rows = rowsOf(ws, 3);
    const exp = await expectedWeek(admin);
    expect(rows.map((r) => r.检查编号).sort()).toEqual(exp.codes);
    expect(rows.map((r) => r.序号)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.every((r) => r.日期 instanceof Date && r.检查层级 === '联合督检')).toBe(true);
    expect(rows.map((r) => (r.日期 as Date).getTime())).toEqual([...rows.map((r) => (r.日期 as Date).getTime())].sort((a, b) => a - b));

    const a1 = rows.find((r) => r.检查编号 === made.a1?.code) as Row;
    const schoolName = (await json(admin, `/api/schools/${schoolA}`)).name;
    const hazard = (await json(admin, `/api/hazards/${made.a1?.hazardIds[0]}`)).hazard;
    expect(a1).toMatchObject({
      日期: asDate(day1),
      学校: schoolName,
      检查人员: '赵明亮、钱保国',
      检查表: `${jointTpl.name}（第${jointTpl.version}版）`,
      合格: jointTpl.items.filter((i) => !i.retired).length - 3,
      不合格: 2,
      不适用: 1,
      发现问题: made.a1?.failed.join('；'),
      隐患编号及状态: `${hazard.code}（研判）`,
      备注: `${tag}甲校`,
    });
    expect(a1.所属街镇).toBeTruthy();
    expect(rows.find((r) => r.检查编号 === made.pa?.code)).toMatchObject({
      日期: asDate(day2),
      检查人员: '张卫东',
      不合格: 0,
      发现问题: '',
      隐患编号及状态: '',
    });
    expect(rows.some((r) => r.检查编号 === made.centre?.code)).toBe(false);

    const summary = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    expect(figure(summary, '周次')).toBe(week.key);
    expect(figure(summary, '开始日期')).toEqual(asDate(week.start));
    expect(figure(summary, '检查天数')).toBe(exp.days);
    expect(figure(summary, '联合督检天数')).toBe(exp.days);
    expect(figure(summary, '每周要求天数')).toBe(2);
    expect(figure(summary, '是否达标')).toBe(exp.days >= 2 ? '达标' : '未达标');
    expect(figure(summary, '检查学校数')).toBe(exp.schools);
    expect(figure(summary, '检查次数')).toBe(exp.codes.length);
    expect(figure(summary, '不合格项数')).toBe(exp.failed);
    expect(figure(summary, '发现隐患数')).toBe(exp.hazards);
    expect(exp.hazards).toBeGreaterThanOrEqual(2);
    expect(figure(summary, '下达整改通知书数')).toBe(exp.notices);
    expect(exp.notices).toBeGreaterThanOrEqual(1);
    expect(String(ws.getCell('A2').value)).toContain(`检查 ${exp.codes.length} 次`);
  });

  it('level=all adds every supervising level, never the schools’ own checks', async () => {
    const rows = rowsOf(
      (await workbook(await admin.get(`/api/supervision/weekly-ledger?week=${week.key}&level=all`))).getWorksheet('每周台账') as ExcelJS.Worksheet,
      3,
    );
    const all = (await submitted(admin, `from=${week.start}&to=${week.end}`)) as { code: string; level: string }[];
    expect(rows.map((r) => r.检查编号).sort()).toEqual(
      all
        .filter((i) => i.level !== 'school_self')
        .map((i) => i.code)
        .sort(),
    );
    expect(rows.find((r) => r.检查编号 === made.centre?.code)?.检查层级).toBe('教管中心排查');
  });

  it('a centre officer gets only the township’s schools and no verdict on the district duty', async () => {
    const wb = await workbook(await centre.get(`/api/supervision/weekly-ledger?week=${week.key}`));
    const rows = rowsOf(wb.getWorksheet('每周台账') as ExcelJS.Worksheet, 3);
    const exp = await expectedWeek(centre);
    expect(rows.map((r) => r.检查编号).sort()).toEqual(exp.codes);
    expect(rows.map((r) => r.检查编号)).toEqual(expect.arrayContaining([made.a1?.code, made.pa?.code]));
    expect(rows.some((r) => r.检查编号 === made.b2?.code)).toBe(false);
    const summary = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
    expect(figure(summary, '是否达标')).toBe('不评定');
    expect(figure(summary, '检查学校数')).toBe(exp.schools);
  });

  it('prints an A4 PDF with the embedded Chinese font that poppler renders', async () => {
    const res = await admin.get(`/api/supervision/weekly-ledger?week=${week.key}&format=pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`联合督检每周台账-${week.key}.pdf`)}`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Table cells wrap, and pdftotext reads a wrapped row column by column: check texts that fit one line.
    const schoolName = (await json(admin, `/api/schools/${schoolA}`)).name;
    const check = checkNoticePdf(res.rawPayload, {
      expectText: [
        `联合督检每周台账（${week.key.slice(0, 4)}年第${Number(week.key.slice(6))}周`,
        '检查天数',
        '下达整改通知书',
        schoolName,
        made.a1?.code as string,
      ],
      pngPrefix: '/tmp/briefing-weekly',
    });
    expect(check.pages).toBeGreaterThanOrEqual(1);
  });
});

describe('exportMonthlyBriefing', () => {
  it('matches coverage, hazards and notices of the same month and scope, one sheet per section', async () => {
    const wb = await workbook(await admin.get(`/api/supervision/monthly-briefing?month=${month}&format=xlsx`));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['一、总体情况', '二、发现问题', '三、整改情况', '四、覆盖率', '五、未覆盖学校']);
    const [overview, findings, rect, rates, uncovered] = wb.worksheets as [
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
      ExcelJS.Worksheet,
    ];
    expect(String(overview.getCell('A1').value)).toMatch(
      new RegExp(`^云江区学校安全联合督检 ${Number(month.slice(0, 4))}年${Number(month.slice(5))}月工作通报`),
    );

    const cov = await json(admin, `/api/coverage?view=month&from=${month}&to=${month}`);
    expect(figure(overview, '应督查学校数')).toBe(cov.totals[0].schools);
    expect(figure(overview, '已督查学校数')).toBe(cov.totals[0].done);
    expect(figure(overview, '督查覆盖率')).toBe(cov.totals[0].rate);
    const byLevel = tableUnder(overview, '各层级检查情况');
    for (const level of ['joint', 'centre', 'school_self']) {
      const label = { joint: '联合督检', centre: '教管中心排查', school_self: '学校自查' }[level];
      const total = (await json(admin, `/api/inspections?status=submitted&level=${level}&from=${month}-01&to=${monthEnd}&pageSize=1`)).total;
      expect(byLevel.find((r) => r.检查层级 === label)?.检查次数).toBe(total);
    }
    const weeks = tableUnder(overview, '联合督检组每周检查天数');
    expect(weeks.find((w) => w.周次 === week.key)).toMatchObject({ 开始日期: asDate(week.start), 检查天数: (await expectedWeek(admin)).days });

    const hz = await json(admin, `/api/hazards?from=${month}-01&to=${monthEnd}&pageSize=1`);
    expect(figure(findings, '发现隐患总数')).toBe(hz.total);
    const fromInspections = Number(
      (
        await sql<{ n: number }>`select count(*) as n from hazard where inspection_id is not null
          and found_at >= ${new Date(`${month}-01T00:00:00+08:00`)} and found_at < ${new Date(`${addDays(monthEnd, 1)}T00:00:00+08:00`)}`.execute(t.db)
      ).rows[0]?.n,
    );
    expect(figure(findings, '其中检查发现')).toBe(fromInspections);
    expect(fromInspections).toBeGreaterThanOrEqual(3);
    const byCategory = tableUnder(findings, '按类别和等级');
    expect(byCategory.at(-1)).toMatchObject({ 类别: '合计', 合计: hz.total });

    expect(figure(rect, '本月发现隐患')).toBe(hz.total);
    expect(figure(rect, '已销号')).toBe(hz.counts.closed);
    expect(figure(rect, '其中按期销号')).toBe(hz.counts.closedOnTime);
    expect(figure(rect, '正在整改')).toBe(hz.counts.open);
    expect(figure(rect, '其中逾期')).toBe(hz.counts.overdue);
    expect(figure(rect, '本月下达整改通知书')).toBe((await json(admin, `/api/notices?from=${month}-01&to=${monthEnd}&pageSize=1`)).total);
    const listed = tableUnder(rect, '挂牌督办未销号的重大隐患');
    const supervised = await json(admin, `/api/hazards?supervisionListed=true&to=${monthEnd}&pageSize=1`);
    expect(listed).toHaveLength(supervised.counts.open);
    const mine = (await json(admin, `/api/hazards/${made.a1?.hazardIds[0]}`)).hazard;
    expect(listed.find((h) => h.隐患编号 === mine.code)).toMatchObject({ 等级: '重大', 状态: '研判', 是否逾期: '否' });

    const parents = tableUnder(rates, '各街镇覆盖率');
    expect(parents.map((p) => [p['街道/教管中心'], p.学校数, p.已督查])).toEqual(
      cov.byParent.map((p: { name: string; cells: { schools: number; done: number }[] }) => [p.name, p.cells[0]?.schools, p.cells[0]?.done]),
    );
    const inspectors = tableUnder(rates, '责任督学覆盖率');
    expect(inspectors.map((p) => [p.责任督学, p.包校数, p.已督查])).toEqual(
      cov.byInspector.map((p: { name: string; cells: { schools: number; done: number }[] }) => [p.name, p.cells[0]?.schools, p.cells[0]?.done]),
    );
    const missing = tableUnder(uncovered, '本月未接受督查的学校');
    expect(missing.map((u) => u.学校)).toEqual(
      cov.uncovered.filter((u: { periodKey: string }) => u.periodKey === month).map((u: { school: { name: string } }) => u.school.name),
    );
    expect(missing.length).toBe(cov.totals[0].schools - cov.totals[0].done);
  });

  it('a centre officer’s briefing covers only the township’s schools', async () => {
    const wb = await workbook(await centre.get(`/api/supervision/monthly-briefing?month=${month}`));
    const cov = await json(centre, `/api/coverage?view=month&from=${month}&to=${month}`);
    const [overview, findings, , rates] = wb.worksheets as ExcelJS.Worksheet[];
    expect(figure(overview as ExcelJS.Worksheet, '应督查学校数')).toBe(cov.totals[0].schools);
    expect(cov.totals[0].schools).toBeLessThan((await json(admin, `/api/coverage?view=month&from=${month}&to=${month}`)).totals[0].schools);
    expect(figure(findings as ExcelJS.Worksheet, '发现隐患总数')).toBe((await json(centre, `/api/hazards?from=${month}-01&to=${monthEnd}&pageSize=1`)).total);
    expect(tableUnder(rates as ExcelJS.Worksheet, '各街镇覆盖率').map((p) => p['街道/教管中心'])).toEqual(cov.byParent.map((p: { name: string }) => p.name));
    expect(cov.byParent).toHaveLength(1);
  });

  it('prints a formal A4 briefing that poppler renders, titled with the district and month', async () => {
    const res = await admin.get(`/api/supervision/monthly-briefing?month=${month}&format=pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const label = `${Number(month.slice(0, 4))}年${Number(month.slice(5))}月`;
    const check = checkNoticePdf(res.rawPayload, {
      expectText: [
        `云江区学校安全联合督检${label}工作通报`,
        '一、总体情况',
        '二、发现问题',
        '三、整改情况',
        '四、各街镇和责任督学覆盖率',
        '五、未覆盖学校',
        '挂牌督办',
      ],
      pngPrefix: '/tmp/briefing-monthly',
    });
    expect(check.pages).toBeGreaterThanOrEqual(1);
  });
});

describe('access and input', () => {
  it('school accounts get 403; anonymous 401', async () => {
    for (const url of [`/api/supervision/weekly-ledger?week=${week.key}`, `/api/supervision/monthly-briefing?month=${month}&format=pdf`]) {
      expectError(await principal.get(url), 403, 'FORBIDDEN');
      expectError(await t.anonymous().get(url), 401, 'UNAUTHENTICATED');
    }
  });

  it('rejects bad week and month keys, future periods, formats and levels with 400 in Chinese', async () => {
    const nextMonth = addDays(monthEnd, 40).slice(0, 7);
    const future = periodOf('weekly', addDays(today, 14), []).key;
    for (const q of [
      'week=2026-47',
      'week=2026-W60',
      'week=2025-W53',
      `week=${future}`,
      'week=',
      `week=${week.key}&format=docx`,
      `week=${week.key}&level=school_self`,
      `week=${week.key}&level=boss`,
    ]) {
      expectError(await admin.get(`/api/supervision/weekly-ledger?${q}`), 400, 'VALIDATION_FAILED');
    }
    for (const q of ['month=2026-13', 'month=202611', `month=${nextMonth > today.slice(0, 7) ? nextMonth : '2999-01'}`, '', `month=${month}&format=doc`]) {
      expectError(await admin.get(`/api/supervision/monthly-briefing?${q}`), 400, 'VALIDATION_FAILED');
    }
    expect((await admin.get('/api/supervision/weekly-ledger?week=2026-W60')).json().error.message).toContain('周');
  });

  it('is a read: exporting writes no audit event', async () => {
    const count = async () => Number((await sql<{ n: number }>`select count(*) as n from audit_event`.execute(t.db)).rows[0]?.n);
    const before = await count();
    await admin.get(`/api/supervision/weekly-ledger?week=${week.key}`);
    await admin.get(`/api/supervision/monthly-briefing?month=${month}`);
    expect(await count()).toBe(before);
  });
});
