import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Insertable } from 'kysely';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, type ErrorDetail, forbidden } from '../../domain/errors.js';
import { defaultHazardCategories, type HazardState, hazardSourceLabels, hazardStateLabels } from '../../domain/hazard.js';
import { isClosedOnTime } from '../../domain/hazard-workflow.js';
import type { Role } from '../../domain/roles.js';
import { canWrite } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import type { HazardTable } from '../db/schema.js';
import { findOrgUnit } from '../org/org.repository.js';
import { findHazardLedgerPage, findMeasureLedgerPage, type HazardFilter } from './hazards.repository.js';
import { scopedHazardFilter } from './hazards.service.js';
import type { ImportKey, Ledger, SheetRow } from './ledger.excel.js';
import { buildImportTemplate, importColumns, importVocab, ledgerTitles, parseMoment, readImportSheet, writeLedger } from './ledger.excel.js';
import * as repo from './ledger.repository.js';

/** Rows per export query: small pages of the sheet's columns keep the server's peak memory low (measured in bench/ledger.ts). */
const EXPORT_PAGE = 500;
type LedgerFilter = Omit<HazardFilter, 'districtId' | 'schoolIds' | 'today'>;

/**
 * Streams a ledger as xlsx: the same scoped filter as the list, read in keyset pages on the
 * code. The first page is read before answering, so a failing query is still a JSON error.
 */
export async function exportHazardLedger(db: Db, actor: Actor, ledger: Ledger, filter: LedgerFilter, now = new Date()) {
  const today = shanghaiDay(now);
  const f: HazardFilter = { ...scopedHazardFilter(actor, today), ...filter };
  const stream = new PassThrough();
  const written =
    ledger === 'hazards'
      ? writeLedger(stream, ledger, today, await keysetPages((after) => findHazardLedgerPage(db, f, after, EXPORT_PAGE)))
      : writeLedger(stream, ledger, today, await keysetPages((after) => findMeasureLedgerPage(db, f, after, EXPORT_PAGE)));
  written.catch((e: Error) => stream.destroy(e));
  return { filename: `${ledgerTitles[ledger]}-${today}.xlsx`, stream };
}

/** Reads the first page now, then yields page after page until one comes back short. */
async function keysetPages<R extends { code: string }>(read: (afterCode: string | null) => Promise<R[]>): Promise<AsyncIterable<R[]>> {
  const first = await read(null);
  // The next page is requested before this one is written: on PostgreSQL the query runs while exceljs works.
  async function* pages() {
    for (let page = first; ; ) {
      const last = page.length === EXPORT_PAGE ? page[page.length - 1]?.code : undefined;
      const next = last ? read(last) : null;
      next?.catch(() => {}); // observed below; a client that left early must not leave an unhandled rejection
      yield page;
      if (!next) return;
      page = await next;
    }
  }
  return pages();
}

/** Who moves a ledger in: the district, or a centre for its own schools. Schools report hazards one by one. */
const importerRoles: ReadonlySet<Role> = new Set(['district_admin', 'centre_officer']);
const assertImporter = (actor: Actor) => {
  if (!importerRoles.has(actor.role)) throw forbidden('只有区教委管理员和教管中心可以导入隐患台账');
};

async function writableSchools(db: Db, actor: Actor) {
  return (await repo.findSchoolRefs(db, actor.districtId)).filter((s) => canWrite(actor.scope, s.id));
}

export async function getHazardImportTemplate(db: Db, actor: Actor) {
  assertImporter(actor);
  const schools = (await writableSchools(db, actor)).filter((s) => s.is_active);
  return buildImportTemplate(schools.map((s) => ({ code: s.code, name: s.name, parentName: s.parent_name ?? '' })));
}

/** A valid row: the hazard's columns as they will be inserted, plus where it came from. */
type HazardFields = Omit<Insertable<HazardTable>, 'district_id' | 'id' | 'code' | 'reported_by' | 'reported_by_name'>;
type ImportRow = { row: number; foundDay: string; texts: SheetRow['texts']; hazard: HazardFields & { school_id: string; state: HazardState; found_at: Date } };

