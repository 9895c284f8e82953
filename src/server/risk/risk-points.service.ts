import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import {
  type Assessment,
  assess,
  type ControlLevel,
  colourRank,
  controlLevelLabels,
  isReviewOverdue,
  nextReviewDue,
  type ReviewRiskPointInput,
  type RiskColour,
  riskColourLabels,
  riskColourMeanings,
  riskColours,
  riskMethodLabels,
  riskPointStatusLabels,
  type SaveRiskPointInput,
  type UpdateRiskPointInput,
} from '../../domain/risk.js';
import { canRead } from '../../domain/scope.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './risk.repository.js';
import { canWritePoint, readIdsOf } from './risk-scope.js';

/**
 * The risk register (风险清单): risk points of schools and of the district, each assessed by the
 * pack's LS or LEC method into a score and one of four colours (domain/risk.ts), with control
 * measures, the level responsible, and the next review (复评) due by the colour's pack days.
 * Every assessment (the first, each review, each change of factors) is kept in risk_assessment.
 */
const sourceLabel = (pack: ResolvedPack, code: string) => pack.risk.sources.find((s) => s.code === code)?.label ?? code;
const thresholdsOf = (pack: ResolvedPack) => ({ ls: pack.risk.ls, lec: pack.risk.lec });

const assessmentOf = (r: { method: 'ls' | 'lec'; factor_l: number; factor_s: number | null; factor_e: number | null; factor_c: number | null }): Assessment =>
  r.method === 'ls' ? { method: 'ls', l: r.factor_l, s: r.factor_s ?? 0 } : { method: 'lec', l: r.factor_l, e: r.factor_e ?? 0, c: r.factor_c ?? 0 };

const factorColumns = (a: Assessment) =>
  a.method === 'ls'
    ? { method: a.method, factor_l: a.l, factor_s: a.s, factor_e: null, factor_c: null }
    : { method: a.method, factor_l: a.l, factor_s: null, factor_e: a.e, factor_c: a.c };

