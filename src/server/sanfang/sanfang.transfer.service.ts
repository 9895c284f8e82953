import type { Insertable } from 'kysely';
import { AppError, type ErrorDetail, forbidden } from '../../domain/errors.js';
import { canSeeBackgroundResults } from '../../domain/sanfang-inputs.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { SanfangDeviceTable, SanfangPersonTable } from '../db/schema.js';
import { findOrgUnit } from '../org/org.repository.js';
import { findSchoolIdsByCodes } from '../schools/schools.repository.js';
import { gapSync } from './gap-close.service.js';
import { buildRegisterWorkbook, buildSummaryWorkbook, parseRegisterSheet, type RegisterPart } from './sanfang.excel.js';
import * as repo from './sanfang.repository.js';
import { auditBackgroundRead, canCorrect, scopedSchoolIds, toDeviceDto, toPersonDto } from './sanfang.service.js';
import { renderSanfangPdf } from './sanfang-pdf.js';
import { getSanfangSummary, type SummaryFilter } from './sanfang-standing.service.js';

/** Excel and PDF in and out of the 三防 register and its summary. */

async function schoolNames(app: AppContext, actor: Actor, schoolId?: string) {
  const rows = await repo.findSanfangSchools(app.db, { districtId: actor.districtId, schoolIds: scopedSchoolIds(actor), schoolId });
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name }]));
}

export async function exportRegister(app: AppContext, actor: Actor, part: RegisterPart, f: { schoolId?: string | undefined }) {
  if (f.schoolId && !canRead(actor.scope, f.schoolId)) return buildRegisterWorkbook(part, [], new Map());
  const schoolIds = f.schoolId ? [f.schoolId] : scopedSchoolIds(actor);
  const names = await schoolNames(app, actor, f.schoolId);
  if (part === 'guards') {
    const rows = await repo.findPersons(app.db, { districtId: actor.districtId, schoolIds });
    await auditBackgroundRead(app.db, actor, rows, '导出三防人员');
    const show = canSeeBackgroundResults(actor.role);
    return buildRegisterWorkbook(
      part,
      rows.map((r) => toPersonDto(r, show)),
      names,
    );
  }
  const rows = await repo.findDevices(app.db, { districtId: actor.districtId, schoolIds });
  return buildRegisterWorkbook(part, rows.map(toDeviceDto), names);
}

const personKeys: Record<string, keyof SanfangPersonTable> = {
  role: 'role',
  name: 'name',
  gender: 'gender',
  birthDate: 'birth_date',
  phone: 'phone',
  company: 'company',
  certificateNo: 'certificate_no',
  certificateExpiry: 'certificate_expiry',
  hireDate: 'hire_date',
  post: 'post',
  shift: 'shift',
  trained: 'trained',
  bgStatus: 'bg_status',
  bgDate: 'bg_date',
  bgResult: 'bg_result',
  bgBy: 'bg_by',
  active: 'active',
  note: 'note',
};
const deviceKeys: Record<string, keyof SanfangDeviceTable> = {
  kind: 'kind',
  name: 'name',
  location: 'location',
  place: 'place',
  facingGate: 'facing_gate',
  retentionDays: 'retention_days',
  networked: 'networked',
  linked110: 'linked_110',
  mainGate: 'main_gate',
  antiRam: 'anti_ram',
  separated: 'separated',
  item: 'item',
  quantity: 'quantity',
  working: 'working',
  note: 'note',
};

export type RegisterImportResult = { part: RegisterPart; total: number; created: number; updated: number; dryRun: boolean };

/**
 * Every row is checked first (values, the school code, the school in the importer's scope, the
 * record number, who may fill in background results); any problem and nothing is written, every
 * problem reported by row and column. Otherwise all rows go in one transaction.
 */
