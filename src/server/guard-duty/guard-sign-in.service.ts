import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import {
  checkSignIn,
  currentPeriod,
  type GuardRole,
  guardRoleLabels,
  hasPeriodEnded,
  isPeriodOpen,
  postInForce,
  type SignInGuardPostInput,
} from '../../domain/guard-duty.js';
import type { GuardPeriod } from '../../domain/policy/pack-schema.js';
import { isSchoolDay, schoolCalendarOf, schoolDayKindLabels, schoolDayOf, weekdayOf as weekdayOfDay } from '../../domain/school-days.js';
import { canRead } from '../../domain/scope.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './guard-duty.repository.js';
import { canManagePost, policyDto, policyOf, signInDto } from './guard-posts.service.js';

/**
 * Sign-in at a post (签到): the person on the rota signs in on their phone with the browser's
 * position; a post's manager (the school's safety officer, the police station) may sign in on
 * behalf of someone on the rota — parent volunteers without an account — and the record says so.
 * The server checks the period is open and the line applies today; it measures the distance from
 * the post's coordinates (geodesic) and flags 迟到 and 不在岗位范围 (no position counts as outside).
 */

const clockOf = (p: GuardPeriod, minusMinutes: number) => {
  const m = Number(p.start.slice(0, 2)) * 60 + Number(p.start.slice(3, 5)) - minusMinutes;
  const t = Math.max(0, m);
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

async function resolveLine(app: AppContext, actor: Actor, post: repo.PostWithNames, input: SignInGuardPostInput, today: string, rotaWeekday: number | null) {
  // On a holiday nobody is expected; a line that stands on the day's own weekday may still sign in.
  const wd = rotaWeekday ?? weekdayOfDay(today);
  const applies = (r: repo.GuardRotaRow) =>
    r.post_id === post.id &&
    r.period_code === input.periodCode &&
    r.valid_from <= today &&
    (r.valid_to === null || r.valid_to >= today) &&
    r.weekdays.map(Number).includes(wd);
  if (input.rotaId) {
    const line = await repo.findRotaLine(app.db, actor.districtId, input.rotaId);
    if (!line || line.post_id !== post.id) throw notFound('排班');
    if (line.user_id !== actor.userId && !canManagePost(actor, post)) throw forbidden('只能本人签到；代签由本岗位的管理人员（学校安全干部、派出所）办理');
    if (!applies(line)) throw new AppError('CONFLICT', '该排班今天此时段不值守，不能签到');
    return line;
  }
  const mine = (await repo.findRotaOfUser(app.db, actor.districtId, actor.userId, today)).filter(applies);
  if (!mine[0]) throw forbidden('您不在该岗位今天此时段的排班中；代签请选择排班人员');
  return mine[0];
}

export async function signInGuardPost(app: AppContext, actor: Actor, postId: string, input: SignInGuardPostInput, now = new Date()) {
  const [post] = await repo.findPosts(app.db, actor.districtId, { schoolIds: null, postId });
  if (!post || !canRead(actor.scope, post.school_id)) throw notFound('护学岗');
  const today = shanghaiDay(now);
  if (!postInForce({ active: post.active, inactiveFrom: post.inactive_from }, today))
    throw new AppError('CONFLICT', post.inactive_from ? `该护学岗自 ${post.inactive_from} 起停用，不能签到` : '该护学岗已停用，不能签到');
  const policy = await policyOf(app, actor.districtId);
  const period = policy.periods.find((p) => p.code === input.periodCode);
  if (!period || !post.periods.includes(period.code))
    throw new AppError('VALIDATION_FAILED', '该岗位没有这个时段', [{ path: 'periodCode', message: '时段无效' }]);
  if (!isPeriodOpen(period, policy, now))
    throw new AppError('CONFLICT', `${period.label}的签到尚未开始（${clockOf(period, policy.openBeforeMinutes)} 起可签到）`);
  const day = schoolDayOf(today, schoolCalendarOf(await packOf(app, actor.districtId)));
  const line = await resolveLine(app, actor, post, input, today, day.rotaWeekday);
  const position = input.latitude !== undefined && input.longitude !== undefined ? { lat: input.latitude, lng: input.longitude } : null;
  const check = checkSignIn({ lat: post.latitude, lng: post.longitude }, position, period, policy, now);
  return app.db.transaction().execute(async (trx) => {
    const row = await repo.insertSignIn(trx, {
      district_id: actor.districtId,
      post_id: post.id,
      school_id: post.school_id,
      rota_id: line.id,
      line_id: line.line_id,
      day: today,
      period_code: period.code,
      person_name: line.person_name,
      role: line.role,
      signed_by: actor.userId,
      signed_by_name: actor.displayName,
      on_behalf: line.user_id !== actor.userId,
      signed_at: now,
      latitude: position?.lat ?? null,
      longitude: position?.lng ?? null,
      accuracy_m: input.accuracyM ?? null,
      distance_m: check.distanceM,
      late: check.late,
      minutes_late: check.minutesLate,
      outside: check.outside,
      note: input.note,
    });
    if (!row) throw new AppError('CONFLICT', `${line.person_name}今天${period.label}已签到`);
    await linkAttachments(trx, actor, input.photoIds, { type: 'guard_sign_in', id: row.id, schoolId: post.school_id });
    const flags = [check.late ? `迟到 ${check.minutesLate} 分钟` : '', check.noLocation ? '无定位' : check.outside ? '不在岗位范围' : ''].filter(Boolean);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'guard_post.sign_in',
      entityType: 'guard_sign_in',
      entityId: row.id,
      orgUnitId: post.school_id,
      summary: `护学岗签到：${post.school_name}${post.gate_label} ${period.label} ${line.person_name}${row.on_behalf ? '（代签）' : ''}${flags.length ? `，${flags.join('，')}` : ''}`,
      after: {
        day: today,
        periodCode: period.code,
        distanceM: check.distanceM === null ? null : Math.round(check.distanceM),
        late: check.late,
        outside: check.outside,
      },
    });
    return signInDto(row);
  });
}

