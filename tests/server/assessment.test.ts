import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNoticePdf } from '../../scripts/check-notice-pdf.js';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';

/**
 * Assessment (考核, issue 14) over HTTP on the demo district (the test template has no demo
 * hazards): a small set of activity made here — hazards at one school, two of them past their
 * deadline, the 安全教育平台's figures imported from Excel — is scored by the demo rubric, and every
 * automatic item of that school equals the count written here (the duty items equal the coverage
 * grid's own cells for the school). Then 自评, 考评 with an override that needs a reason, publication
 * with ranks, exports, and scope: a school sees only itself and no scores before publication.
 */
let t: TestApp;
let admin: Client, principal: Client, centre: Client, other: Client;
let school = ''; // YJT0101, the principal's (龙洲湾街道)
let second = ''; // YJT0102, same township
let far = ''; // YJT0201, another township
let roundId = '';

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.code).toBe(code);
  expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
}

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('完成率');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await createTestApp();
  [admin, principal, centre, other] = await t.loginAll(['admin', 'principal', 'centre_officer', 'other_admin'] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  second = await idOfSchool(t.db, 'YJT0102');
  far = await idOfSchool(t.db, 'YJT0201');
}, 240_000);
afterAll(async () => t?.close());

const unitOf = (id: string) => `/api/assessment/rounds/${roundId}/units/${id}`;
const itemOf = (body: { items: { code: string }[] }, code: string) =>
  body.items.find((i) => i.code === code) as unknown as Record<string, unknown> & { evidenceRows: { text: string }[] };

