import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import { type CreateScreeningInput, canFileScreening } from '../../domain/screening.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import { findUnit } from '../cases/cases.repository.js';
import { createCaseInTransaction, requireType } from '../cases/cases.service.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './screenings.repository.js';

/**
 * Screening records (排查报告, issue 12; domain/screening.ts): a unit files its screening for a
 * period — the findings, each of which may open a case of the pack in the same transaction, or a
 * 零报告. The records are the duty kind `screening`: the pack's obligations (obligations.yaml) say
 * which units screen what how often, and the one coverage computation counts them.
 */
export const screeningTypeLabel = (pack: ResolvedPack, code: string) => pack.vocab.screeningTypes.find((t) => t.code === code)?.label ?? code;

const validation = (path: string, message: string, field = message) => new AppError('VALIDATION_FAILED', message, [{ path, message: field }]);

async function assertFindingSchool(db: Db, actor: Actor, schoolId: string, i: number) {
  const u = canRead(actor.scope, schoolId) ? await findUnit(db, actor.districtId, schoolId) : undefined;
  if (u?.kind !== 'school') throw validation(`findings[${i}].schoolId`, '学校不存在或不在您的权限范围内', '学校无效');
}

export async function createScreening(app: AppContext, actor: Actor, input: CreateScreeningInput, now = new Date()) {
  if (!canFileScreening(actor.role)) throw forbidden('排查报告由学校（校长、安全干部）、社区等部门、派出所、教管中心和区教委按本单位填报');
  const pack = await packOf(app, actor.districtId);
  if (!pack.vocab.screeningTypes.some((t) => t.code === input.screeningType))
    throw validation('screeningType', `排查类别「${input.screeningType}」不在本区县政策包中`, '排查类别无效');
  if (input.screenedOn > shanghaiDay(now)) throw validation('screenedOn', '排查日期不能晚于今天', '日期不能晚于今天');
  const isSchool = actor.role === 'principal' || actor.role === 'school_safety_officer';
  // Check every finding before writing anything: a bad case type or school is a 400 with nothing saved.
  for (const [i, f] of input.findings.entries()) {
    if (f.caseTypeCode) {
      try {
        requireType(pack, f.caseTypeCode);
      } catch {
        throw validation(`findings[${i}].caseTypeCode`, `案件类型「${f.caseTypeCode}」不在本区县政策包中`, '案件类型无效');
      }
    }
    if (f.schoolId) await assertFindingSchool(app.db, actor, f.schoolId, i);
  }
  const label = screeningTypeLabel(pack, input.screeningType);
  const unit = await findUnit(app.db, actor.districtId, actor.orgUnitId);
  if (!unit) throw notFound('本单位');
  const result = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertReport(trx, {
      district_id: actor.districtId,
      unit_id: actor.orgUnitId,
      screening_type: input.screeningType,
      screened_on: input.screenedOn,
      zero_report: input.zeroReport,
      note: input.note,
      recorded_by: actor.userId,
      recorded_by_name: actor.displayName,
      created_at: now,
    });
    const cases: { no: number; id: string; code: string }[] = [];
    const rows = [];
    for (const [i, f] of input.findings.entries()) {
      let caseId: string | null = null;
      if (f.caseTypeCode) {
        const schoolId = f.schoolId ?? (isSchool ? actor.orgUnitId : undefined);
        const c = await createCaseInTransaction(
          trx,
          pack,
          actor,
          {
            typeCode: f.caseTypeCode,
            title: f.summary.length > 100 ? `${f.summary.slice(0, 99)}…` : f.summary,
            description: `${unit.name}${label}（${input.screenedOn}）发现：${f.summary}`,
            source: 'screening',
            ...(schoolId && { schoolId }),
          },
          now,
        );
        caseId = c.id;
        cases.push({ no: i + 1, ...c });
      }
      rows.push({ district_id: actor.districtId, report_id: id, no: i + 1, summary: f.summary, case_id: caseId });
    }
    await repo.insertFindings(trx, rows);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'screening.create',
      entityType: 'screening_report',
      entityId: id,
      orgUnitId: actor.orgUnitId,
      summary: input.zeroReport
        ? `${unit.name}${label}（${input.screenedOn}）：零报告`
        : `${unit.name}${label}（${input.screenedOn}）：发现 ${input.findings.length} 条${cases.length ? `，立案 ${cases.map((c) => c.code).join('、')}` : ''}`,
      after: { ...input, cases: cases.map((c) => c.code) },
    });
    return { id, cases };
  });
  return { id: result.id, cases: result.cases };
}

export type ScreeningQuery = {
  page: number;
  pageSize: number;
  unitId?: string | undefined;
  screeningType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/** The records of the units the reader sees (its scope and its own unit), newest first, with findings and their cases. */
export async function listScreenings(app: AppContext, actor: Actor, q: ScreeningQuery) {
  const { page, pageSize, ...rest } = q;
  if (rest.unitId && !canRead(actor.scope, rest.unitId) && rest.unitId !== actor.orgUnitId) throw notFound('单位');
  const pack = await packOf(app, actor.districtId);
  const f = { districtId: actor.districtId, unitIds: actor.scope.read.all ? null : [...actor.scope.read.ids, actor.orgUnitId], ...rest };
  const [rows, total] = await Promise.all([repo.findReports(app.db, f, { offset: (page - 1) * pageSize, limit: pageSize }), repo.countReports(app.db, f)]);
  const findings = await repo.findFindings(
    app.db,
    actor.districtId,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      screeningType: r.screening_type,
      screeningTypeLabel: screeningTypeLabel(pack, r.screening_type),
      screenedOn: r.day,
      zeroReport: r.zero_report,
      note: r.note,
      recordedByName: r.recorded_by_name,
      findings: findings.filter((x) => x.report_id === r.id).map((x) => ({ no: x.no, summary: x.summary, caseId: x.case_id, caseCode: x.case_code ?? null })),
    })),
    total,
    page,
    pageSize,
    types: pack.vocab.screeningTypes.map((t) => ({ code: t.code, label: t.label, description: t.description })),
    canFile: canFileScreening(actor.role),
  };
}