export type HazardImportResult = {
  total: number;
  byState: Record<HazardState, number>;
  schools: number;
  dryRun: boolean;
  firstCode: string | null;
  lastCode: string | null;
};

/**
 * Moves an existing Excel ledger in. Every row is validated first (school in the actor's write
 * scope, what each state requires, dates, duplicates in the file and in the ledger); if any is
 * bad nothing is written and every problem is reported with its row and column. Otherwise all
 * rows go in one transaction, numbered from the district's hazard counter.
 */
export async function importHazardLedger(db: Db, actor: Actor, file: Buffer, dryRun: boolean, now = new Date()): Promise<HazardImportResult> {
  assertImporter(actor);
  const today = shanghaiDay(now);
  const sheet = await readImportSheet(file);
  const school = schoolResolver(await writableSchools(db, actor));
  const rows: ImportRow[] = [];
  const errors = [...sheet.errors];
  const seen = new Map<string, number>();
  for (const r of sheet.rows) {
    const v = validateRow(r, { today, now, school });
    errors.push(...v.errors);
    if (!v.row) continue;
    const key = `${v.row.hazard.school_id}\u0000${v.row.hazard.title}\u0000${v.row.foundDay}`;
    const first = seen.get(key);
    if (first) errors.push({ row: r.row, column: '隐患标题', message: `与第 ${first} 行重复（同一学校、隐患标题和发现日期）` });
    else seen.set(key, r.row);
    rows.push(v.row);
  }
  errors.push(...(await alreadyInLedger(db, actor.districtId, rows)));
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError('IMPORT_REJECTED', `导入文件有 ${errors.length} 处错误，未导入任何数据，请修改后重新上传`, errors);
  }
  const byState = Object.fromEntries(Object.keys(hazardStateLabels).map((s) => [s, rows.filter((r) => r.hazard.state === s).length])) as Record<
    HazardState,
    number
  >;
  const result: HazardImportResult = {
    total: rows.length,
    byState,
    schools: new Set(rows.map((r) => r.hazard.school_id)).size,
    dryRun,
    firstCode: null,
    lastCode: null,
  };
  if (dryRun) return result;
  return { ...result, ...(await writeImport(db, actor, rows, result, today)) };
}

type Resolved = { id: string } | { column: ImportKey; error: string };

/** 学校代码 or 学校名称 → a school the actor may write to; schools outside the scope read as unknown. */
function schoolResolver(schools: repo.SchoolRef[]): (code: string, name: string) => Resolved {
  const byCode = new Map(schools.map((s) => [s.code, s]));
  const byName = new Map<string, repo.SchoolRef[]>();
  for (const s of schools) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return (code, name) => {
    const named = byName.get(name) ?? [];
    const s = code ? byCode.get(code) : named.length === 1 ? named[0] : undefined;
    if (!code && !name) return { column: 'schoolCode', error: '请填写学校代码或学校名称' };
    if (!code && named.length > 1) return { column: 'schoolName', error: `有 ${named.length} 所学校名为「${name}」，请填写学校代码` };
    if (!s)
      return code
        ? { column: 'schoolCode', error: `找不到学校代码「${code}」，或该校不在您的管辖范围内` }
        : { column: 'schoolName', error: `找不到学校「${name}」，或该校不在您的管辖范围内` };
    if (code && name && s.name !== name) return { column: 'schoolName', error: `学校代码「${code}」是「${s.name}」，与学校名称「${name}」不一致` };
    if (!s.is_active) return { column: 'schoolCode', error: `学校「${s.name}」已停用，不能导入隐患` };
    return { id: s.id };
  };
}

const planned: ReadonlySet<HazardState> = new Set(['rectifying', 'pending_verification', 'closed']);
const headerOf = (key: ImportKey) => importColumns.find((c) => c.key === key)?.header ?? key;

type RowContext = { today: string; now: Date; school: (code: string, name: string) => Resolved };

