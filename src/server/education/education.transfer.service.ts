import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden } from '../../domain/errors.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import { buildEducationExport, buildEducationTemplate, parseEducationSheet } from './education.excel.js';
import * as repo from './education.repository.js';
import { type SessionListFilter, sessionFilterOf, sessionRow, toSessionDto } from './education.service.js';
import { canRecordFor } from './education-scope.js';

/** Excel in and out for the education sessions. */
const MAX_EXPORT_ROWS = 20000;

export async function exportEducationSessions(app: AppContext, actor: Actor, filter: SessionListFilter) {
  const [rows, pack] = await Promise.all([
    repo.findSessions(app.db, sessionFilterOf(actor, filter), { offset: 0, limit: MAX_EXPORT_ROWS }),
    packOf(app, actor.districtId),
  ]);
  return buildEducationExport(rows.map((r) => toSessionDto(r, pack)));
}

export async function getEducationImportTemplate(app: AppContext, actor: Actor) {
  const [pack, units] = await Promise.all([packOf(app, actor.districtId), repo.findSpeakerUnits(app.db, actor.districtId)]);
  return buildEducationTemplate(pack.vocab.educationTopics, pack.vocab.educationOccasions, units);
}

export type EducationImportResult = { total: number; created: number; hours: number; dryRun: boolean };

/**
 * A term's timetable for the actor's own school. Every row is validated first; if any is bad
 * nothing is written and every problem is reported with its row and column. Otherwise all rows
 * go in one transaction with one audit event for the import.
 */
export async function importEducationSessions(app: AppContext, actor: Actor, file: Buffer, dryRun: boolean): Promise<EducationImportResult> {
  if (!canRecordFor(actor, actor.orgUnitId)) throw forbidden('只有学校的校长或安全干部可以导入本校的安全教育课表');
  const schoolId = actor.orgUnitId;
  const [pack, units] = await Promise.all([packOf(app, actor.districtId), repo.findSpeakerUnits(app.db, actor.districtId)]);
  const vocab = { topics: pack.vocab.educationTopics, occasions: pack.vocab.educationOccasions, units };
  const { rows, errors } = await parseEducationSheet(file, schoolId, vocab, shanghaiDay(new Date()));
  if (errors.length) {
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    throw new AppError('IMPORT_REJECTED', `导入文件有 ${errors.length} 处错误，未导入任何数据，请修改后重新上传`, errors);
  }
  const hours = Math.round(rows.reduce((s, r) => s + r.input.hours, 0) * 10) / 10;
  const result = { total: rows.length, created: rows.length, hours, dryRun };
  if (dryRun) return result;
  await app.db.transaction().execute(async (trx) => {
    const ids = await repo.insertSessions(
      trx,
      rows.map((r) => sessionRow(actor, r.input, 'import')),
    );
    const days = rows.map((r) => r.input.heldOn).sort();
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'education.import',
      entityType: 'education_import',
      entityId: ids[0] as string,
      orgUnitId: schoolId,
      summary: `Excel 导入安全教育课表 ${result.total} 节（${days[0]} 至 ${days[days.length - 1]}，共 ${hours} 课时）`,
      after: { ...result, sessionIds: ids },
    });
  });
  return result;
}