function pointDto(pack: ResolvedPack, r: repo.RiskPointRecord, today: string) {
  const colour = r.colour as RiskColour;
  return {
    id: r.id,
    schoolId: r.school_id,
    schoolName: r.school_name ?? '区级',
    name: r.name,
    sourceCode: r.source_code,
    sourceLabel: sourceLabel(pack, r.source_code),
    place: r.place,
    description: r.description,
    accidentTypes: r.accident_types,
    controlMeasures: r.control_measures,
    controlLevel: r.control_level,
    controlLevelLabel: controlLevelLabels[r.control_level as ControlLevel],
    controlPerson: r.control_person,
    status: r.status,
    statusLabel: riskPointStatusLabels[r.status],
    assessment: assessmentOf(r),
    methodLabel: riskMethodLabels[r.method],
    score: r.score,
    colour,
    colourLabel: riskColourLabels[colour],
    colourMeaning: riskColourMeanings[colour],
    assessedOn: r.assessed_on,
    nextReviewDue: r.next_review_due,
    reviewOverdue: isReviewOverdue({ status: r.status, nextReviewDue: r.next_review_due }, today),
    updatedByName: r.updated_by_name,
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

export type RiskPointQuery = {
  page: number;
  pageSize: number;
  schoolId?: string | undefined;
  districtLevel?: boolean | undefined;
  colour?: RiskColour[] | undefined;
  sourceCode?: string[] | undefined;
  status?: 'active' | 'retired' | undefined;
  overdue?: boolean | undefined;
  keyword?: string | undefined;
};

const filterOf = (q: Omit<RiskPointQuery, 'page' | 'pageSize'>, today: string): repo.RiskPointFilter => ({
  schoolId: q.schoolId,
  districtLevel: q.districtLevel,
  colours: q.colour,
  sourceCodes: q.sourceCode,
  status: q.status,
  reviewDueBefore: q.overdue ? today : undefined,
  keyword: q.keyword,
});

/** The pack's vocabulary the form needs: sources, methods with their factor values, thresholds. */
export const riskPolicyDto = (pack: ResolvedPack) => ({
  sources: pack.risk.sources.map((s) => ({ code: s.code, label: s.label })),
  methods: pack.risk.methods.map((m) => ({ code: m, label: riskMethodLabels[m] })),
  thresholds: { ls: pack.risk.ls, lec: pack.risk.lec },
  reviewDays: pack.risk.reviewDays,
  colours: riskColours.map((c) => ({ code: c, label: riskColourLabels[c], meaning: riskColourMeanings[c] })),
  controlLevels: Object.entries(controlLevelLabels).map(([code, label]) => ({ code, label })),
});

export async function listRiskPoints(app: AppContext, actor: Actor, q: RiskPointQuery, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const { page, pageSize, ...rest } = q;
  if (rest.schoolId && !canRead(actor.scope, rest.schoolId)) throw notFound('学校');
  const r = await repo.findRiskPoints(app.db, actor.districtId, readIdsOf(actor), filterOf(rest, today), pageSize, (page - 1) * pageSize);
  return { items: r.items.map((i) => pointDto(pack, i, today)), total: r.total, counts: r.counts, page, pageSize, policy: riskPolicyDto(pack) };
}

/** The workbench's count (and the list's `?overdue=true&status=active`): points past their review date in the user's scope. */
export async function countOverdueReviews(app: AppContext, actor: Actor, now = new Date()): Promise<number> {
  return repo.countRiskPoints(app.db, actor.districtId, readIdsOf(actor), filterOf({ overdue: true }, shanghaiDay(now)));
}

export async function getRiskPoint(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const r = await repo.findRiskPoint(app.db, actor.districtId, readIdsOf(actor), id);
  if (!r) throw notFound('风险点');
  const history = await repo.findAssessments(app.db, actor.districtId, id);
  return {
    riskPoint: {
      ...pointDto(pack, r, shanghaiDay(now)),
      canEdit: canWritePoint(actor, r.school_id),
      history: history.map((h) => ({
        id: h.id,
        assessment: assessmentOf(h),
        score: h.score,
        colour: h.colour,
        colourLabel: riskColourLabels[h.colour],
        assessedOn: h.assessed_on,
        note: h.note,
        byName: h.by_name,
        createdAt: h.created_at.toISOString(),
      })),
    },
    policy: riskPolicyDto(pack),
  };
}

function assertInput(pack: ResolvedPack, i: { sourceCode: string; assessment: Assessment; assessedOn: string }, today: string) {
  if (!pack.risk.sources.some((s) => s.code === i.sourceCode)) {
    throw new AppError('VALIDATION_FAILED', `风险源类别「${i.sourceCode}」不在本区政策包中`, [{ path: 'sourceCode', message: '风险源类别无效' }]);
  }
  if (!pack.risk.methods.includes(i.assessment.method)) {
    throw new AppError('VALIDATION_FAILED', `本区政策包不使用${riskMethodLabels[i.assessment.method]}`, [
      { path: 'assessment.method', message: '评估方法无效' },
    ]);
  }
  if (i.assessedOn > today) throw new AppError('VALIDATION_FAILED', '评估日期不能晚于今天', [{ path: 'assessedOn', message: '评估日期不能晚于今天' }]);
}

async function assertSchool(db: Db, actor: Actor, schoolId: string | null) {
  if (schoolId === null) {
    if (!actor.scope.write.all) throw forbidden('区级风险点只能由区教委登记');
    return repo.findDistrictUnitId(db, actor.districtId);
  }
  if (!canRead(actor.scope, schoolId)) throw notFound('学校');
  if (!canWritePoint(actor, schoolId)) throw forbidden('您不能登记该校的风险点');
  const [school] = await repo.findSchools(db, actor.districtId, [schoolId]);
  if (!school) throw notFound('学校');
  return schoolId;
}

const descriptive = (i: Omit<SaveRiskPointInput, 'schoolId'>) => ({
  name: i.name,
  source_code: i.sourceCode,
  place: i.place,
  description: i.description,
  accident_types: i.accidentTypes,
  control_measures: i.controlMeasures,
  control_level: i.controlLevel,
  control_person: i.controlPerson,
  status: i.status,
});

function assessed(pack: ResolvedPack, a: Assessment, assessedOn: string) {
  const { score, colour } = assess(a, thresholdsOf(pack));
  return { ...factorColumns(a), score, colour, assessed_on: assessedOn, next_review_due: nextReviewDue(assessedOn, colour, pack.risk.reviewDays) };
}

async function recordAssessment(db: Db, actor: Actor, pointId: string, cols: ReturnType<typeof assessed>, note: string) {
  await repo.insertAssessment(db, {
    district_id: actor.districtId,
    risk_point_id: pointId,
    method: cols.method,
    factor_l: cols.factor_l,
    factor_s: cols.factor_s,
    factor_e: cols.factor_e,
    factor_c: cols.factor_c,
    score: cols.score,
    colour: cols.colour,
    assessed_on: cols.assessed_on,
    next_review_due: cols.next_review_due,
    note,
    by_user_id: actor.userId,
    by_name: actor.displayName,
  });
}

export async function createRiskPoint(app: AppContext, actor: Actor, input: SaveRiskPointInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  assertInput(pack, input, shanghaiDay(now));
  const owner = await assertSchool(app.db, actor, input.schoolId);
  const cols = assessed(pack, input.assessment, input.assessedOn);
  const id = await app.db.transaction().execute(async (trx) => {
    const id = await repo.insertRiskPoint(trx, {
      district_id: actor.districtId,
      school_id: input.schoolId,
      owner_unit_id: owner,
      ...descriptive(input),
      retired_on: input.status === 'retired' ? input.assessedOn : null,
      ...cols,
      created_by: actor.userId,
      created_by_name: actor.displayName,
      updated_by: actor.userId,
      updated_by_name: actor.displayName,
    });
    await recordAssessment(trx, actor, id, cols, input.note);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'risk_point.create',
      entityType: 'risk_point',
      entityId: id,
      orgUnitId: owner,
      summary: `登记风险点「${input.name}」（${sourceLabel(pack, input.sourceCode)}，${riskColourLabels[cols.colour]}，${cols.score} 分）`,
      after: input,
    });
    return id;
  });
  return getRiskPoint(app, actor, id, now);
}

