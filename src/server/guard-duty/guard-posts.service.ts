import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  effectiveFromProblem,
  type GuardRole,
  guardDutyOf,
  guardPostKindLabels,
  guardRoleLabels,
  planRotaChange,
  postInForce,
  type RotaContent,
  type RotaLineInput,
  type RotaVersion,
  type SaveGuardPostInput,
} from '../../domain/guard-duty.js';
import type { GuardDutyPolicy } from '../../domain/policy/pack-schema.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './guard-duty.repository.js';

/**
 * 护学岗: posts at school gates and their rota. Who writes: a school's managers (principal, safety
 * officer; the centre and the district over their subtree — the school write scope) keep the school's
 * posts (警校家); a police station keeps its police posts at its precinct's schools (the district
 * admin may too). Everyone who can read the school reads its posts.
 */

export const policyOf = async (app: AppContext, districtId: string) => guardDutyOf(await packOf(app, districtId));

type PostLike = { kind: string; school_id: string; police_unit_id: string | null };

/** Whether the actor keeps this post and its rota (and may sign in on behalf of anyone on it). */
export function canManagePost(actor: Actor, post: PostLike): boolean {
  if (!canRead(actor.scope, post.school_id)) return false;
  if (actor.role === 'district_admin') return true;
  if (post.kind === 'police') return actor.role === 'police_officer' && post.police_unit_id === actor.orgUnitId;
  return canWrite(actor.scope, post.school_id);
}

/** The kinds of post the actor may create at a school it can read. */
export function creatableKinds(actor: Actor, schoolId: string): ('school' | 'police')[] {
  if (!canRead(actor.scope, schoolId)) return [];
  if (actor.role === 'district_admin') return ['school', 'police'];
  if (actor.role === 'police_officer') return ['police'];
  return canWrite(actor.scope, schoolId) ? ['school'] : [];
}

