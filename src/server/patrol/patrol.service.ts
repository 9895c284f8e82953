import { createHash } from 'node:crypto';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type CreatePatrolLogInput, type PatrolFindingInput, patrolDay } from '../../domain/patrol.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import { type AttachmentDto, linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { insertHazardInTransaction } from '../hazards/hazards.service.js';
import { packOf } from '../policy/policy.service.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import * as repo from './patrol.repository.js';
import { patrolRecorderRoles, type RouteInfo, routeLabel, routesOf, schoolRoles } from './patrol-rules.js';

/**
 * Patrol logs (巡查记录): a guard or teacher records a round in ten seconds on the phone. Each entry
 * carries the phone's clientId, so a resend after a lost answer returns the first entry instead of
 * a second one. A finding marked 转为隐患 becomes a hazard (学校自查) in the same transaction.
 */
export type PatrolFindingDto = { position: number; text: string; place: string; attachmentIds: string[]; hazardId: string | null };
export type PatrolLogDto = {
  id: string;
  code: string;
  schoolId: string;
  schoolName: string;
  route: string;
  routeLabel: string;
  patrolledAt: string;
  patrolDay: string;
  points: string[];
  patrollers: string[];
  note: string;
  findingCount: number;
  hazardCount: number;
  createdByName: string;
  createdAt: string;
};
export type PatrolLogDetail = PatrolLogDto & { findings: PatrolFindingDto[]; attachments: AttachmentDto[]; canCheck: boolean; canRaise: boolean };

export const toPatrolDto = (pack: ResolvedPack, r: repo.PatrolLogRecord): PatrolLogDto => ({
  id: r.id,
  code: r.code,
  schoolId: r.school_id,
  schoolName: r.school_name,
  route: r.route,
  routeLabel: routeLabel(pack, r.route),
  patrolledAt: r.patrolled_at.toISOString(),
  patrolDay: r.patrol_day,
  points: r.points as string[],
  patrollers: r.patrollers as string[],
  note: r.note,
  findingCount: r.finding_count,
  hazardCount: r.hazard_count,
  createdByName: r.created_by_name,
  createdAt: r.created_at.toISOString(),
});

export type PatrolQuery = {
  page: number;
  pageSize: number;
  schoolId?: string | undefined;
  route?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  withFindings?: boolean | undefined;
};

export const scopedPatrolFilter = (actor: Actor, q: Omit<PatrolQuery, 'page' | 'pageSize'>): repo.PatrolFilter => ({
  districtId: actor.districtId,
  schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
  ...q,
});

export async function listPatrolLogs(app: AppContext, actor: Actor, q: PatrolQuery, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const { page, pageSize, ...filter } = q;
  const r = await repo.findPatrolPage(app.db, scopedPatrolFilter(actor, filter), pageSize, (page - 1) * pageSize);
  const school = q.schoolId && canRead(actor.scope, q.schoolId) ? await repo.findSchoolInfo(app.db, actor.districtId, q.schoolId) : undefined;
  const routes: RouteInfo[] = routesOf(pack, school ? school.boarding_students > 0 : null, shanghaiDay(now));
  return { items: r.items.map((x) => toPatrolDto(pack, x)), total: r.total, page, pageSize, byRoute: r.byRoute, routes };
}

async function loadVisible(db: Db, actor: Actor, id: string) {
  const row = await repo.findPatrolById(db, actor.districtId, id);
  if (!row || !canRead(actor.scope, row.school_id)) throw notFound('巡查记录');
  return row;
}

export async function getPatrolLog(app: AppContext, actor: Actor, id: string): Promise<{ patrolLog: PatrolLogDetail }> {
  const row = await loadVisible(app.db, actor, id);
  const pack = await packOf(app, actor.districtId);
  const [findings, attachments] = await Promise.all([
    repo.findFindings(app.db, actor.districtId, [id]),
    listAttachmentsOf(app.db, actor.districtId, 'patrol_log', [id]),
  ]);
  return {
    patrolLog: {
      ...toPatrolDto(pack, row),
      findings: findings.map((f) => ({ position: f.position, text: f.text, place: f.place, attachmentIds: f.attachment_ids, hazardId: f.hazard_id })),
      attachments: attachments.get(id) ?? [],
      canCheck: !schoolRoles.has(actor.role),
      canRaise: patrolRecorderRoles.has(actor.role) && actor.orgUnitId === row.school_id,
    },
  };
}

function hashContent(c: CreatePatrolLogInput): string {
  const findings = c.findings.map((f) => [f.text, f.place, f.raiseHazard, [...f.attachmentIds].sort()]);
  return createHash('sha256')
    .update(JSON.stringify([c.schoolId, c.route, new Date(c.patrolledAt).toISOString(), c.points, c.patrollers, c.note, findings, [...c.attachmentIds].sort()]))
    .digest('hex');
}

function assertInput(pack: ResolvedPack, input: CreatePatrolLogInput, school: boolean, now: Date) {
  if (!pack.vocab.patrolRoutes.some((r) => r.code === input.route)) {
    throw new AppError('VALIDATION_FAILED', `巡查路线「${input.route}」不在本区政策包中`, [{ path: 'route', message: '巡查路线无效' }]);
  }
  const at = new Date(input.patrolledAt).getTime();
  if (at > now.getTime() + 10 * 60_000)
    throw new AppError('VALIDATION_FAILED', '巡查时间不能晚于现在', [{ path: 'patrolledAt', message: '巡查时间不能晚于现在' }]);
  if (at < now.getTime() - 31 * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', '只能补记 31 天内的巡查', [{ path: 'patrolledAt', message: '巡查时间过早' }]);
  }
  for (const [i, f] of input.findings.entries()) {
    if (!f.raiseHazard) continue;
    if (!f.category || !pack.hazardCategories.some((c) => c.code === f.category)) {
      throw new AppError('VALIDATION_FAILED', `第 ${i + 1} 个问题转为隐患时请选择本区政策包中的隐患类别`, [
        { path: `findings.${i}.category`, message: '隐患类别无效' },
      ]);
    }
    if (school && f.level === 'major') throw forbidden('学校可上报隐患，重大隐患由上级研判认定');
  }
}