const sameAssessment = (a: Assessment, b: Assessment) => JSON.stringify(a) === JSON.stringify(b);

export async function updateRiskPoint(app: AppContext, actor: Actor, id: string, input: UpdateRiskPointInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const before = await repo.findRiskPoint(app.db, actor.districtId, readIdsOf(actor), id);
  if (!before) throw notFound('风险点');
  if (!canWritePoint(actor, before.school_id)) throw forbidden('您不能修改该风险点');
  assertInput(pack, input, shanghaiDay(now));
  const { version, assessment, assessedOn, note, ...rest } = input;
  const reassessed = !sameAssessment(assessmentOf(before), assessment) || assessedOn !== before.assessed_on;
  const cols = assessed(pack, assessment, assessedOn);
  await app.db.transaction().execute(async (trx) => {
    const ok = await repo.updateRiskPointIfVersion(trx, actor.districtId, id, version, {
      ...descriptive({ ...rest, assessment, assessedOn, note }),
      ...(reassessed ? cols : {}),
      // The day it stopped being controlled: reviews due after it are no longer due (domain/risk-review.ts).
      retired_on: rest.status === 'retired' ? (before.status === 'retired' ? before.retired_on : shanghaiDay(now)) : null,
      updated_by: actor.userId,
      updated_by_name: actor.displayName,
    });
    if (!ok) throw new AppError('CONFLICT', '该风险点已被他人修改，请刷新后重试');
    if (reassessed) await recordAssessment(trx, actor, id, cols, note);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'risk_point.update',
      entityType: 'risk_point',
      entityId: id,
      orgUnitId: before.owner_unit_id,
      summary: `修改风险点「${input.name}」${reassessed ? `，重新评估为${riskColourLabels[cols.colour]}（${cols.score} 分）` : ''}`,
      before: {
        name: before.name,
        sourceCode: before.source_code,
        controlMeasures: before.control_measures,
        status: before.status,
        score: before.score,
        colour: before.colour,
      },
      after: { ...input },
    });
  });
  return getRiskPoint(app, actor, id, now);
}