async function assertSchool(app: AppContext, actor: Actor, schoolId: string) {
  const unit = canRead(actor.scope, schoolId) ? await findOrgUnit(app.db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school' || !unit.is_active) throw notFound('学校');
  const school = await repo.findSchoolForPost(app.db, actor.districtId, schoolId);
  if (!school) throw notFound('学校');
  return school;
}

export const rotaDto = (r: repo.GuardRotaRow) => ({
  id: r.id,
  periodCode: r.period_code,
  weekdays: [...r.weekdays].map(Number).sort((a, b) => a - b),
  role: r.role as GuardRole,
  roleLabel: guardRoleLabels[r.role as GuardRole] ?? r.role,
  personName: r.person_name,
  userId: r.user_id,
  phone: r.phone,
  lineId: r.line_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

export const signInDto = (s: repo.GuardSignInRow) => ({
  id: s.id,
  postId: s.post_id,
  rotaId: s.rota_id,
  lineId: s.line_id,
  day: s.day,
  periodCode: s.period_code,
  personName: s.person_name,
  role: s.role,
  signedAt: s.signed_at.toISOString(),
  signedByName: s.signed_by_name,
  onBehalf: s.on_behalf,
  distanceM: s.distance_m === null ? null : Math.round(s.distance_m),
  accuracyM: s.accuracy_m === null ? null : Math.round(s.accuracy_m),
  late: s.late,
  minutesLate: s.minutes_late,
  outside: s.outside,
  noLocation: s.latitude === null,
  note: s.note,
});

export const postDto = (actor: Actor, p: repo.PostWithNames, rota: repo.GuardRotaRow[]) => ({
  id: p.id,
  schoolId: p.school_id,
  schoolName: p.school_name,
  schoolCode: p.school_code,
  kind: p.kind,
  kindLabel: guardPostKindLabels[p.kind],
  policeUnitId: p.police_unit_id,
  policeName: p.police_name,
  gateLabel: p.gate_label,
  /** The school gate the post stands at; null: 未关联校门 (not counted in the setting rate). */
  gateId: p.gate_id,
  gateName: p.gate_name,
  latitude: p.latitude,
  longitude: p.longitude,
  periods: p.periods,
  active: p.active,
  /** The first day the post no longer stands, when it was ended (or is to end) on a chosen day. */
  inactiveFrom: p.inactive_from,
  note: p.note,
  version: p.version,
  canManage: canManagePost(actor, p),
  rota: rota.filter((r) => r.post_id === p.id).map(rotaDto),
});

/** Schools in the actor's scope the list is narrowed to (a school, a township's schools, a station's precinct). */
export async function schoolFilter(
  app: AppContext,
  actor: Actor,
  q: { schoolId?: string | undefined; orgUnitId?: string | undefined },
): Promise<string[] | null> {
  if (q.schoolId) {
    await assertSchool(app, actor, q.schoolId);
    return [q.schoolId];
  }
  if (q.orgUnitId && q.orgUnitId !== actor.districtId) {
    const unit = canRead(actor.scope, q.orgUnitId) || actor.scope.read.all ? await findOrgUnit(app.db, actor.districtId, q.orgUnitId) : undefined;
    if (!unit) throw notFound('单位');
    if (unit.kind === 'school') return canRead(actor.scope, unit.id) ? [unit.id] : [];
    const inUnit =
      unit.kind === 'department'
        ? (await repo.findPrecincts(app.db, actor.districtId, null)).filter((p) => p.policeUnitId === unit.id).map((p) => p.schoolId)
        : await repo.findSchoolIdsUnder(app.db, actor.districtId, unit.id);
    return inUnit.filter((id) => canRead(actor.scope, id));
  }
  return actor.scope.read.all ? null : [...actor.scope.read.ids];
}

export async function listGuardPosts(
  app: AppContext,
  actor: Actor,
  q: { schoolId?: string | undefined; orgUnitId?: string | undefined; active?: boolean | undefined },
  now = new Date(),
) {
  const schoolIds = await schoolFilter(app, actor, q);
  const policy = await policyOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const posts = (await repo.findPosts(app.db, actor.districtId, { schoolIds })).filter(
    (p) => q.active === undefined || postInForce({ active: p.active, inactiveFrom: p.inactive_from }, today) === q.active,
  );
  const rota = await repo.findRota(app.db, actor.districtId, { postIds: posts.map((p) => p.id), asOf: today });
  const signIns = await repo.findSignIns(app.db, actor.districtId, { from: today, to: today, lineIds: rota.map((r) => r.line_id) });
  return {
    today,
    total: posts.length,
    policy: policyDto(policy),
    canCreate: q.schoolId ? creatableKinds(actor, q.schoolId) : [],
    /** With a school: its recorded gates, for the post form's gate choice. */
    gates: q.schoolId
      ? (await repo.findSchoolGates(app.db, actor.districtId, [q.schoolId])).map((g) => ({
          id: g.id,
          name: g.name,
          isMain: g.is_main,
          latitude: g.latitude,
          longitude: g.longitude,
        }))
      : [],
    items: posts.map((p) => ({ ...postDto(actor, p, rota), todaySignIns: signIns.filter((s) => s.post_id === p.id).map(signInDto) })),
  };
}

export const policyDto = (p: GuardDutyPolicy) => ({
  periods: p.periods,
  signInToleranceMeters: p.signInToleranceMeters,
  lateAfterMinutes: p.lateAfterMinutes,
  openBeforeMinutes: p.openBeforeMinutes,
  teamSize: p.teamSize,
  certainty: p.certainty ?? null,
  source: p.source,
  roles: Object.entries(guardRoleLabels).map(([code, label]) => ({ code, label })),
});

function checkPeriods(policy: GuardDutyPolicy, periods: readonly string[], rota: readonly RotaLineInput[]) {
  const known = new Set(policy.periods.map((p) => p.code));
  const problems: { path: string; message: string }[] = [];
  periods.forEach((c, i) => {
    if (!known.has(c)) problems.push({ path: `periods.${i}`, message: `时段「${c}」不在政策包中` });
  });
  if (new Set(periods).size !== periods.length) problems.push({ path: 'periods', message: '时段不能重复' });
  rota.forEach((r, i) => {
    if (!periods.includes(r.periodCode)) problems.push({ path: `rota.${i}.periodCode`, message: '排班的时段应是该岗位的时段之一' });
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '时段无效', problems);
}

/** A rota line's account must be a user of the school or of the post's police station. */
async function checkRotaUsers(db: Db, actor: Actor, rota: readonly RotaLineInput[], units: readonly (string | null)[]) {
  const wanted = [...new Set(rota.map((r) => r.userId).filter((x): x is string => !!x))];
  if (!wanted.length) return;
  const users = new Map((await repo.findUsers(db, actor.districtId, wanted)).map((u) => [u.id, u]));
  const problems = rota.flatMap((r, i) => {
    if (!r.userId) return [];
    const u = users.get(r.userId);
    return u && units.includes(u.org_unit_id) ? [] : [{ path: `rota.${i}.userId`, message: '账号应是本校或本岗位所属派出所的用户' }];
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '账号无效', problems);
}

const versionRow = (
  actor: Actor,
  postId: string,
  schoolId: string,
  c: RotaContent,
  v: { lineId: string | null; validFrom: string; validTo: string | null },
) => {
  const id = randomUUID();
  return {
    district_id: actor.districtId,
    id,
    line_id: v.lineId ?? id,
    post_id: postId,
    school_id: schoolId,
    period_code: c.periodCode,
    weekdays: [...c.weekdays].sort((a, b) => a - b),
    role: c.role,
    person_name: c.personName,
    user_id: c.userId,
    phone: c.phone,
    valid_from: v.validFrom,
    valid_to: v.validTo,
    created_by: actor.userId,
  };
};

const versionOf = (r: repo.GuardRotaRow): RotaVersion => ({
  id: r.id,
  lineId: r.line_id,
  periodCode: r.period_code,
  weekdays: r.weekdays.map(Number),
  role: r.role,
  personName: r.person_name,
  userId: r.user_id,
  phone: r.phone,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

/** The day a save takes effect: the input's, checked (from today, at most 60 days ahead), else today. */
function effectiveDay(input: SaveGuardPostInput, today: string): string {
  const day = input.effectiveFrom ?? today;
  const problem = effectiveFromProblem(day, today);
  if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: 'effectiveFrom', message: problem }]);
  return day;
}

/**
 * A post's standing from a save: active, or ended from `from` — an end chosen for a later day keeps
 * it active (in force, taking sign-ins) until then; inactive_from says when it stops.
 */
const endState = (active: boolean, from: string, today: string) =>
  active ? { active: true, inactive_from: null } : { active: from > today, inactive_from: from };

/** The gate of the input (it must be a recorded gate of the post's school); null: none; undefined: not given. */
async function gateOf(app: AppContext, actor: Actor, input: SaveGuardPostInput) {
  if (input.gateId === undefined) return undefined;
  if (input.gateId === null) return null;
  const gate = await repo.findGateOfSchool(app.db, actor.districtId, input.schoolId, input.gateId);
  if (!gate) throw new AppError('VALIDATION_FAILED', '所选校门不是该学校登记的校门', [{ path: 'gateId', message: '校门无效' }]);
  return gate;
}

export async function saveGuardPost(app: AppContext, actor: Actor, input: SaveGuardPostInput, now = new Date()) {
  const school = await assertSchool(app, actor, input.schoolId);
  const policy = await policyOf(app, actor.districtId);
  checkPeriods(policy, input.periods, input.rota);
  const today = shanghaiDay(now);
  const from = effectiveDay(input, today);
  if (input.id) return updateGuardPost(app, actor, input as SaveGuardPostInput & { id: string; version: number }, from, today);
  if (!creatableKinds(actor, input.schoolId).includes(input.kind))
    throw forbidden(input.kind === 'police' ? '公安护学岗由辖区派出所设置' : '学校护学岗由本校（或上级教育部门）设置');
  const gate = await gateOf(app, actor, input);
  const lat = input.latitude ?? gate?.latitude ?? (school.latitude === null ? null : Number(school.latitude));
  const lng = input.longitude ?? gate?.longitude ?? (school.longitude === null ? null : Number(school.longitude));
  if (lat === null || lng === null)
    throw new AppError('VALIDATION_FAILED', '学校没有坐标，请填写岗位的经纬度', [{ path: 'latitude', message: '请填写岗位的经纬度' }]);
  const policeUnitId =
    input.kind !== 'police'
      ? null
      : actor.role === 'police_officer'
        ? actor.orgUnitId
        : ((await repo.findPrecincts(app.db, actor.districtId, [input.schoolId]))[0]?.policeUnitId ?? null);
  if (input.kind === 'police' && !policeUnitId)
    throw new AppError('VALIDATION_FAILED', '该校未划入任何派出所辖区，不能设置公安护学岗', [{ path: 'kind', message: '无辖区派出所' }]);
  await checkRotaUsers(app.db, actor, input.rota, [input.schoolId, policeUnitId]);
  return app.db.transaction().execute(async (trx) => {
    const post = await repo.insertPost(trx, {
      district_id: actor.districtId,
      school_id: input.schoolId,
      kind: input.kind,
      police_unit_id: policeUnitId,
      gate_label: input.gateLabel || (gate?.name ?? ''),
      gate_id: gate?.id ?? null,
      latitude: lat,
      longitude: lng,
      periods: input.periods,
      // A post created switched off is ended from today; an end for a later day is set by a change.
      active: input.active,
      inactive_from: input.active ? null : today,
      note: input.note,
      created_by: actor.userId,
      updated_by: actor.userId,
    });
    await repo.insertRota(
      trx,
      input.rota.map((r) => versionRow(actor, post.id, input.schoolId, r, { lineId: null, validFrom: from, validTo: null })),
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'guard_post.create',
      entityType: 'guard_post',
      entityId: post.id,
      orgUnitId: input.schoolId,
      summary: `新增${guardPostKindLabels[input.kind]}：${school.name}${post.gate_label}${gate ? '' : '（未关联校门）'}`,
      after: { kind: input.kind, gateLabel: post.gate_label, gateId: post.gate_id, periods: input.periods, rota: input.rota.length, effectiveFrom: from },
    });
    return getPostInTrx(trx, actor, post.id, today);
  });
}

/** What a save did to the post's standing, for the audit summary. */
function endNote(before: { active: boolean; inactive_from: string | null }, after: { active: boolean; inactive_from: string | null }, today: string) {
  if (after.inactive_from === before.inactive_from && after.active === before.active) return '';
  if (after.inactive_from === null) return '（恢复启用）';
  return after.inactive_from > today ? `（${after.inactive_from} 起停用）` : '（停用）';
}

async function getPostInTrx(db: Db, actor: Actor, id: string, today: string) {
  const [p] = await repo.findPosts(db, actor.districtId, { schoolIds: null, postId: id });
  if (!p) throw notFound('护学岗');
  return postDto(actor, p, await repo.findRota(db, actor.districtId, { postIds: [id], asOf: today }));
}

/**
 * Changes a post and its rota from `from` on (default today): the rota as it stands from that day
 * (current and scheduled versions) is replaced by the input through planRotaChange, so the days
 * before keep the rota then in force. Ending the post (active: false) ends every line the day before.
 */
async function updateGuardPost(app: AppContext, actor: Actor, input: SaveGuardPostInput & { id: string; version: number }, from: string, today: string) {
  const [before] = await repo.findPosts(app.db, actor.districtId, { schoolIds: null, postId: input.id });
  if (!before || !canRead(actor.scope, before.school_id)) throw notFound('护学岗');
  if (!canManagePost(actor, before)) throw forbidden(before.kind === 'police' ? '公安护学岗由辖区派出所维护' : '学校护学岗由本校维护');
  if (before.school_id !== input.schoolId || before.kind !== input.kind)
    throw new AppError('VALIDATION_FAILED', '岗位的学校和类别不能修改，请新建岗位', [{ path: 'schoolId', message: '不能修改' }]);
  const gate = await gateOf(app, actor, input);
  // An end scheduled before (a later day) that this save cancels or moves: the versions it ended
  // the day before are reopened first, so the rota goes on (or ends at the new day).
  const scheduledEnd = before.active && before.inactive_from !== null && before.inactive_from > today ? before.inactive_from : null;
  const endedFor = scheduledEnd ? addDays(scheduledEnd, -1) : null;
  const reopened = endedFor
    ? (await repo.findRota(app.db, actor.districtId, { postIds: [input.id], asOf: endedFor })).filter((r) => r.valid_to === endedFor)
    : [];
  const fetched = await repo.findRota(app.db, actor.districtId, { postIds: [input.id], asOf: from });
  const current = [...fetched.filter((r) => !reopened.some((x) => x.id === r.id)), ...reopened.map((r) => ({ ...r, valid_to: null }))];
  const currentIds = new Set(current.map((r) => r.id));
  const badLine = input.rota.findIndex((r) => r.id && !currentIds.has(r.id));
  if (badLine >= 0)
    throw new AppError('VALIDATION_FAILED', '排班行不属于该岗位，或在生效日期前已结束', [{ path: `rota.${badLine}.id`, message: '排班行无效' }]);
  await checkRotaUsers(app.db, actor, input.rota, [before.school_id, before.police_unit_id]);
  const plan = planRotaChange(current.map(versionOf), input.active ? input.rota : [], from);
  // Already ended: saving it ended again keeps the day it stopped.
  const ended = !postInForce({ active: before.active, inactiveFrom: before.inactive_from }, today);
  const end = ended && !input.active ? { active: false, inactive_from: before.inactive_from } : endState(input.active, from, today);
  return app.db.transaction().execute(async (trx) => {
    const after = await repo.updatePost(trx, actor.districtId, input.id, input.version, {
      gate_label: input.gateLabel || (gate?.name ?? before.gate_label),
      gate_id: gate === undefined ? before.gate_id : (gate?.id ?? null),
      latitude: input.latitude ?? gate?.latitude ?? before.latitude,
      longitude: input.longitude ?? gate?.longitude ?? before.longitude,
      periods: input.periods,
      note: input.note,
      ...end,
      updated_by: actor.userId,
    });
    if (!after) throw new AppError('CONFLICT', '岗位已被他人修改，请刷新后重试');
    await repo.reopenRotaVersions(
      trx,
      actor.districtId,
      reopened.map((r) => r.id),
    );
    await repo.endRotaVersions(trx, actor.districtId, plan.end);
    await repo.insertRota(
      trx,
      plan.add.map((a) => versionRow(actor, input.id, before.school_id, a.content, a)),
    );
    const rotaNote = [plan.added && `新增 ${plan.added} 行`, plan.changed && `修改 ${plan.changed} 行`, plan.removed && `结束 ${plan.removed} 行`].filter(
      Boolean,
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'guard_post.update',
      entityType: 'guard_post',
      entityId: input.id,
      orgUnitId: before.school_id,
      summary: `修改护学岗：${before.school_name}${after.gate_label}${endNote(before, after, today)}${rotaNote.length ? `；排班${rotaNote.join('、')}，${from} 起生效` : ''}`,
      before: {
        gateLabel: before.gate_label,
        gateId: before.gate_id,
        periods: before.periods,
        active: before.active,
        inactiveFrom: before.inactive_from,
        rota: current.map(versionOf),
      },
      after: {
        gateLabel: after.gate_label,
        gateId: after.gate_id,
        periods: input.periods,
        active: after.active,
        inactiveFrom: after.inactive_from,
        reopened: reopened.map((r) => r.id),
        effectiveFrom: from,
        ended: plan.end,
        added: plan.add.map((a) => ({ lineId: a.lineId, validFrom: a.validFrom, validTo: a.validTo, ...a.content })),
      },
    });
    return getPostInTrx(trx, actor, input.id, today);
  });
}

/**
 * 排班历史: every version of a post's rota lines, grouped by line, oldest first, with the days each
 * was in force and who made it; everyone who reads the school reads it.
 */
export async function getGuardRotaHistory(app: AppContext, actor: Actor, postId: string, now = new Date()) {
  const [post] = await repo.findPosts(app.db, actor.districtId, { schoolIds: null, postId });
  if (!post || !canRead(actor.scope, post.school_id)) throw notFound('护学岗');
  const today = shanghaiDay(now);
  const rows = await repo.findRotaHistory(app.db, actor.districtId, postId);
  const lines = new Map<string, typeof rows>();
  for (const r of rows) lines.set(r.line_id, [...(lines.get(r.line_id) ?? []), r]);
  const statusOf = (r: repo.GuardRotaRow) =>
    r.valid_to !== null && r.valid_to < r.valid_from
      ? 'cancelled'
      : r.valid_from > today
        ? 'scheduled'
        : r.valid_to !== null && r.valid_to < today
          ? 'ended'
          : 'current';
  return {
    postId,
    schoolName: post.school_name,
    gateLabel: post.gate_label,
    today,
    /** The post's own standing: in force, ending on a chosen later day, or ended (from when). */
    post: {
      active: post.active,
      inactiveFrom: post.inactive_from,
      status: postInForce({ active: post.active, inactiveFrom: post.inactive_from }, today)
        ? post.inactive_from
          ? ('ending' as const)
          : ('active' as const)
        : ('ended' as const),
    },
    lines: [...lines.values()]
      .map((versions) => ({
        lineId: versions[0]?.line_id as string,
        personName: versions.at(-1)?.person_name ?? '',
        versions: versions.map((v) => ({
          ...rotaDto(v),
          status: statusOf(v),
          createdAt: v.created_at.toISOString(),
          createdByName: v.created_by_name ?? '',
        })),
      }))
      .sort((a, b) => {
        const [fa, fb] = [a.versions[0]?.validFrom ?? '', b.versions[0]?.validFrom ?? ''];
        return fa === fb ? a.personName.localeCompare(b.personName) : fa < fb ? -1 : 1;
      }),
  };
}
