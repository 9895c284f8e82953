import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { HazardLevel } from '../../domain/hazard.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { toHazardDto } from '../hazards/hazards.dto.js';
import { findHazardById, type HazardRecord } from '../hazards/hazards.repository.js';
import { insertHazardInTransaction } from '../hazards/hazards.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './drills.repository.js';
import { canRaiseFromDrill, loadVisible } from './drills.service.js';

/**
 * A problem found in a drill (疏散通道堵塞, 警报听不清 …) becomes a hazard in one step, as a failed
 * checklist item does: prefilled from the problem, registered through hazards.service (so the
 * ledger, the notifications and the audit chain treat it like any other), and linked both ways
 * (drill_problem.hazard_id, hazard.drill_id). A school cannot declare its own finding 重大: the
 * level is then left to the supervisor's assessment (研判), as for inspections.
 */
type Target = { id: string; code: string; school_id: string; type_label: string; started_at: Date };

export type DrillHazardOverrides = {
  title?: string | undefined;
  description?: string | undefined;
  level?: HazardLevel | undefined;
  place?: string | undefined;
};

const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

async function raiseOne(trx: Db, actor: Actor, d: Target, p: repo.ProblemRow, pack: ResolvedPack, now: Date, over: DrillHazardOverrides = {}): Promise<string> {
  if (!pack.hazardCategories.some((c) => c.code === p.category)) {
    throw new AppError('VALIDATION_FAILED', `第 ${p.no} 个问题的隐患类别「${p.category}」不在本区政策包中`, [{ path: 'category', message: '隐患类别无效' }]);
  }
  const school = schoolRoles.has(actor.role);
  const level = over.level ?? (p.level as HazardLevel);
  if (school && over.level === 'major') throw forbidden('学校可上报隐患，重大隐患由上级研判认定');
  const title = over.title ?? (p.description.length > 60 ? `${p.description.slice(0, 59)}…` : p.description);
  const id = await insertHazardInTransaction(
    trx,
    actor,
    {
      schoolId: d.school_id,
      title,
      description: over.description ?? `${p.description}\n（应急演练 ${d.code}「${d.type_label}」中发现）`,
      place: over.place ?? (p.place || '其他'),
      category: p.category,
      level: school && level === 'major' ? undefined : level,
      source: school ? 'school_self' : 'district',
      attachmentIds: [],
    },
    d.started_at,
    now,
  );
  if (!(await repo.setProblemHazard(trx, actor.districtId, d.id, p.no, id))) throw new AppError('CONFLICT', `第 ${p.no} 个问题已转为隐患`);
  return id;
}

/** At submission: every problem marked 转为隐患 becomes a hazard in the same transaction. */
export async function raiseDrillHazardsOnSubmit(trx: Db, actor: Actor, d: Target, problems: readonly repo.ProblemRow[], pack: ResolvedPack, now: Date) {
  const ids: string[] = [];
  for (const p of problems) if (p.raise_hazard && !p.hazard_id) ids.push(await raiseOne(trx, actor, d, p, pack, now));
  return ids;
}

export async function createHazardFromDrillProblem(app: AppContext, actor: Actor, id: string, no: number, over: DrillHazardOverrides, now = new Date()) {
  const row = await loadVisible(app.db, actor, id);
  if (row.status !== 'submitted') throw new AppError('CONFLICT', '请先提交演练记录，再把问题转为隐患');
  if (!canRaiseFromDrill(actor, row)) throw forbidden('只有本校校长或安全干部、区教委可以把演练问题转为隐患');
  const problem = (await repo.findProblems(app.db, actor.districtId, id)).find((p) => p.no === no);
  if (!problem) throw notFound('演练问题');
  if (problem.hazard_id) throw new AppError('CONFLICT', `第 ${no} 个问题已转为隐患`);
  const pack = await packOf(app, actor.districtId);
  const hazardId = await app.db.transaction().execute(async (trx) => {
    const hid = await raiseOne(trx, actor, row, problem, pack, now, over);
    await repo.incrementDrillHazardCount(trx, actor.districtId, id);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'drill.problem_hazard',
      entityType: 'drill',
      entityId: id,
      orgUnitId: row.school_id,
      summary: `应急演练 ${row.code} 第 ${no} 个问题转为隐患`,
      after: { problem: no, hazardId: hid },
    });
    return hid;
  });
  return { hazard: toHazardDto((await findHazardById(app.db, actor.districtId, hazardId)) as HazardRecord, shanghaiDay(now)) };
}
