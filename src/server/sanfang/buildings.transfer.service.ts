import { type CreateBuildingInput, type CreateFireFacilityInput, maintenanceDatesProblem } from '../../domain/buildings-inputs.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, type ErrorDetail } from '../../domain/errors.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { changedKeys, pick } from '../audit/diff.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { findSchoolIdsByCodes } from '../schools/schools.repository.js';
import { type BuildingPart, buildBuildingsWorkbook, buildingPartTitle, parseBuildingsSheet } from './buildings.excel.js';
import * as repo from './buildings.repository.js';
import {
  buildingColumns,
  buildingProblem,
  fireFacilityColumns,
  insertBuildingWithAudit,
  insertFireFacilityWithAudit,
  toBuildingDto,
  toFireFacilityDto,
} from './buildings.service.js';
import { gapSync } from './gap-close.service.js';
import { findSanfangSchools } from './sanfang.repository.js';
import { canCorrect, scopedSchoolIds } from './sanfang.service.js';

/** Excel in and out of 校舍 and fire facilities: validate every row, report each problem, write all or nothing. */

export async function exportBuildings(app: AppContext, actor: Actor, part: BuildingPart, f: { schoolId?: string | undefined }, now = new Date()) {
  if (f.schoolId && !canRead(actor.scope, f.schoolId)) return buildBuildingsWorkbook(part, [], new Map());
  const schoolIds = f.schoolId ? [f.schoolId] : scopedSchoolIds(actor);
  const schools = await findSanfangSchools(app.db, { districtId: actor.districtId, schoolIds: scopedSchoolIds(actor), schoolId: f.schoolId });
  const names = new Map(schools.map((s) => [s.id, { code: s.code, name: s.name }]));
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const filter = { districtId: actor.districtId, schoolIds };
  const rows =
    part === 'buildings'
      ? (await repo.findBuildings(app.db, filter)).map((r) => toBuildingDto(r, pack, today))
      : (await repo.findFireFacilities(app.db, filter)).map((r) => toFireFacilityDto(r, pack, today));
  return buildBuildingsWorkbook(part, rows, names);
}

export type BuildingsImportResult = { part: BuildingPart; total: number; created: number; updated: number; dryRun: boolean };