export async function raiseFinding(
  trx: Db,
  actor: Actor,
  log: { id: string; code: string; schoolId: string; at: Date; route: string },
  f: PatrolFindingInput,
  now: Date,
) {
  return insertHazardInTransaction(
    trx,
    actor,
    {
      schoolId: log.schoolId,
      title: f.text.slice(0, 100),
      description: `巡查记录 ${log.code}（${log.route}）发现：${f.text}`,
      place: f.place || '校园',
      category: f.category as string,
      level: f.level === 'major' ? undefined : f.level,
      source: 'school_self',
      attachmentIds: [],
    },
    log.at,
    now,
  );
}

type CreateResult = { patrolLog: PatrolLogDetail; created: boolean };

export async function createPatrolLog(app: AppContext, actor: Actor, input: CreatePatrolLogInput, now = new Date()): Promise<CreateResult> {
  const existing = await repo.findPatrolByClientId(app.db, actor.districtId, input.clientId);
  if (existing) return resend(app, actor, existing, input);
  if (!canRead(actor.scope, input.schoolId)) throw notFound('学校');
  const school = await repo.findSchoolInfo(app.db, actor.districtId, input.schoolId);
  if (school?.kind !== 'school') throw notFound('学校');
  if (!patrolRecorderRoles.has(actor.role) || actor.orgUnitId !== input.schoolId) throw forbidden('巡查记录由本校教职工、安全干部或校长登记');
  const pack = await packOf(app, actor.districtId);
  assertInput(pack, input, true, now);
  const at = new Date(input.patrolledAt);
  const patrollers = [actor.displayName, ...input.patrollers.filter((p) => p && p !== actor.displayName)];
  try {
    const id = await app.db.transaction().execute(async (trx) => {
      const year = Number(shanghaiDay(now).slice(0, 4));
      const code = `XC${year}${String(await nextCounterValue(trx, actor.districtId, `patrol:${year}`)).padStart(6, '0')}`;
      const raise = input.findings.filter((f) => f.raiseHazard).length;
      const id = await repo.insertPatrolLog(trx, {
        district_id: actor.districtId,
        client_id: input.clientId,
        code,
        school_id: input.schoolId,
        route: input.route,
        patrolled_at: at,
        patrol_day: patrolDay(input.route, at),
        points: JSON.stringify(input.points),
        patrollers: JSON.stringify(patrollers),
        patroller_ids: [actor.userId],
        note: input.note,
        finding_count: input.findings.length,
        hazard_count: raise,
        content_hash: hashContent(input),
        created_by: actor.userId,
        created_by_name: actor.displayName,
      });
      const photoIds = [...input.attachmentIds, ...input.findings.flatMap((f) => f.attachmentIds)];
      await linkAttachments(trx, actor, photoIds, { type: 'patrol_log', id, schoolId: input.schoolId });
      const log = { id, code, schoolId: input.schoolId, at, route: routeLabel(pack, input.route) };
      const rows = [];
      for (const [position, f] of input.findings.entries()) {
        const hazardId = f.raiseHazard ? await raiseFinding(trx, actor, log, f, now) : null;
        rows.push({
          district_id: actor.districtId,
          patrol_log_id: id,
          position,
          text: f.text,
          place: f.place,
          attachment_ids: f.attachmentIds,
          hazard_id: hazardId,
        });
      }
      await repo.insertFindings(trx, rows);
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'patrol_log.create',
        entityType: 'patrol_log',
        entityId: id,
        orgUnitId: input.schoolId,
        summary: `登记巡查 ${code}「${routeLabel(pack, input.route)}」${input.findings.length ? `：发现问题 ${input.findings.length} 个${raise ? `，转为隐患 ${raise} 条` : ''}` : '：正常'}`,
        after: {
          clientId: input.clientId,
          route: input.route,
          patrolledAt: at.toISOString(),
          points: input.points.length,
          findings: input.findings.length,
          hazards: raise,
        },
      });
      return id;
    });
    return { patrolLog: (await getPatrolLog(app, actor, id)).patrolLog, created: true };
  } catch (err) {
    // Two resends racing: the loser answers with the winner's entry.
    const e = err as { code?: string; message?: string; constraint?: string };
    if (e?.code === '23505' && (e.constraint === 'patrol_log_client_uq' || (e.message ?? '').includes('patrol_log_client_uq'))) {
      const winner = await repo.findPatrolByClientId(app.db, actor.districtId, input.clientId);
      if (winner) return resend(app, actor, winner, input);
    }
    throw err;
  }
}

async function resend(app: AppContext, actor: Actor, row: repo.PatrolLogRecord, input: CreatePatrolLogInput): Promise<CreateResult> {
  if (row.created_by !== actor.userId) throw new AppError('CONFLICT', '该巡查记录编号已被其他用户使用，请重新填写');
  if (row.content_hash !== hashContent(input)) {
    throw new AppError('CONFLICT', `巡查 ${row.code} 已登记，本机内容与已登记的不同；已登记的记录不能覆盖，请核对`, [
      { path: 'clientId', message: `已登记的巡查：${row.code}` },
    ]);
  }
  return { patrolLog: (await getPatrolLog(app, actor, row.id)).patrolLog, created: false };
}