export async function importRegister(app: AppContext, actor: Actor, part: RegisterPart, file: Buffer, dryRun: boolean): Promise<RegisterImportResult> {
  const { rows, errors } = await parseRegisterSheet(part, file);
  const codes = await findSchoolIdsByCodes(app.db, actor.districtId, [...new Set(rows.map((r) => r.schoolCode))]);
  const existing = new Map<string, repo.PersonRecord | repo.DeviceRecord>();
  const ids = rows.map((r) => r.id).filter((x): x is string => !!x);
  for (const id of ids) {
    const rec = part === 'guards' ? await repo.findPerson(app.db, actor.districtId, id) : await repo.findDevice(app.db, actor.districtId, id);
    if (rec) existing.set(id, rec);
  }
  const schoolOf = new Map<number, string>();
  for (const r of rows) {
    const hit = codes.get(r.schoolCode);
    if (hit?.kind !== 'school' || !canRead(actor.scope, hit.id)) {
      errors.push({ row: r.row, column: '学校代码', message: `找不到学校「${r.schoolCode}」（或不在您的范围内）` });
      continue;
    }
    if (!canCorrect(actor, hit.id)) {
      errors.push({ row: r.row, column: '学校代码', message: `您不能修改学校「${r.schoolCode}」的三防台账` });
      continue;
    }
    schoolOf.set(r.row, hit.id);
    if (r.id) {
      const rec = existing.get(r.id);
      if (!rec || rec.school_id !== hit.id) errors.push({ row: r.row, column: '记录编号', message: '记录编号不存在或不属于该校' });
    }
    if (part === 'guards' && !canSeeBackgroundResults(actor.role) && (r.provided.includes('bgResult') || r.provided.includes('bgBy'))) {
      errors.push({ row: r.row, column: '审查结果', message: '背景审查结果只能由区教委、公安或校长登记' });
    }
  }
  if (errors.length) {
    errors.sort((a: ErrorDetail, b: ErrorDetail) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError('IMPORT_REJECTED', `导入文件有 ${errors.length} 处错误，未导入任何数据，请修改后重新上传`, errors);
  }
  const updates = rows.filter((r) => r.id);
  const result: RegisterImportResult = { part, total: rows.length, created: rows.length - updates.length, updated: updates.length, dryRun };
  if (dryRun) return result;
  const who = auditActorOf(actor);
  const keys = part === 'guards' ? personKeys : deviceKeys;
  const table = part === 'guards' ? 'sanfang_person' : 'sanfang_device';
  const entityType = part === 'guards' ? ('sanfang_person' as const) : ('sanfang_device' as const);
  // Each record's own trail: what the import changed (never a background-check result itself).
  const view = (x: repo.PersonRecord | repo.DeviceRecord) => {
    const dto: Record<string, unknown> = 'role' in x ? toPersonDto(x, true) : toDeviceDto(x);
    const { bgResult: _r, bgBy: _b, bgResultHidden: _h, version: _v, updatedAt: _u, ...rest } = dto;
    return rest;
  };
  const auditRecord = async (
    trx: typeof app.db,
    before: repo.PersonRecord | repo.DeviceRecord | null,
    after: repo.PersonRecord | repo.DeviceRecord,
    row: number,
  ) => {
    const a = view(after);
    const b = before ? view(before) : null;
    const changed = b ? changedKeys(b, a) : Object.keys(a);
    if (b && !changed.length && before && 'bg_result' in before && 'bg_result' in after && before.bg_result === after.bg_result) return;
    await appendAuditEvent(trx, who, {
      action: 'sanfang.import',
      entityType,
      entityId: after.id,
      orgUnitId: after.school_id,
      summary: `Excel 导入${b ? `更新（第 ${row} 行）：${changed.join('、') || '背景审查结果'}` : '新增'}「${after.name}」`,
      before: b ? pick(b, changed) : null,
      after: b ? pick(a, changed) : a,
    });
  };
  await app.db.transaction().execute(async (trx) => {
    const inserts = rows
      .filter((r) => !r.id)
      .map((r) => ({
        district_id: actor.districtId,
        school_id: schoolOf.get(r.row) as string,
        ...Object.fromEntries(Object.entries(r.values).flatMap(([k, v]) => (keys[k] ? [[keys[k], v]] : []))),
      }));
    const created =
      part === 'guards'
        ? await repo.insertPersons(trx, inserts as Insertable<SanfangPersonTable>[])
        : await repo.insertDevices(trx, inserts as Insertable<SanfangDeviceTable>[]);
    for (const r of updates) {
      const patch = Object.fromEntries(r.provided.flatMap((k) => (keys[k] ? [[keys[k], r.values[k]]] : [])));
      const rec = existing.get(r.id as string) as repo.PersonRecord | repo.DeviceRecord;
      const ok =
        part === 'guards'
          ? await repo.updatePersonIfVersion(trx, actor.districtId, r.id as string, rec.version, patch)
          : await repo.updateDeviceIfVersion(trx, actor.districtId, r.id as string, rec.version, patch);
      if (!ok) throw new AppError('CONFLICT', `第 ${r.row} 行的记录已被他人修改，请重新导出后再导入`);
      await auditRecord(trx, rec, ok, r.row);
    }
    for (const c of created) await auditRecord(trx, null, c, 0);
    const schools = [...new Set(schoolOf.values())];
    await appendAuditEvent(trx, who, {
      action: 'sanfang.import',
      entityType: 'sanfang_import',
      entityId: new Date().toISOString(),
      orgUnitId: schools.length === 1 ? (schools[0] as string) : actor.districtId,
      summary: `Excel 导入${part === 'guards' ? '三防人员' : '三防设施'} ${result.total} 条：新增 ${result.created}，更新 ${result.updated}（${schools.length} 所学校）`,
      after: { ...result, table, createdIds: created.map((c) => c.id).slice(0, 500), updatedIds: updates.map((u) => u.id), schools: schools.length },
    });
    // The gap hazards of every school the file touched learn the register's new standing, in this transaction.
    const sync = gapSync(app, actor);
    for (const s of schools) await sync(trx, s);
  });
  return result;
}

export async function exportSummary(app: AppContext, actor: Actor, f: SummaryFilter) {
  return buildSummaryWorkbook(await getSanfangSummary(app, actor, f));
}

export async function printSummary(app: AppContext, actor: Actor, f: SummaryFilter) {
  const s = await getSanfangSummary(app, actor, f);
  const unit = f.orgUnitId ? await findOrgUnit(app.db, actor.districtId, f.orgUnitId) : await findOrgUnit(app.db, actor.districtId, actor.districtId);
  const name = (unit?.name ?? '').replace(/教育委员会$/, '');
  if (f.orgUnitId && !canRead(actor.scope, f.orgUnitId) && !actor.scope.read.all) throw forbidden('不在您的范围内');
  return renderSanfangPdf(s, name, actor.displayName);
}