describe('assessment', () => {
  it('lists the demo rubric; every item of it can be computed on this pack', async () => {
    const r = await principal.get('/api/assessment/rubrics');
    expect(r.statusCode).toBe(200);
    const rubric = r.json().items.find((x: { code: string }) => x.code === 'school_safety');
    expect(rubric).toMatchObject({ version: '2026.1', effectiveFrom: '2026-09-01', totalPoints: 100, certainty: 'M', problems: [] });
    const d = await principal.get('/api/assessment/rubrics/school_safety/2026.1');
    expect(d.json().veto.map((v: { code: string }) => v.code)).toEqual(['death', 'concealment']);
    expect(d.json().dimensions[1].indicators[1].ruleText).toBe('每 1项 扣 2 分，最多扣 10 分');
    expectError(await principal.get('/api/assessment/rubrics/school_safety/1999.1'), 404, 'NOT_FOUND');
  });

  it('refuses bad rounds and non-district users', async () => {
    const ok = { title: '2026—2027 学年安全工作考核', rubricCode: 'school_safety', from: '2026-09-01', to: '2027-08-31' };
    expectError(await admin.post('/api/assessment/rounds', { ...ok, title: '' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/assessment/rounds', { ...ok, to: '2026-13-01' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/assessment/rounds', { ...ok, to: '2026-08-31' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/assessment/rounds', { ...ok, rubricCode: 'nothing' }), 400, 'VALIDATION_FAILED');
    const early = await admin.post('/api/assessment/rounds', { ...ok, from: '2026-03-01' }); // before the rubric's effectiveFrom
    expectError(early, 400, 'VALIDATION_FAILED');
    expect(early.json().error.message).toContain('尚未生效');
    expectError(await principal.post('/api/assessment/rounds', ok), 403, 'FORBIDDEN');
    expectError(await centre.post('/api/assessment/rounds', ok), 403, 'FORBIDDEN');
  });

  it('imports the 安全教育平台 figures: every bad row reported and nothing written, then the good file', async () => {
    const url = '/api/assessment/imported?source=edu_platform&period=2026-2027';
    const bad = await admin.upload(
      url,
      await xlsx([
        ['单位代码', '单位名称', '完成率'],
        ['YJT0101', '', 88.5],
        ['NOPE', '', 90],
        ['YJT0102', '', '很好'],
        ['YJT0101', '', 70],
      ]),
    );
    expectError(bad, 422, 'IMPORT_REJECTED');
    expect(bad.json().error.details.map((d: { row: number }) => d.row)).toEqual([3, 4, 5]);
    expect((await admin.get('/api/assessment/imported?source=edu_platform&period=2026-2027')).json().items).toEqual([]);
    expectError(
      await principal.upload(
        url,
        await xlsx([
          ['单位代码', '数值'],
          ['YJT0101', 1],
        ]),
      ),
      403,
      'FORBIDDEN',
    );
    const good = await admin.upload(
      url,
      await xlsx([
        ['单位代码', '单位名称', '完成率'],
        ['YJT0101', '', '88.5%'],
      ]),
    );
    expect(good.statusCode, good.body).toBe(200);
    // The page's form: the rubrics' imported figures, with how many units have a value, and the template.
    const sources = (await admin.get('/api/assessment/imported/sources')).json().items;
    expect(sources).toContainEqual(expect.objectContaining({ source: 'edu_platform', period: '2026-2027', unitTypeLabel: '学校', imported: 1 }));
    expect(sources[0].items[0]).toContain('安全教育平台使用');
    expectError(await principal.get('/api/assessment/imported/sources'), 403, 'FORBIDDEN');
    const tpl = await admin.get('/api/assessment/imported/template?source=edu_platform&period=2026-2027');
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([undefined, '单位代码', '单位名称', '数值']);
    expect(sheet?.rowCount).toBe(271); // a row per school
    const own = sheet?.getRows(2, 270)?.find((r) => r.getCell(1).value === 'YJT0101');
    expect(own?.getCell(3).value).toBe(88.5); // the value imported, prefilled
    expectError(await principal.get('/api/assessment/imported/template?source=edu_platform&period=2026-2027'), 403, 'FORBIDDEN');
    expectError(await admin.get('/api/assessment/imported/template?source=edu_platform&period=2026/27'), 400, 'VALIDATION_FAILED');
  });

  it('scores a school from the platform data, each automatic item equal to the hand count', async () => {
    // Three hazards reported by the school now; two of them pushed past their deadline.
    const ids: string[] = [];
    for (const title of ['楼梯扶手松动', '消防通道堆放杂物', '围墙裂缝']) {
      const r = await principal.post('/api/hazards', { schoolId: school, title, place: '教学楼', category: 'building', source: 'school_self' });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }
    await t.db.updateTable('hazard').set({ deadline: '2026-11-20' }).where('id', 'in', ids.slice(0, 2)).execute();
    const created = await admin.post('/api/assessment/rounds', {
      title: '2026—2027 学年安全工作考核',
      rubricCode: 'school_safety',
      from: '2026-09-01',
      to: '2027-08-31',
    });
    expect(created.statusCode, created.body).toBe(201);
    roundId = created.json().id;
    expect(created.json()).toMatchObject({ units: 270, rubric: { code: 'school_safety', version: '2026.1' } });

    const a = (await admin.get(unitOf(school))).json();
    // 逾期未销号: 2 hazards → 10 − 2 × 2 = 6, the two hazards behind it.
    expect(itemOf(a, 'overdue')).toMatchObject({ value: 2, score: 6, source: 'auto' });
    expect(
      itemOf(a, 'overdue')
        .evidenceRows.map((r) => r.text.split(' ')[1]?.split('：')[0])
        .sort(),
    ).toEqual(['楼梯扶手松动', '消防通道堆放杂物']);
    // 按期销号率: none closed → nothing to judge, full 15.
    expect(itemOf(a, 'on_time')).toMatchObject({ value: null, score: 15, source: 'no_data', detail: '期内发现 3 项，已销号 0 项，其中按期 0 项、超期 0 项' });
    // 安全教育平台 88.5 % → the ≥85 band: 4.
    expect(itemOf(a, 'edu_platform')).toMatchObject({ value: 88.5, score: 4 });
    // 月报: the status board's late and missing months of the school (none filed here), 1 point each.
    let reportsMissed = 0;
    for (const m of ['2026-09', '2026-10', '2026-11', '2026-12']) {
      const s = await admin.get(`/api/reports/status?typeCode=monthly_work&periodKey=${m}`);
      if (s.statusCode !== 200) continue; // a month not over yet is not on the board
      const standing = s.json().rows.find((r: { unitId: string }) => r.unitId === school).standing;
      if (standing === 'late' || standing === 'missing') reportsMissed++;
    }
    expect(reportsMissed).toBeGreaterThanOrEqual(2); // September and October, never filed
    expect(itemOf(a, 'monthly_report')).toMatchObject({ value: reportsMissed, score: Math.max(0, 4 - reportsMissed), source: 'auto' });
    expect(itemOf(a, 'monthly_report').evidenceRows.map((r) => r.text)).toContain('2026年9月：逾期未报（截止 2026-10-28）');
    // 报平安: half a point per day missed or late (no period in the test data: nothing to judge, full 3).
    const checkIns = itemOf(a, 'safety_check_in') as unknown as { value: number | null; score: number };
    expect(checkIns.score).toBe(checkIns.value === null ? 3 : Math.max(0, 3 - 0.5 * checkIns.value));
    // No incident with deaths at the school.
    expect(itemOf(a, 'death')).toMatchObject({ value: 0, vetoed: false });
    // Duty items: the coverage grid's own cells for this school, month by month.
    let sweepMissed = 0;
    for (const m of ['2026-09', '2026-10', '2026-11', '2026-12']) {
      const g = (await admin.get(`/api/coverage?view=month&from=${m}&to=${m}&obligation=monthly_sweep&schoolId=${school}`)).json();
      sweepMissed += g.rows[0].cells.filter((c: { status: string }) => c.status === 'overdue').length;
    }
    expect(itemOf(a, 'monthly_sweep')).toMatchObject({ value: sweepMissed, score: Math.max(0, 10 - 2 * sweepMissed) });
    expect(itemOf(a, 'monthly_sweep').evidenceRows).toHaveLength(sweepMissed);
    // The next school: no hazards (nothing overdue: full 10), no imported figure (0 for that item).
    const b = (await admin.get(unitOf(second))).json();
    expect(itemOf(b, 'overdue')).toMatchObject({ value: 0, score: 10 });
    expect(itemOf(b, 'edu_platform')).toMatchObject({ value: 0, score: 0 });
  }, 600_000);

  it('a school sees only its own assessment, without scores before publication; centres see their schools; other districts nothing', async () => {
    const own = await principal.get(unitOf(school));
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ scoresHidden: true, result: null, canSelfAssess: true });
    expect(itemOf(own.json(), 'overdue')).toMatchObject({ value: null, score: null, evidenceRows: [] });
    expectError(await principal.get(unitOf(second)), 404, 'NOT_FOUND');
    const list = (await principal.get(`/api/assessment/rounds/${roundId}`)).json();
    expect(list.units.map((u: { unitId: string }) => u.unitId)).toEqual([school]);
    expect(list.units[0].total).toBeNull();
    const mine = (await centre.get(`/api/assessment/rounds/${roundId}`)).json().units;
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.every((u: { code: string }) => u.code.startsWith('YJT01'))).toBe(true);
    expectError(await centre.get(unitOf(far)), 404, 'NOT_FOUND');
    expectError(await other.get(`/api/assessment/rounds/${roundId}`), 404, 'NOT_FOUND');
    expectError(await other.get(unitOf(school)), 404, 'NOT_FOUND');
    expectError(await principal.get(`/api/assessment/rounds/${roundId}/export?format=pdf&unitId=${school}`), 409, 'CONFLICT');
  });

  it('自评 on manual items only, within their points, with evidence', async () => {
    const self = `${unitOf(school)}/self`;
    expectError(await principal.put(self, { items: [{ itemCode: 'nine_ones', score: 11 }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put(self, { items: [{ itemCode: 'overdue', score: 5 }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put(self, { items: [{ itemCode: 'nine_ones', score: 8, extra: 1 }] }), 400, 'VALIDATION_FAILED');
    expectError(await principal.put(`${unitOf(second)}/self`, { items: [{ itemCode: 'nine_ones', score: 8 }] }), 404, 'NOT_FOUND');
    expectError(await admin.put(self, { items: [{ itemCode: 'nine_ones', score: 8 }] }), 403, 'FORBIDDEN');
    const up = await principal.request({
      method: 'POST',
      url: `/api/attachments?purpose=assessment&schoolId=${school}&fileName=${encodeURIComponent('例会记录.pdf')}`,
      payload: Buffer.from('%PDF-1.4\n%fake minutes\n'),
      headers: { 'content-type': 'application/pdf' },
    });
    expect(up.statusCode, up.body).toBe(201);
    const attachmentIds = [up.json().id as string];
    const r = await principal.put(self, { items: [{ itemCode: 'nine_ones', score: 8, note: '例会、值班、巡逻制度齐全', attachmentIds }] });
    expect(r.statusCode, r.body).toBe(200);
    expect(itemOf(r.json(), 'nine_ones')).toMatchObject({ selfScore: 8, selfNote: '例会、值班、巡逻制度齐全', score: null });
    expect((itemOf(r.json(), 'nine_ones').attachments as unknown[]).length).toBe(attachmentIds.length);
  });

  it('考评: manual scores, an automatic item overridden only with a reason (recorded and audited), vetoes', async () => {
    const score = `${unitOf(school)}/score`;
    expectError(await principal.put(score, { itemCode: 'nine_ones', score: 7 }), 403, 'FORBIDDEN');
    expectError(await admin.put(score, { itemCode: 'overdue', score: 9 }), 400, 'VALIDATION_FAILED'); // no reason
    expectError(await admin.put(score, { itemCode: 'nine_ones', score: 10.5 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.put(score, { itemCode: 'death', score: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await admin.put(score, { itemCode: 'nope', score: 1 }), 400, 'VALIDATION_FAILED');
    const o = await admin.put(score, { itemCode: 'overdue', score: 8, reason: '其中一项为待上级拨款的围墙改造，已采取临时措施' });
    expect(o.statusCode, o.body).toBe(200);
    expect(itemOf(o.json(), 'overdue')).toMatchObject({ autoScore: 6, score: 8, source: 'override' });
    const row = await t.db
      .selectFrom('assessment_item')
      .select(['id', 'override_reason'])
      .where('unit_id', '=', school)
      .where('item_code', '=', 'overdue')
      .executeTakeFirstOrThrow();
    expect(row.override_reason).toContain('临时措施');
    const audit = await auditEventsFor(t.db, row.id);
    expect(audit[0]).toMatchObject({ action: 'assessment.score' });
    expect(audit[0]?.summary).toContain('理由');
    expect((await admin.put(score, { itemCode: 'nine_ones', score: 7, note: '家访记录不全' })).statusCode).toBe(200);
    expectError(await admin.put(score, { itemCode: 'reporting', score: 5 }), 400, 'VALIDATION_FAILED'); // 3 points
    expect((await admin.put(score, { itemCode: 'reporting', score: 3 })).statusCode).toBe(200);
    expect((await admin.put(score, { itemCode: 'innovation', score: 2 })).statusCode).toBe(200);
    // 瞒报 found at the second school by the assessors (no 认定瞒报 on a case: the measure says 0): a veto over the
    // automatic item, with its reason; its total is 0 whatever else it scored.
    expectError(await admin.put(`${unitOf(second)}/score`, { itemCode: 'concealment', veto: true, note: '未写理由' }), 400, 'VALIDATION_FAILED');
    const v = await admin.put(`${unitOf(second)}/score`, {
      itemCode: 'concealment',
      veto: true,
      note: '10 月一起学生受伤未按时上报',
      reason: '考评组核实：10 月一起学生受伤事故未向区教委报告',
    });
    expect(v.json().result).toMatchObject({ total: 0, vetoedBy: ['concealment'] });
  });

  it('publishes with ranks per school type and township; then the school sees its own result and nothing changes', async () => {
    // 其他安全稳定信息报送 left unscored at this school (the entry withdrawn): 待评定 until publication, then final at 0.
    expect((await admin.put(`${unitOf(school)}/score`, { itemCode: 'reporting', score: null })).statusCode).toBe(200);
    const before = (await admin.get(unitOf(school))).json();
    expect(itemOf(before, 'reporting')).toMatchObject({ score: null, source: 'pending', sourceLabel: '待评定' });
    expect(before.result).toMatchObject({ pending: 1, pendingLabel: '1 项待评定' });
    const refused = await admin.post(`/api/assessment/rounds/${roundId}/publish`, {});
    expectError(refused, 409, 'CONFLICT'); // other schools' manual items are not scored
    expectError(await principal.post(`/api/assessment/rounds/${roundId}/publish`, { confirmPending: true }), 403, 'FORBIDDEN');
    const p = await admin.post(`/api/assessment/rounds/${roundId}/publish`, { confirmPending: true });
    expect(p.statusCode, p.body).toBe(200);
    const a = (await principal.get(unitOf(school))).json();
    expect(a.scoresHidden).toBe(false);
    // What the total counted, in words the school reads: never 待评定 once the result is final.
    expect(itemOf(a, 'reporting')).toMatchObject({ score: 0, source: 'pending', sourceLabel: '未评分（计 0 分）' });
    // 瞒报 is computed now (incidents_concealed: no 认定瞒报 at this school); a manual veto left open reads
    // 未认定（不否决）, see tests/domain/assessment-scoring.test.ts.
    expect(itemOf(a, 'concealment')).toMatchObject({ vetoed: false, source: 'auto', sourceLabel: '平台数据自动计算' });
    expect(itemOf(a, 'nine_ones')).toMatchObject({ score: 7, sourceLabel: '考评人员评定' });
    expect(a.result).toMatchObject({ pending: 1, pendingLabel: '1 项未评分（计 0 分）' });
    expect(a.items.filter((i: { sourceLabel: string }) => i.sourceLabel.includes('待评定'))).toEqual([]);
    const expected = a.result.base + a.result.bonus;
    expect(a.result.total).toBe(expected);
    expect(a.result.bonus).toBe(2);
    expect(a.result.rankInType).toBeGreaterThanOrEqual(1);
    const round = (await admin.get(`/api/assessment/rounds/${roundId}`)).json();
    const sameTownship = round.units.filter(
      (u: { townshipId: string }) => u.townshipId === round.units.find((x: { unitId: string }) => x.unitId === school).townshipId,
    );
    const secondRow = round.units.find((u: { unitId: string }) => u.unitId === second);
    expect(secondRow).toMatchObject({ total: 0, vetoed: true, rankInTownship: sameTownship.length });
    expectError(await admin.put(`${unitOf(school)}/score`, { itemCode: 'nine_ones', score: 9 }), 409, 'CONFLICT');
    expectError(await principal.put(`${unitOf(school)}/self`, { items: [{ itemCode: 'nine_ones', score: 9 }] }), 409, 'CONFLICT');
    expect((await principal.get(`/api/assessment/rounds/${roundId}`)).json().units).toHaveLength(1);
  });

  it('exports the round as Excel and one school as a Chinese A4 PDF', async () => {
    const x = await admin.get(`/api/assessment/rounds/${roundId}/export`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['考核结果', '评分明细']);
    expect(wb.worksheets[0]?.rowCount).toBe(271);
    expect(wb.worksheets[0]?.getRow(1).getCell(11).value).toBe('未评分项（计 0 分）');
    const detail = wb.worksheets[1];
    const rowOf = (unit: string, label: string) =>
      detail?.getRows(2, (detail?.rowCount ?? 1) - 1)?.find((r) => r.getCell(1).value === unit && r.getCell(2).value === label);
    const name = (await admin.get(unitOf(school))).json().unit.name as string;
    expect([rowOf(name, '其他安全稳定信息报送')?.getCell(8).value, rowOf(name, '其他安全稳定信息报送')?.getCell(9).value]).toEqual([0, '未评分（计 0 分）']);
    const labels = (detail?.getColumn(9).values ?? []).filter((v) => typeof v === 'string');
    expect(labels.filter((v) => String(v).includes('待评定'))).toEqual([]);
    const pdf = await principal.get(`/api/assessment/rounds/${roundId}/export?format=pdf&unitId=${school}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.ASSESSMENT_PDF_OUT) writeFileSync(process.env.ASSESSMENT_PDF_OUT, pdf.rawPayload);
    const read = checkNoticePdf(pdf.rawPayload, { expectText: ['安全工作考核结果', '人工评分项中有1项未评分（计0分）'] });
    expect(read.text.replace(/\s+/g, '')).not.toContain('待评定');
    expectError(await admin.get(`/api/assessment/rounds/${roundId}/export?format=pdf`), 400, 'VALIDATION_FAILED');
    expectError(await principal.get(`/api/assessment/rounds/${roundId}/export?format=pdf&unitId=${second}`), 404, 'NOT_FOUND');
  }, 300_000);
});