export async function importBuildings(app: AppContext, actor: Actor, part: BuildingPart, file: Buffer, dryRun: boolean, now = new Date()) {
  const today = shanghaiDay(now);
  const { rows, errors } = await parseBuildingsSheet(part, file);
  const codes = await findSchoolIdsByCodes(app.db, actor.districtId, [...new Set(rows.map((r) => r.schoolCode))]);
  const existing = new Map<string, repo.BuildingRecord | repo.FireFacilityRecord>();
  for (const id of rows.map((r) => r.id).filter((x): x is string => !!x)) {
    const rec = part === 'buildings' ? await repo.findBuilding(app.db, actor.districtId, id) : await repo.findFireFacility(app.db, actor.districtId, id);
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
    const rec = r.id ? existing.get(r.id) : undefined;
    if (r.id && (!rec || rec.school_id !== hit.id)) errors.push({ row: r.row, column: '记录编号', message: '记录编号不存在或不属于该校' });
    // The record as it will be after this row (an update keeps the cells left blank).
    if (part === 'buildings') {
      const old = rec as repo.BuildingRecord | undefined;
      const v = {
        grade: r.provided.includes('grade') || !old ? r.values.grade : old.grade,
        appraisedOn: r.provided.includes('appraisedOn') || !old ? r.values.appraisedOn : old.appraised_on,
      };
      const bad = buildingProblem(v as { grade: string | null; appraisedOn: string | null }, today);
      if (bad) errors.push({ row: r.row, column: bad.path === 'appraisedOn' ? '鉴定日期' : bad.path, message: bad.message });
    } else {
      const old = rec as repo.FireFacilityRecord | undefined;
      const last = r.provided.includes('lastMaintainedOn') || !old ? r.values.lastMaintainedOn : old.last_maintained_on;
      const next = r.provided.includes('nextMaintenanceOn') || !old ? r.values.nextMaintenanceOn : old.next_maintenance_on;
      const bad = maintenanceDatesProblem(last as string | null, next as string | null);
      if (bad) errors.push({ row: r.row, column: '下次维保日期', message: bad });
    }
  }
  if (errors.length) {
    errors.sort((a: ErrorDetail, b: ErrorDetail) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError('IMPORT_REJECTED', `导入文件有 ${errors.length} 处错误，未导入任何数据，请修改后重新上传`, errors);
  }
  const updates = rows.filter((r) => r.id);
  const result: BuildingsImportResult = { part, total: rows.length, created: rows.length - updates.length, updated: updates.length, dryRun };
  if (dryRun) return result;
  const pack = await packOf(app, actor.districtId);
  const who = auditActorOf(actor);
  const schools = [...new Set(schoolOf.values())];
  await app.db.transaction().execute(async (trx) => {
    const createdIds: string[] = [];
    for (const r of rows.filter((x) => !x.id)) {
      const schoolId = schoolOf.get(r.row) as string;
      const dto =
        part === 'buildings'
          ? await insertBuildingWithAudit(trx, who, actor.districtId, { ...r.values, schoolId } as CreateBuildingInput, pack, today)
          : await insertFireFacilityWithAudit(trx, who, actor.districtId, { ...r.values, schoolId } as CreateFireFacilityInput, pack, today);
      createdIds.push(dto.id);
    }
    for (const r of updates) {
      const id = r.id as string;
      const rec = existing.get(id) as repo.BuildingRecord | repo.FireFacilityRecord;
      const provided = Object.fromEntries(r.provided.map((k) => [k, r.values[k]]));
      const after =
        part === 'buildings'
          ? await repo.updateBuildingIfVersion(trx, actor.districtId, id, rec.version, buildingColumns(provided))
          : await repo.updateFireFacilityIfVersion(trx, actor.districtId, id, rec.version, fireFacilityColumns(provided));
      if (!after) throw new AppError('CONFLICT', `第 ${r.row} 行的记录已被他人修改，请重新导出后再导入`);
      const view = (x: repo.BuildingRecord | repo.FireFacilityRecord): Record<string, unknown> => {
        const {
          version: _v,
          updatedAt: _u,
          ...rest
        } = 'grade' in x ? toBuildingDto(x as repo.BuildingRecord, pack, today) : toFireFacilityDto(x as repo.FireFacilityRecord, pack, today);
        return rest;
      };
      const b = view(rec);
      const a = view(after);
      const changed = changedKeys(b, a);
      if (!changed.length) continue;
      await appendAuditEvent(trx, who, {
        action: 'sanfang.import',
        entityType: part === 'buildings' ? 'sanfang_building' : 'sanfang_fire_facility',
        entityId: id,
        orgUnitId: rec.school_id,
        summary: `Excel 导入更新（第 ${r.row} 行）：${changed.join('、')}`,
        before: pick(b, changed),
        after: pick(a, changed),
      });
    }
    await appendAuditEvent(trx, who, {
      action: 'sanfang.import',
      entityType: 'sanfang_import',
      entityId: new Date().toISOString(),
      orgUnitId: schools.length === 1 ? (schools[0] as string) : actor.districtId,
      summary: `Excel 导入${buildingPartTitle(part)} ${result.total} 条：新增 ${result.created}，更新 ${result.updated}（${schools.length} 所学校）`,
      after: { ...result, createdIds: createdIds.slice(0, 500), updatedIds: updates.map((u) => u.id), schools: schools.length },
    });
    // The gap hazards of every school the file touched learn the register's new standing, in this transaction.
    const sync = gapSync(app, actor, now);
    for (const s of schools) await sync(trx, s);
  });
  return result;
}
