import { rankWithin, scoreUnit } from '../../domain/assessment/scoring.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type RubricUnitType, rubricInForce, rubricItems, rubricUnitTypeLabels } from '../../domain/policy/rubric-schema.js';
import { schoolTypeLabels } from '../../domain/school.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './assessment.repository.js';
import { computeItems } from './assessment-compute.js';
import { inputsOf, isSchoolRole, roundDto, visibleUnitIds } from './assessment-view.js';
import { measureProblem, rubricOf, rubricSummary } from './rubrics.service.js';

/**
 * Assessment rounds: the district opens a round for one kind of unit over a period; the rubric
 * is the version of the chosen code in force on the period's first day. Opening computes every
 * automatic item of every unit (the measures' values and rows); recompute refreshes them while
 * the round is open; publish freezes the totals and ranks.
 */
const assertDistrictAdmin = (actor: Actor, what: string) => {
  if (actor.role !== 'district_admin') throw forbidden(`只有区教委管理员可以${what}`);
};

export type CreateRoundInput = { title: string; rubricCode: string; from: string; to: string };

export async function createAssessmentRound(app: AppContext, actor: Actor, input: CreateRoundInput, now = new Date()) {
  assertDistrictAdmin(actor, '发起考核');
  if (input.to < input.from) throw new AppError('VALIDATION_FAILED', '考核期间的结束日期不能早于开始日期', [{ path: 'to', message: '结束日期早于开始日期' }]);
  if (Date.parse(input.to) - Date.parse(input.from) > 731 * 86400_000)
    throw new AppError('VALIDATION_FAILED', '考核期间不能超过两年', [{ path: 'to', message: '期间过长' }]);
  const pack = await packOf(app, actor.districtId);
  const rubric = rubricInForce(pack.rubrics, input.rubricCode, input.from);
  if (!rubric) {
    const known = pack.rubrics.some((r) => r.code === input.rubricCode);
    throw new AppError(
      'VALIDATION_FAILED',
      known ? `考核细则「${input.rubricCode}」在 ${input.from} 尚未生效，请选择生效后的期间` : `本区政策包中没有考核细则「${input.rubricCode}」`,
      [{ path: 'rubricCode', message: known ? '期间开始时该细则尚未生效' : '考核细则不存在' }],
    );
  }
  const problems = rubricItems(rubric).flatMap((i) => measureProblem(i, rubric, pack) ?? []);
  if (problems.length)
    throw new AppError(
      'VALIDATION_FAILED',
      `考核细则有 ${problems.length} 项无法计算：${problems[0]}`,
      problems.map((message) => ({ path: 'rubricCode', message })),
    );
  const units = await repo.findAssessedUnits(app.db, actor.districtId, rubric.unitType);
  if (!units.length) throw new AppError('VALIDATION_FAILED', `本区没有可考核的${rubricUnitTypeLabels[rubric.unitType]}`);
  const items = await computeItems(app, actor, pack, rubric, input, units, now);
  return app.db.transaction().execute(async (trx) => {
    const id = await repo.insertRound(trx, {
      district_id: actor.districtId,
      title: input.title,
      rubric_code: rubric.code,
      rubric_version: rubric.version,
      unit_type: rubric.unitType,
      period_from: input.from,
      period_to: input.to,
      computed_at: now,
      created_by: actor.userId,
      created_by_name: actor.displayName,
      created_at: now,
      published_at: null,
      published_by_name: null,
    });
    await repo.insertUnits(
      trx,
      actor.districtId,
      id,
      units.map((u) => u.id),
    );
    await repo.upsertComputed(trx, actor.districtId, id, items);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assessment.round_create',
      entityType: 'assessment_round',
      entityId: id,
      orgUnitId: null,
      summary: `发起考核「${input.title}」（${rubric.label} ${rubric.version}，${units.length} 个${rubricUnitTypeLabels[rubric.unitType]}）`,
      after: { title: input.title, rubric: `${rubric.code}@${rubric.version}`, from: input.from, to: input.to, units: units.length },
    });
    return { id, units: units.length, rubric: { code: rubric.code, version: rubric.version } };
  });
}

async function loadRound(app: AppContext, actor: Actor, id: string, forUpdate = false, db = app.db) {
  const round = await repo.findRound(db, actor.districtId, id, forUpdate);
  if (!round) throw notFound('考核');
  return round;
}

const assertOpen = (round: repo.RoundRow) => {
  if (round.state !== 'open') throw new AppError('CONFLICT', '考核结果已公布，不能再修改');
};

/** Refreshes every automatic item from the platform's data (open rounds only); entries stay. */
export async function recomputeAssessmentRound(app: AppContext, actor: Actor, id: string, now = new Date()) {
  assertDistrictAdmin(actor, '重新计算考核数据');
  const round = await loadRound(app, actor, id);
  assertOpen(round);
  const { pack, rubric } = await rubricOf(app, actor.districtId, round.rubric_code, round.rubric_version);
  const all = await repo.findAssessedUnits(app.db, actor.districtId, round.unit_type);
  const inRound = new Set((await repo.findRoundUnits(app.db, actor.districtId, id)).map((u) => u.unit_id));
  const units = all.filter((u) => inRound.has(u.id));
  const items = await computeItems(app, actor, pack, rubric, { from: round.period_from, to: round.period_to }, units, now);
  await app.db.transaction().execute(async (trx) => {
    assertOpen(await loadRound(app, actor, id, true, trx));
    await repo.upsertComputed(
      trx,
      actor.districtId,
      id,
      items.filter((i) => i.computed),
    );
    await repo.touchComputed(trx, actor.districtId, id, now);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assessment.recompute',
      entityType: 'assessment_round',
      entityId: id,
      orgUnitId: null,
      summary: `重新计算考核「${round.title}」的自动评分项`,
    });
  });
  return { id, computedAt: now.toISOString() };
}

