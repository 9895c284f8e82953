import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '../../src/domain/calendar.js';
import { type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { registerHazard } from '../support/hazard-helpers.js';

const IMPORT_HEADERS =
  '学校代码 学校名称 隐患标题 隐患描述 部位 类别 等级 来源 发现日期 状态 整改措施 责任人 整改资金 整改期限 临时管控措施 应急预案 销号日期'.split(' ');
const HAZARD_HEADERS =
  '隐患编号 学校 街道/教管中心 隐患标题 隐患描述 部位 类别 等级 来源 发现时间 登记人 状态 整改期限 是否逾期 是否挂牌督办 销号时间 是否按期销号'.split(' ');
const MEASURE_HEADERS = '隐患编号 学校 隐患标题 等级 整改措施 责任人 整改资金 整改期限 临时管控措施 应急预案 整改情况说明 交办单位 状态 销号时间'.split(' ');
type Row = Record<string, unknown>;

const today = shanghaiDay(new Date());
const ago = (n: number) => addDays(today, -n);
let t: TestApp;
let admin: Client;
let centre: Client; // centre officer of 第一个街道 (YJT01…)
let principal: Client; // principal of YJT0101

const plan = { 整改措施: '更换老化线路', 责任人: '黄国平', 整改资金: '3000元', 应急预案: '断电并设置警示' };
const LINE_KEYS = '学校代码 隐患标题 部位 类别 等级 来源 发现日期 状态'.split(' ');
/** One row of an office's ledger: the cells of LINE_KEYS in order, then the rest by header. */
const line = (cells: string[], rest: Row = {}): Row => ({ ...Object.fromEntries(LINE_KEYS.map((k, i) => [k, cells[i]])), ...rest });
/** A small ledger across three schools and every state; `tag` keeps titles apart between uploads. */
const ledgerRows = (tag: string): Row[] => [
  line(['YJT0101', `${tag}消防通道堆放杂物`, '教学楼', '消防', '', '学校自查', `${ago(3)} 09:30`, '登记']),
  line(['YJT0101', `${tag}围墙裂缝`, '围墙', 'building', '一般', '责任督学督查', ago(10), '研判']),
  line(['YJT0102', `${tag}配电箱老化`, '配电房', '用电', '一般', '教管中心检查', ago(40), '整改中'], { ...plan, 整改期限: ago(5) }),
  line(['YJT0102', `${tag}食堂燃气管道锈蚀`, '食堂', '燃气', '重大', '联合督检', ago(20), '整改中'], {
    ...plan,
    整改期限: addDays(today, 20),
    临时管控措施: '停用二号灶台',
  }),
  line(['YJC0501', `${tag}校门无防冲撞设施`, '校门', '物防', '一般', '公安检查', ago(30), '待验收'], { ...plan, 整改期限: ago(1) }),
  line(['YJC0501', `${tag}灭火器过期`, '宿舍', '消防', '一般', '学校自查', ago(60), '已销号'], { ...plan, 整改期限: ago(45), 销号日期: ago(50) }),
  line(['YJC0501', `${tag}实验室通风故障`, '实验室', '危化品', '一般', '学校自查', ago(60), '已销号'], { ...plan, 整改期限: ago(45), 销号日期: ago(40) }),
];

async function xlsx(rows: Row[], headers = IMPORT_HEADERS) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患台账');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function readSheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Row[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return { wb, ws, headers, rows };
}
const count = async (table: 'hazard' | 'hazard_event' | 'audit_event' | 'counter') =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
const counts = async () => ({ hazards: await count('hazard'), events: await count('hazard_event'), audit: await count('audit_event') });
const list = async (c: Client, query: string) => {
  const res = await c.get(`/api/hazards?pageSize=200&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Row[]; counts: { overdue: number } };
};
const rejected = (res: { statusCode: number; body: string; json: () => { error: { code: string; details: Row[] } } }) => {
  expect(res.statusCode, res.body).toBe(422);
  expect(res.json().error.code).toBe('IMPORT_REJECTED');
  return res.json().error.details.map((d) => ({ row: d.row, column: d.column }));
};

beforeAll(async () => {
  t = await createTestApp();
  [admin, centre, principal] = (await Promise.all(['admin', 'centre_officer', 'principal'].map((u) => t.login(u)))) as [Client, Client, Client];
  const res = await admin.upload('/api/hazards/import', await xlsx(ledgerRows('基础')));
  expect(res.statusCode, res.body).toBe(200);
  await registerHazard(await t.login('school_officer'), await idOfSchool(t.db, 'YJT0101'), { title: '基础楼梯扶手松动' });
});
afterAll(() => t.close());

describe('POST /api/hazards/import', () => {
  it('dry run validates every row and writes nothing', async () => {
    const before = { ...(await counts()), counter: await count('counter') };
    const res = await admin.upload('/api/hazards/import?dryRun=true', await xlsx(ledgerRows('试算')));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      total: 7,
      byState: { reported: 1, assessed: 1, rectifying: 2, pending_verification: 1, closed: 2 },
      schools: 3,
      dryRun: true,
      firstCode: null,
      lastCode: null,
    });
    expect({ ...(await counts()), counter: await count('counter') }).toEqual(before);
  });

  it('imports a good file: consecutive codes, states, closed on time, a timeline entry each and one audit event', async () => {
    const before = await counts();
    const res = await admin.upload('/api/hazards/import', await xlsx(ledgerRows('导入')));
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ total: 7, schools: 3, dryRun: false });
    expect(await counts()).toEqual({ hazards: before.hazards + 7, events: before.events + 7, audit: before.audit + 1 });
    const { items } = await list(admin, `keyword=${encodeURIComponent('导入')}&sort=code`);
    expect(items.map((h) => h.code)).toEqual(
      Array.from({ length: 7 }, (_, i) => `YH${today.slice(0, 4)}${String(Number(result.firstCode.slice(6)) + i).padStart(6, '0')}`),
    );
    expect(items[items.length - 1]?.code).toBe(result.lastCode);
    expect(items.map((h) => [h.title, h.state, h.level, h.category, h.overdue, h.closedOnTime])).toEqual([
      ['导入消防通道堆放杂物', 'reported', null, 'fire', false, null],
      ['导入围墙裂缝', 'assessed', 'general', 'building', false, null],
      ['导入配电箱老化', 'rectifying', 'general', 'electric', true, null],
      ['导入食堂燃气管道锈蚀', 'rectifying', 'major', 'gas', false, null],
      ['导入校门无防冲撞设施', 'pending_verification', 'general', 'physical', true, null],
      ['导入灭火器过期', 'closed', 'general', 'fire', false, true],
      ['导入实验室通风故障', 'closed', 'general', 'chemical', false, false],
    ]);
    expect(items[0]).toMatchObject({ reportedByName: '周建国', foundAt: new Date(`${ago(3)}T09:30:00+08:00`).toISOString() });
    const detail = (await admin.get(`/api/hazards/${items[3]?.id}`)).json();
    expect(detail.hazard).toMatchObject({ interimControl: '停用二号灶台', plan: { measures: '更换老化线路', responsiblePerson: '黄国平', funds: '3000元' } });
    expect(detail.timeline).toHaveLength(1);
    expect(detail.timeline[0]).toMatchObject({ action: 'imported', toState: 'rectifying', actorName: '周建国', data: { state: 'rectifying', row: 5 } });
    const audit = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'hazard.import').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_type: 'hazard_import', entity_id: detail.timeline[0].data.importId, actor_name: '周建国' });
    expect(audit.summary).toContain('7 条（登记 1、研判 1、整改中 2、待验收 1、已销号 2），涉及 3 所学校');
  });

  it('refuses to import the same rows twice', async () => {
    const before = await counts();
    const details = rejected(await admin.upload('/api/hazards/import', await xlsx(ledgerRows('导入'))));
    expect(details).toEqual([2, 3, 4, 5, 6, 7, 8].map((row) => ({ row, column: '隐患标题' })));
    expect(await counts()).toEqual(before);
  });

  it('reports every bad row with its column and writes nothing', async () => {
    const good = ledgerRows('坏文件');
    const rows: Row[] = [
      good[0] as Row, // row 2: fine
      { ...good[1], 学校代码: 'NOPE01' }, // 3
      { ...good[1], 隐患标题: '坏文件未定级', 等级: '', 类别: '' }, // 4
      { ...good[2], 整改措施: '', 责任人: '', 整改期限: '' }, // 5
      { ...good[3], 临时管控措施: '' }, // 6
      { ...good[5], 销号日期: ago(61) }, // 7: closed before found
      { ...good[0], 隐患标题: '坏文件未来', 发现日期: addDays(today, 2) }, // 8
      { ...good[0] }, // 9: same as row 2
      { ...good[1], 隐患标题: '坏文件状态', 状态: '处理中' }, // 10
      { ...good[6], 销号日期: '' }, // 11
      { ...good[0], 隐患标题: '坏文件日期', 发现日期: '去年春天' }, // 12
      { ...good[0], 隐患标题: '坏文件已销号日期', 销号日期: ago(1) }, // 13: not closed
      { ...good[2], 隐患标题: '坏文件期限', 整改期限: ago(41) }, // 14: deadline before found
    ];
    const before = await counts();
    const details = rejected(await admin.upload('/api/hazards/import?dryRun=false', await xlsx(rows)));
    const expected =
      '3 学校代码|4 类别|4 等级|5 整改措施|5 责任人|5 整改期限|6 临时管控措施|7 销号日期|8 发现日期|9 隐患标题|10 状态|11 销号日期|12 发现日期|13 销号日期|14 整改期限';
    expect(details).toEqual(expected.split('|').map((d) => ({ row: Number(d.split(' ')[0]), column: d.split(' ')[1] })));
    expect(await counts()).toEqual(before);
  });

  it('accepts codes for labels, dates as Excel serials and school names alone', async () => {
    const serial = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000 + 25569;
    const name = (await t.db.selectFrom('org_unit').select('name').where('code', '=', 'YJT0103').executeTakeFirstOrThrow()).name;
    const rows = [
      { 学校名称: name, 隐患标题: '别名导入', 部位: '操场', 类别: 'other', 等级: 'major', 来源: 'police', 发现日期: serial(ago(2)), 状态: 'assessed' },
    ];
    const res = await admin.upload('/api/hazards/import?dryRun=true', await xlsx(rows));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, byState: { assessed: 1 } });
  });

  it('rejects a file without the required columns, and garbage, without a 500', async () => {
    const missing = rejected(await admin.upload('/api/hazards/import', await xlsx([{ 隐患标题: 'x' }], ['隐患标题', '备注'])));
    expect(missing).toEqual(['学校代码/学校名称', '部位', '来源', '发现日期', '状态'].map((column) => ({ row: 1, column })));
    expect(rejected(await admin.upload('/api/hazards/import', Buffer.from('PK\u0003\u0004 not really a zip')))).toEqual([
      { row: undefined, column: undefined },
    ]);
    expect(rejected(await admin.upload('/api/hazards/import', await xlsx([])))).toEqual([{ row: undefined, column: undefined }]);
    const empty = await admin.request({ method: 'POST', url: '/api/hazards/import', headers: { 'content-type': 'application/octet-stream' } });
    expect(empty.statusCode).toBe(400);
  });

  it('is for the district and the centres, each within its write scope', async () => {
    const file = await xlsx(ledgerRows('权限'));
    expect((await t.anonymous().upload('/api/hazards/import', file)).statusCode).toBe(401);
    for (const who of ['staff', 'principal', 'school_officer', 'inspector', 'leader']) {
      const res = await (await t.login(who)).upload('/api/hazards/import?dryRun=true', file);
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    // The centre reaches its own township's schools (YJT01xx), not YJC0501.
    expect(rejected(await centre.upload('/api/hazards/import?dryRun=true', file))).toEqual([6, 7, 8].map((row) => ({ row, column: '学校代码' })));
    const own = await centre.upload('/api/hazards/import', await xlsx(ledgerRows('教管中心').slice(0, 4)));
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ total: 4, schools: 2 });
  });
});

describe('GET /api/hazards/import-template', () => {
  it('has the import headers and a 填写说明 sheet with the allowed values and the schools in scope', async () => {
    const res = await centre.get('/api/hazards/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('隐患台账导入模板.xlsx'));
    const { wb, headers } = await readSheet(res.rawPayload);
    expect(headers).toEqual(IMPORT_HEADERS);
    const help = JSON.stringify((wb.getWorksheet('填写说明') as ExcelJS.Worksheet).getSheetValues());
    for (const v of ['登记', '研判', '整改中', '待验收', '已销号', '重大', '消防', '危化品', '学校自查', '群众举报', 'YJT0101']) expect(help).toContain(v);
    expect(help).not.toContain('YJC0501');
    expect((await principal.get('/api/hazards/import-template')).statusCode).toBe(403);
  });
});

describe('GET /api/hazards/export', () => {
  const exported = async (c: Client, query: string) => {
    const res = await c.get(`/api/hazards/export?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return { res, ...(await readSheet(res.rawPayload)) };
  };

  it.each([
    '',
    'state=closed',
    'level=major',
    'overdue=true',
    'overdue=false&source=school_self',
    `keyword=${encodeURIComponent('围墙')}`,
    'supervisionListed=false&from=2020-01-01',
  ])('holds exactly the rows of the list for "%s"', async (query) => {
    const { headers, rows } = await exported(admin, `ledger=hazards&${query}`);
    expect(headers).toEqual(HAZARD_HEADERS);
    const expected = await list(admin, query);
    expect(expected.total).toBeGreaterThan(0);
    expect(rows.map((r) => r.隐患编号).sort()).toEqual(expected.items.map((h) => h.code).sort());
    expect(rows.filter((r) => r.是否逾期 === '是')).toHaveLength(expected.counts.overdue);
  });

  it('keeps to the scope: a principal exports only their school, and so does a centre filter', async () => {
    const { rows } = await exported(principal, '');
    const mine = await list(principal, '');
    expect(rows).toHaveLength(mine.total);
    expect(new Set(rows.map((r) => r.学校))).toEqual(new Set([mine.items[0]?.schoolName]));
    const parentId = (await t.db.selectFrom('org_unit').select('parent_id').where('code', '=', 'YJC0501').executeTakeFirstOrThrow()).parent_id;
    expect((await exported(admin, `parentId=${parentId}`)).rows).toHaveLength((await list(admin, `parentId=${parentId}`)).total);
  });

  it('writes real dates on the Shanghai wall clock, a frozen header, an autofilter and a dated file name', async () => {
    const { res, ws, rows } = await exported(admin, `keyword=${encodeURIComponent('基础消防通道')}`);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`问题隐患清单-${today}.xlsx`));
    expect(ws.name).toBe('问题隐患清单');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:Q1');
    const found = rows[0]?.发现时间 as Date;
    expect(found).toBeInstanceOf(Date);
    expect(found.toISOString()).toBe(`${ago(3)}T09:30:00.000Z`);
    expect(rows[0]).toMatchObject({ 状态: '登记', 等级: '未研判', 类别: '消防', 来源: '学校自查', 登记人: '周建国', 是否逾期: '否', 是否挂牌督办: '否' });
  });

  it('writes the measures ledger', async () => {
    const { res, headers, rows } = await exported(admin, `ledger=measures&keyword=${encodeURIComponent('基础')}&state=closed`);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent(`整改措施清单-${today}.xlsx`));
    expect(headers).toEqual(MEASURE_HEADERS);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      整改措施: '更换老化线路',
      责任人: '黄国平',
      整改资金: '3000元',
      状态: '已销号',
      整改期限: new Date(`${ago(45)}T00:00:00Z`),
    });
    expect(rows[0]?.销号时间).toBeInstanceOf(Date);
  });

  it('answers 401 without a session and 400 for an unknown ledger', async () => {
    expect((await t.anonymous().get('/api/hazards/export')).statusCode).toBe(401);
    expect((await admin.get('/api/hazards/export?ledger=both')).statusCode).toBe(400);
  });

  // An export of 问题隐患清单 is not importable as-is: its rows are already in the ledger (same
  // school, title and found day), and hazards under rectification need 整改措施 and 责任人, which
  // live in the other sheet (整改措施清单). Its format is importable: headers, labels and dates.
  it('round-trips: the export reads back, rejected only for duplicates and the plan columns it lacks', async () => {
    const all = await exported(admin, `keyword=${encodeURIComponent('基础')}`);
    const details = rejected(await admin.upload('/api/hazards/import?dryRun=true', all.res.rawPayload));
    expect(new Set(details.map((d) => d.column))).toEqual(new Set(['隐患标题', '整改措施', '责任人', '临时管控措施']));
    expect(new Set(details.map((d) => d.row)).size).toBe(all.rows.length);
    const early = await exported(admin, 'state=reported');
    early.ws.eachRow((row, n) => {
      if (n > 1) row.getCell(4).value = `${row.getCell(4).value}（复查）`;
    });
    const retitled = Buffer.from(await early.wb.xlsx.writeBuffer());
    const res = await admin.upload('/api/hazards/import?dryRun=true', retitled);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: early.rows.length, byState: { reported: early.rows.length } });
  });
});