/** 复评: a new assessment on a date; the colour, score and next review date follow it, the old one stays in the history. */
export async function reviewRiskPoint(app: AppContext, actor: Actor, id: string, input: ReviewRiskPointInput, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const before = await repo.findRiskPoint(app.db, actor.districtId, readIdsOf(actor), id);
  if (!before) throw notFound('风险点');
  if (!canWritePoint(actor, before.school_id)) throw forbidden('您不能复评该风险点');
  assertInput(pack, { sourceCode: before.source_code, ...input }, shanghaiDay(now));
  if (input.assessedOn < before.assessed_on) {
    throw new AppError('VALIDATION_FAILED', `复评日期不能早于上次评估（${before.assessed_on}）`, [{ path: 'assessedOn', message: '复评日期过早' }]);
  }
  const cols = assessed(pack, input.assessment, input.assessedOn);
  await app.db.transaction().execute(async (trx) => {
    const ok = await repo.updateRiskPointIfVersion(trx, actor.districtId, id, before.version, {
      ...cols,
      updated_by: actor.userId,
      updated_by_name: actor.displayName,
    });
    if (!ok) throw new AppError('CONFLICT', '该风险点已被他人修改，请刷新后重试');
    await recordAssessment(trx, actor, id, cols, input.note);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'risk_point.review',
      entityType: 'risk_point',
      entityId: id,
      orgUnitId: before.owner_unit_id,
      summary: `风险点「${before.name}」复评：${riskColourLabels[before.colour]}（${before.score} 分）→ ${riskColourLabels[cols.colour]}（${cols.score} 分），下次复评 ${cols.next_review_due}`,
      before: { score: before.score, colour: before.colour, assessedOn: before.assessed_on },
      after: { score: cols.score, colour: cols.colour, assessedOn: cols.assessed_on, note: input.note },
    });
  });
  return getRiskPoint(app, actor, id, now);
}

/** The four-colour map: every school in scope with its coordinates, its highest active colour and counts by colour. */
export async function getRiskMap(app: AppContext, actor: Actor) {
  const readIds = readIdsOf(actor);
  const [schools, counts] = await Promise.all([
    repo.findSchools(app.db, actor.districtId, readIds),
    repo.countActiveBySchool(app.db, actor.districtId, readIds),
  ]);
  const bySchool = new Map(counts.map((c) => [c.schoolId, c]));
  const items = schools.map((s) => {
    const c = bySchool.get(s.id) ?? { red: 0, orange: 0, yellow: 0, blue: 0 };
    const colour = (riskColours.find((k) => c[k] > 0) ?? null) as RiskColour | null;
    return {
      schoolId: s.id,
      schoolName: s.name,
      areaName: s.parent_name,
      latitude: s.latitude,
      longitude: s.longitude,
      colour,
      colourLabel: colour ? riskColourLabels[colour] : '无',
      counts: { red: c.red, orange: c.orange, yellow: c.yellow, blue: c.blue },
    };
  });
  items.sort((a, b) => (b.colour ? colourRank[b.colour] : 0) - (a.colour ? colourRank[a.colour] : 0));
  return { items, tileUrl: app.config.mapTileUrl ?? null };
}

/** Active points by colour over the user's scope, narrowed to some schools (the dashboard's figures; the map's counts summed). */
export async function countActiveByColour(app: AppContext, actor: Actor, schoolIds?: readonly string[]) {
  const rows = await repo.countActiveBySchool(app.db, actor.districtId, readIdsOf(actor));
  const keep = schoolIds ? new Set(schoolIds) : null;
  const total = { red: 0, orange: 0, yellow: 0, blue: 0 };
  for (const r of rows) {
    if (keep && !keep.has(r.schoolId)) continue;
    for (const c of riskColours) total[c] += r[c];
  }
  return total;
}