/** One row against the rules of its state; every problem of the row, not only the first. */
function validateRow(r: SheetRow, c: RowContext): { row: ImportRow | null; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const fail = (key: ImportKey, message: string) => errors.push({ row: r.row, column: headerOf(key), message });
  const t = (key: ImportKey) => r.texts[key] ?? '';
  const date = (key: ImportKey) => {
    if (!t(key)) return null;
    const m = parseMoment(r.cells[key] ?? null);
    if (!m) fail(key, `「${t(key)}」不是有效日期，请写成 2025-03-18 这样的格式`);
    return m;
  };
  const school = c.school(t('schoolCode'), t('schoolName'));
  if ('error' in school) fail(school.column, school.error);
  for (const col of importColumns) if (col.max && t(col.key).length > col.max) fail(col.key, `${col.header}不超过 ${col.max} 个字`);
  for (const key of ['title', 'place'] as const) if (!t(key)) fail(key, `请填写${headerOf(key)}`);
  const state = importVocab.states.get(t('state'));
  if (!state) fail('state', t('state') ? `状态「${t('state')}」无效，应为 ${Object.values(hazardStateLabels).join('/')}` : '请填写状态');
  const assessed = state !== undefined && state !== 'reported';
  const category = t('category') ? importVocab.categories.get(t('category')) : assessed ? undefined : 'other';
  if (t('category') && !category) fail('category', `类别「${t('category')}」无效，可选：${defaultHazardCategories.map((x) => x.label).join('、')}`);
  else if (!category && assessed) fail('category', '研判后的隐患须填写类别');
  const levelText = t('level') === '未研判' ? '' : t('level');
  const level = levelText ? importVocab.levels.get(levelText) : null;
  if (level === undefined) fail('level', `等级「${levelText}」无效，应为 一般/重大`);
  else if (!level && assessed) fail('level', '研判后的隐患须填写等级（一般/重大）');
  const source = importVocab.sources.get(t('source'));
  if (!source) fail('source', t('source') ? `来源「${t('source')}」无效，可选：${Object.values(hazardSourceLabels).join('、')}` : '请填写来源');
  const found = date('foundOn');
  if (!t('foundOn')) fail('foundOn', '请填写发现日期');
  else if (found && (found.day > c.today || found.at > c.now)) fail('foundOn', '发现日期不能晚于今天');
  const deadline = date('deadline');
  if (deadline && found && deadline.day < found.day) fail('deadline', '整改期限不能早于发现日期');
  if (state && planned.has(state)) {
    const label = hazardStateLabels[state];
    for (const key of ['measures', 'responsiblePerson', 'deadline'] as const) if (!t(key)) fail(key, `${label}的隐患须填写${headerOf(key)}`);
    if (level === 'major' && state === 'rectifying' && !t('interimControl')) fail('interimControl', '重大隐患整改期间须填写临时管控措施');
  }
  const closed = date('closedOn');
  if (state === 'closed' && !t('closedOn')) fail('closedOn', '已销号的隐患须填写销号日期');
  if (state && state !== 'closed' && t('closedOn')) fail('closedOn', '只有已销号的隐患填写销号日期，请清空或把状态改为已销号');
  if (closed && found && closed.day < found.day) fail('closedOn', '销号日期不能早于发现日期');
  if (closed && closed.day > c.today) fail('closedOn', '销号日期不能晚于今天');
  if (errors.length || !('id' in school) || !state || !source || !found || !category || level === undefined) return { row: null, errors };
  // A closing day without a time counts from its midnight, but never before the moment the hazard was found.
  const closedAt = closed ? new Date(Math.max(closed.at.getTime(), found.at.getTime())) : null;
  const hazard = {
    school_id: school.id,
    title: t('title'),
    description: t('description'),
    place: t('place'),
    category,
    level,
    source,
    state,
    found_at: found.at,
    responsible_unit_id: school.id,
    handed_over_to: null,
    deadline: deadline?.day ?? null,
    supervision_listed_at: null,
    interim_control: t('interimControl'),
    plan_measures: t('measures'),
    plan_responsible_person: t('responsiblePerson'),
    plan_funds: t('funds'),
    plan_contingency: t('contingencyPlan'),
    extension_requested_deadline: null,
    closed_at: closedAt,
    closed_on_time: closedAt ? isClosedOnTime(deadline?.day ?? null, shanghaiDay(closedAt)) : null,
    recurrence_of: null,
  };
  return { errors, row: { row: r.row, foundDay: found.day, texts: r.texts, hazard } };
}