describe('GET /api/hazards: counts and pages over the filter', () => {
  type Counts = { total: number; open: number; overdue: number; closed: number; closedOnTime: number; closedOnTimeRate: number | null };
  const unit = (code: string) => t.db.selectFrom('org_unit').select(['name', 'parent_id']).where('code', '=', code).executeTakeFirstOrThrow();
  /** The counts the rows themselves give: the counts are a query of their own (index-only), so they must agree. */
  const countsOf = (items: Row[]): Counts => {
    const closed = items.filter((h) => h.state === 'closed');
    const onTime = closed.filter((h) => h.closedOnTime).length;
    return {
      total: items.length,
      open: items.length - closed.length,
      overdue: items.filter((h) => h.overdue).length,
      closed: closed.length,
      closedOnTime: onTime,
      closedOnTimeRate: closed.length ? Math.round((onTime / closed.length) * 1000) / 10 : null,
    };
  };

  it('counts exactly the listed rows, for the district and inside a centre', async () => {
    const [own, other] = await Promise.all([unit('YJT0101'), unit('YJC0501')]);
    const queries = ['', 'overdue=true', 'overdue=false', 'level=general&overdue=false', 'state=closed', `parentId=${own.parent_id}`];
    for (const c of [admin, centre])
      for (const q of [...queries, `keyword=${encodeURIComponent(own.name)}`, `keyword=${encodeURIComponent(other.name)}`]) {
        const res = (await list(c, q)) as unknown as { total: number; items: Row[]; counts: Counts };
        expect(res.items.length, q).toBeLessThan(200); // one page holds every row
        expect(res.counts, q).toEqual(countsOf(res.items));
        expect(res.total, q).toBe(res.items.length);
      }
    expect((await list(admin, 'overdue=true')).total).toBeGreaterThan(0);
  });

  it('keeps its counts exact after any change, through the API or straight in the database', async () => {
    // The counts are cached by filter and the district's hazard_version (hazard-count-cache.ts).
    const own = await unit('YJT0101');
    const queries = ['', 'overdue=true', `parentId=${own.parent_id}`, `keyword=${encodeURIComponent(own.name)}`];
    const check = async () => {
      for (const q of queries) {
        const res = (await list(admin, q)) as unknown as { total: number; items: Row[]; counts: Counts };
        expect(res.counts, q).toEqual(countsOf(res.items));
        expect(res.total, q).toBe(res.items.length);
      }
    };
    await check();
    await check(); // served from the cache
    const before = (await list(admin, '')).total;
    await registerHazard(await t.login('school_officer'), await idOfSchool(t.db, 'YJT0101'), { title: '缓存楼梯扶手松动' });
    expect((await list(admin, '')).total).toBe(before + 1);
    await check();
    // Another process (a second server, the CLI) writes: the trigger moves the version on.
    await sql`update hazard set deadline = ${ago(3)}, state = 'rectifying' where title = '缓存楼梯扶手松动'`.execute(t.db);
    await check();
    await sql`update hazard set state = 'closed', closed_at = now(), closed_on_time = false where title = '缓存楼梯扶手松动'`.execute(t.db);
    await check();
    // A renamed school changes what the keyword finds.
    const renamed = `${own.name}（缓存）`;
    await sql`update org_unit set name = ${renamed} where code = 'YJT0101'`.execute(t.db);
    const byNewName = (await list(admin, `keyword=${encodeURIComponent(renamed)}`)) as unknown as { total: number; items: Row[]; counts: Counts };
    expect(byNewName.total).toBeGreaterThan(0);
    expect(byNewName.counts).toEqual(countsOf(byNewName.items));
    await sql`update org_unit set name = ${own.name} where code = 'YJT0101'`.execute(t.db);
    await check();
  });

  it('finds a school by its name in the keyword, within the scope only', async () => {
    const other = await unit('YJC0501');
    const q = `keyword=${encodeURIComponent(other.name)}`;
    const mine = await list(admin, q);
    expect(mine.total).toBeGreaterThanOrEqual(3);
    expect(new Set(mine.items.map((h) => h.schoolName))).toEqual(new Set([other.name]));
    expect((await list(centre, q)).total).toBe(0); // YJC0501 is not in the centre's township
  });

  it.each(['-foundAt', 'foundAt', 'deadline', '-deadline', 'code', '-updatedAt'])(
    'pages through the rows of one long page in order (sort %s)',
    async (sort) => {
      for (const query of [`sort=${sort}`, `sort=${sort}&overdue=false&level=general`, `sort=${sort}&overdue=true`]) {
        const all = (await list(admin, query)).items.map((h) => h.code);
        const paged: unknown[] = [];
        for (let page = 1; paged.length < all.length; page++) {
          const res = await admin.get(`/api/hazards?pageSize=7&page=${page}&${query}`);
          expect(res.statusCode, res.body).toBe(200);
          const { items } = res.json() as { items: Row[] };
          expect(items.length).toBeGreaterThan(0);
          paged.push(...items.map((h) => h.code));
        }
        expect(paged, query).toEqual(all);
      }
    },
  );
});
