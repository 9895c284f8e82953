import { AppError, forbidden } from '../../domain/errors.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { listOrgUnits } from '../org/org.repository.js';
import { buildSchoolExport, buildSchoolTemplate, parseSchoolSheet } from './schools.excel.js';
import * as repo from './schools.repository.js';
import {
  insertSchoolWithAudit,
  type ListSchoolsInput,
  type SchoolMovedHook,
  scopedSchoolFilter,
  toSchoolDto,
  updateSchoolWithAudit,
} from './schools.service.js';

/** Excel in and out for the school list. */
export async function exportSchools(db: Db, actor: Actor, filter: Omit<ListSchoolsInput, 'page' | 'pageSize' | 'sort'>) {
  const rows = await repo.findAllSchools(db, { ...scopedSchoolFilter(actor), ...filter });
  return buildSchoolExport(rows.map(toSchoolDto));
}

async function schoolParents(db: Db, districtId: string) {
  return (await listOrgUnits(db, districtId, { kinds: ['township', 'centre'] })).filter((u) => u.is_active);
}

export async function getSchoolImportTemplate(db: Db, actor: Actor) {
  const parents = await schoolParents(db, actor.districtId);
  return buildSchoolTemplate(parents.map((p) => ({ name: p.name, code: p.code })));
}

export type ImportResult = { total: number; created: number; updated: number; dryRun: boolean };

/**
 * Validates every row first; if any is bad nothing is written and every problem is reported
 * with its row number. Otherwise all rows go in one transaction: new codes create schools,
 * known codes update the fields whose cells are filled in.
 */
export async function importSchools(db: Db, actor: Actor, file: Buffer, dryRun: boolean, onMoved?: SchoolMovedHook): Promise<ImportResult> {
  if (actor.role !== 'district_admin') throw forbidden('只有区教委管理员可以导入学校');
  const parents = await schoolParents(db, actor.districtId);
  const byRef = new Map<string, string>();
  for (const p of parents) {
    byRef.set(p.code, p.id);
    byRef.set(p.name, p.id);
  }
  const { rows, errors } = await parseSchoolSheet(file, (ref) => byRef.get(ref));
  const existing = await repo.findSchoolIdsByCodes(
    db,
    actor.districtId,
    rows.map((r) => r.input.code),
  );
  for (const r of rows) {
    const hit = existing.get(r.input.code);
    if (hit && hit.kind !== 'school') errors.push({ row: r.row, column: '学校代码', message: `代码「${r.input.code}」已被其他机构使用` });
  }
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError('IMPORT_REJECTED', `导入文件有 ${errors.length} 处错误，未导入任何数据，请修改后重新上传`, errors);
  }
  const updates = rows.filter((r) => existing.has(r.input.code));
  const result = { total: rows.length, created: rows.length - updates.length, updated: updates.length, dryRun };
  if (dryRun) return result;
  const who = auditActorOf(actor);
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const hit = existing.get(r.input.code);
      if (!hit) await insertSchoolWithAudit(trx, who, r.input, 'school.import_create', onMoved);
      else {
        const before = toSchoolDto((await repo.findSchoolById(trx, actor.districtId, hit.id)) as repo.SchoolRecord);
        // Blank cells keep what the school has: a partial sheet must not wipe data.
        const changes = Object.fromEntries(r.provided.map((k) => [k, r.input[k]]));
        await updateSchoolWithAudit(trx, who, before, changes, 'school.import_update', onMoved);
      }
    }
    await appendAuditEvent(trx, who, {
      action: 'school.import',
      entityType: 'school_import',
      entityId: new Date().toISOString(),
      orgUnitId: actor.districtId,
      summary: `Excel 导入学校 ${result.total} 所：新增 ${result.created}，更新 ${result.updated}`,
      after: result,
    });
  });
  return result;
}