/** Rows already in the ledger (same school, title and found day): re-uploading a file must not double it. */
async function alreadyInLedger(db: Db, districtId: string, rows: ImportRow[]): Promise<ErrorDetail[]> {
  if (!rows.length) return [];
  const times = rows.map((r) => r.hazard.found_at.getTime());
  const [from, to] = times.reduce(([lo, hi], t) => [Math.min(lo, t), Math.max(hi, t)], [Infinity, -Infinity]);
  const schoolIds = [...new Set(rows.map((r) => r.hazard.school_id))];
  const existing = await repo.findHazardKeys(db, districtId, schoolIds, new Date(from - 86_400_000), new Date(to + 86_400_000));
  const codes = new Map(existing.map((h) => [`${h.school_id}\u0000${h.title}\u0000${shanghaiDay(h.found_at)}`, h.code]));
  return rows.flatMap((r) => {
    const code = codes.get(`${r.hazard.school_id}\u0000${r.hazard.title}\u0000${r.foundDay}`);
    return code ? [{ row: r.row, column: '隐患标题', message: `系统中已有该隐患（${code}，同一学校、标题和发现日期），请勿重复导入` }] : [];
  });
}

/**
 * One transaction: codes, hazards and their timeline entries in batches of 500, then ONE audit
 * event for the import. Not one per hazard: each audit append locks the district's chain head
 * and hashes after the previous link, a few round trips per event, so 20,000 of them would
 * multiply the import time and hold the audit lock throughout. The trail stays complete: the
 * audit event names the import id, and every hazard's timeline entry carries that id, its
 * state and the source row as read from the file.
 */
async function writeImport(db: Db, actor: Actor, rows: ImportRow[], result: HazardImportResult, today: string) {
  const importId = randomUUID();
  const year = today.slice(0, 4);
  return db.transaction().execute(async (trx) => {
    const seq = await repo.reserveCounterValues(trx, actor.districtId, `hazard:${year}`, rows.length);
    const codeAt = (i: number) => `YH${year}${String(seq + i).padStart(6, '0')}`;
    const hazards = rows.map((r, i) => ({
      ...r.hazard,
      district_id: actor.districtId,
      id: randomUUID(),
      code: codeAt(i),
      reported_by: actor.userId,
      reported_by_name: actor.displayName,
    }));
    await repo.insertHazardBatch(trx, hazards);
    const unit = await findOrgUnit(trx, actor.districtId, actor.orgUnitId);
    const events = hazards.map((h, i) => {
      const r = rows[i] as ImportRow;
      return {
        district_id: actor.districtId,
        hazard_id: h.id,
        action: 'imported',
        from_state: null,
        to_state: r.hazard.state,
        actor_id: actor.userId,
        actor_name: actor.displayName,
        actor_role: actor.role,
        actor_unit_name: unit?.name ?? '',
        note: `从 Excel 台账导入（第 ${r.row} 行）`,
        data: JSON.stringify({ importId, state: r.hazard.state, row: r.row, source: r.texts }),
      };
    });
    await repo.insertHazardEventBatch(trx, events);
    const codes = { firstCode: codeAt(0), lastCode: codeAt(rows.length - 1) };
    const counts = Object.entries(result.byState)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${hazardStateLabels[s as HazardState]} ${n}`)
      .join('、');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'hazard.import',
      entityType: 'hazard_import',
      entityId: importId,
      orgUnitId: actor.orgUnitId,
      summary: `Excel 导入隐患台账 ${rows.length} 条（${counts}），涉及 ${result.schools} 所学校，编号 ${codes.firstCode}–${codes.lastCode}`,
      after: { importId, total: rows.length, byState: result.byState, schools: result.schools, ...codes },
    });
    return codes;
  });
}
