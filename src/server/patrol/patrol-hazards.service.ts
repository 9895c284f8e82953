import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { HazardLevel } from '../../domain/hazard.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { toHazardDto } from '../hazards/hazards.dto.js';
import { findHazardById, type HazardRecord } from '../hazards/hazards.repository.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './patrol.repository.js';
import { raiseFinding } from './patrol.service.js';
import { patrolRecorderRoles, routeLabel } from './patrol-rules.js';

export type FindingHazardInput = { category: string; level?: HazardLevel | undefined; title?: string | undefined; place?: string | undefined };

/**
 * A finding recorded as 正常处理 at the time, turned into a hazard later in one step (as a failed
 * inspection item is): by the school's own recorders, with the source 学校自查.
 */
export async function createHazardFromFinding(app: AppContext, actor: Actor, id: string, position: number, input: FindingHazardInput, now = new Date()) {
  const row = await repo.findPatrolById(app.db, actor.districtId, id);
  if (!row || !canRead(actor.scope, row.school_id)) throw notFound('巡查记录');
  if (!patrolRecorderRoles.has(actor.role) || actor.orgUnitId !== row.school_id) throw forbidden('巡查发现的问题由本校转为隐患');
  const finding = (await repo.findFindings(app.db, actor.districtId, [id])).find((f) => f.position === position);
  if (!finding) throw notFound('巡查发现的问题');
  if (finding.hazard_id) throw new AppError('CONFLICT', '该问题已转为隐患');
  if (input.level === 'major') throw forbidden('学校可上报隐患，重大隐患由上级研判认定');
  const pack = await packOf(app, actor.districtId);
  if (!pack.hazardCategories.some((c) => c.code === input.category)) {
    throw new AppError('VALIDATION_FAILED', `隐患类别「${input.category}」不在本区政策包中`, [{ path: 'category', message: '隐患类别无效' }]);
  }
  const hazardId = await app.db.transaction().execute(async (trx) => {
    const log = { id, code: row.code, schoolId: row.school_id, at: row.patrolled_at, route: routeLabel(pack, row.route) };
    const f = {
      text: input.title ?? finding.text,
      place: input.place ?? finding.place,
      raiseHazard: true,
      category: input.category,
      level: input.level,
      attachmentIds: [],
    };
    const hid = await raiseFinding(trx, actor, log, f, now);
    if (!(await repo.setFindingHazard(trx, actor.districtId, id, position, hid))) throw new AppError('CONFLICT', '该问题已转为隐患');
    return hid;
  });
  return { hazard: toHazardDto((await findHazardById(app.db, actor.districtId, hazardId)) as HazardRecord, shanghaiDay(now)) };
}