export async function listAssessmentRounds(app: AppContext, actor: Actor) {
  const pack = await packOf(app, actor.districtId);
  const rounds = await repo.findRounds(app.db, actor.districtId);
  return { items: rounds.map((r) => roundDto(r, pack)) };
}

/**
 * One round with its units' totals and ranks. Before publication the totals are live (for the
 * district and centres only); a school sees its own line only, and only once published.
 */
export async function getAssessmentRound(app: AppContext, actor: Actor, id: string) {
  const round = await loadRound(app, actor, id);
  const { pack, rubric } = await rubricOf(app, actor.districtId, round.rubric_code, round.rubric_version);
  const units = await repo.findRoundUnits(app.db, actor.districtId, id);
  const visible = visibleUnitIds(actor, round, units);
  const shown = units.filter((u) => visible.has(u.unit_id));
  const published = round.state === 'published';
  const hideScores = isSchoolRole(actor) && !published;
  const items = hideScores
    ? []
    : await repo.findItems(
        app.db,
        actor.districtId,
        id,
        shown.map((u) => u.unit_id),
      );
  const rows = shown.map((u) => {
    const score = hideScores ? null : scoreUnit(rubric, inputsOf(items.filter((i) => i.unit_id === u.unit_id)));
    return {
      unitId: u.unit_id,
      code: u.code,
      name: u.name,
      townshipId: u.parent_id,
      townshipName: u.parent_name ?? '',
      schoolType: u.school_type,
      schoolTypeLabel: u.school_type ? ((schoolTypeLabels as Record<string, string>)[u.school_type] ?? u.school_type) : '',
      total: published ? u.total : (score?.total ?? null),
      base: score?.base ?? null,
      bonus: score?.bonus ?? null,
      vetoed: published ? u.vetoed : (score?.vetoedBy.length ?? 0) > 0,
      pending: score?.pending ?? null,
      rankInType: published ? u.rank_in_type : null,
      rankInTownship: published ? u.rank_in_township : null,
    };
  });
  return { round: roundDto(round, pack), rubric: rubricSummary(rubric, pack), units: rows, scoresHidden: hideScores };
}

/**
 * Freezes every unit's total and its ranks (per school type, per township). While a manual indicator
 * waits for the assessor it is refused, unless the assessor confirms those count 0 (confirmPending).
 */
export async function publishAssessmentRound(app: AppContext, actor: Actor, id: string, input: { confirmPending: boolean }, now = new Date()) {
  assertDistrictAdmin(actor, '公布考核结果');
  const { rubric } = await (async () => {
    const r = await loadRound(app, actor, id);
    return rubricOf(app, actor.districtId, r.rubric_code, r.rubric_version);
  })();
  return app.db.transaction().execute(async (trx) => {
    const round = await loadRound(app, actor, id, true, trx);
    assertOpen(round);
    const units = await repo.findRoundUnits(trx, actor.districtId, id);
    const items = await repo.findItems(trx, actor.districtId, id, null);
    const scores = units.map((u) => ({ u, s: scoreUnit(rubric, inputsOf(items.filter((i) => i.unit_id === u.unit_id))) }));
    const waiting = scores.filter((x) => x.s.pending > 0);
    if (waiting.length && !input.confirmPending)
      throw new AppError(
        'CONFLICT',
        `还有 ${waiting.length} 个单位的人工评分项未评定（如「${waiting[0]?.u.name}」${waiting[0]?.s.pending} 项）：评定后再公布，或确认未评定项按 0 分公布`,
        waiting.slice(0, 50).map((x) => ({ path: x.u.unit_id, message: `${x.u.name}：${x.s.pending} 项未评定` })),
      );
    const base = scores.map(({ u, s }) => ({ unitId: u.unit_id, total: s.total, vetoed: s.vetoedBy.length > 0 }));
    const byType = rankWithin(base.map((b, i) => ({ ...b, group: scores[i]?.u.school_type ?? round.unit_type })));
    const byTownship = rankWithin(base.map((b, i) => ({ ...b, group: scores[i]?.u.parent_id ?? '' })));
    for (const b of base)
      await repo.updateUnitResult(trx, actor.districtId, id, b.unitId, {
        total: b.total,
        vetoed: b.vetoed,
        rank_in_type: byType.get(b.unitId) ?? null,
        rank_in_township: round.unit_type === 'school' ? (byTownship.get(b.unitId) ?? null) : null,
      });
    await repo.markPublished(trx, actor.districtId, id, now, actor.displayName);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assessment.publish',
      entityType: 'assessment_round',
      entityId: id,
      orgUnitId: null,
      summary: `公布考核「${round.title}」结果（${base.length} 个单位，一票否决 ${base.filter((b) => b.vetoed).length} 个）`,
      after: { state: 'published', units: base.length },
    });
    return { id, state: 'published' as const, publishedAt: now.toISOString(), today: shanghaiDay(now) };
  });
}

export const unitTypeOf = (t: string) => t as RubricUnitType;