type Slot = {
  rotaId: string;
  postId: string;
  schoolId: string;
  schoolName: string;
  gateLabel: string;
  latitude: number;
  longitude: number;
  periodCode: string;
  periodLabel: string;
  start: string;
  end: string;
  personName: string;
  role: string;
  roleLabel: string;
  mine: boolean;
  open: boolean;
  ended: boolean;
  signIn: ReturnType<typeof signInDto> | null;
};

/**
 * Today's duty on the phone: the actor's own rota lines for today, and — for a post's managers (the
 * school's principal and safety officer, the police station) — everyone else on their posts today,
 * to sign in on their behalf. `unsigned` is the actor's own lines without a sign-in (the workbench to-do).
 */
export async function getGuardDutyToday(app: AppContext, actor: Actor, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const policy = await policyOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const day = schoolDayOf(today, schoolCalendarOf(pack));
  // A 调休上班日 follows the rota of the weekday it stands in for; a holiday its own weekday (nobody is expected).
  const wd = day.rotaWeekday ?? weekdayOfDay(today);
  const own = (await repo.findRotaOfUser(app.db, actor.districtId, actor.userId, today)).filter((r) => r.weekdays.map(Number).includes(wd));
  const managedSchools =
    actor.role === 'principal' || actor.role === 'school_safety_officer'
      ? [actor.orgUnitId]
      : actor.role === 'police_officer'
        ? [...(actor.scope.read.all ? [] : actor.scope.read.ids)]
        : [];
  const managedPosts = managedSchools.length
    ? (await repo.findPosts(app.db, actor.districtId, { schoolIds: managedSchools, inForceOn: today })).filter((p) => canManagePost(actor, p))
    : [];
  const others = managedPosts.length
    ? (await repo.findRota(app.db, actor.districtId, { postIds: managedPosts.map((p) => p.id), from: today, to: today })).filter((r) =>
        r.weekdays.map(Number).includes(wd),
      )
    : [];
  const lines = [...own, ...others.filter((r) => !own.some((o) => o.id === r.id))].filter(
    (r) => canRead(actor.scope, r.school_id) || r.user_id === actor.userId,
  );
  const postIds = [...new Set(lines.map((l) => l.post_id))];
  const posts = new Map(
    (await repo.findPosts(app.db, actor.districtId, { schoolIds: null, inForceOn: today })).filter((p) => postIds.includes(p.id)).map((p) => [p.id, p]),
  );
  const signIns = new Map(
    (await repo.findSignIns(app.db, actor.districtId, { from: today, to: today, lineIds: lines.map((l) => l.line_id) })).map((s) => [
      `${s.line_id}|${s.period_code}`,
      s,
    ]),
  );
  const periods = new Map(policy.periods.map((p) => [p.code, p]));
  const slots: Slot[] = lines.flatMap((l) => {
    const post = posts.get(l.post_id);
    const period = periods.get(l.period_code);
    if (!post || !period || !post.periods.includes(period.code)) return [];
    const s = signIns.get(`${l.line_id}|${l.period_code}`);
    return [
      {
        rotaId: l.id,
        postId: post.id,
        schoolId: post.school_id,
        schoolName: post.school_name,
        gateLabel: post.gate_label,
        latitude: post.latitude,
        longitude: post.longitude,
        periodCode: period.code,
        periodLabel: period.label,
        start: period.start,
        end: period.end,
        personName: l.person_name,
        role: l.role,
        roleLabel: guardRoleLabels[l.role as GuardRole] ?? l.role,
        mine: l.user_id === actor.userId,
        open: isPeriodOpen(period, policy, now),
        ended: hasPeriodEnded(period, now),
        signIn: s ? signInDto(s) : null,
      },
    ];
  });
  slots.sort((a, b) => (a.start === b.start ? (a.mine === b.mine ? a.personName.localeCompare(b.personName) : a.mine ? -1 : 1) : a.start < b.start ? -1 : 1));
  const schoolDay = day.rotaWeekday !== null;
  return {
    today,
    weekday: wd,
    schoolDay,
    /** 上学日 / 周末 / 调休上班 / 假期 / 法定节假日, with the holiday's or 调休's name. */
    dayKind: day.kind,
    dayLabel: `${schoolDayKindLabels[day.kind]}${day.name && day.name !== schoolDayKindLabels[day.kind] ? `（${day.name}）` : ''}`,
    pupilsAtSchool: isSchoolDay(day),
    currentPeriod: currentPeriod(policy, now)?.code ?? null,
    policy: policyDto(policy),
    slots,
    /** Own lines without a sign-in today; on a holiday nobody is expected (a sign-in is still accepted). */
    unsigned: schoolDay ? slots.filter((s) => s.mine && !s.signIn).length : 0,
  };
}
