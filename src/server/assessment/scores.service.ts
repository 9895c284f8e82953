import { type ItemScore, itemSourceLabel, pendingLabel, scoreUnit, shownItemScore } from '../../domain/assessment/scoring.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { type RubricItem, rubricItems } from '../../domain/policy/rubric-schema.js';
import { canWrite } from '../../domain/scope.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import * as repo from './assessment.repository.js';
import { inputsOf, isSchoolRole, roundDto, visibleUnitIds } from './assessment-view.js';
import type { EvidenceRow } from './measures.registry.js';
import { itemDto, rubricOf } from './rubrics.service.js';

/**
 * One unit's assessment: every item with its value, the rows behind it, the school's 自评 and the
 * assessor's 考评, and the engine's scores. A school sees its own; before publication only its
 * self-assessment (no values, scores or the assessor's entries).
 */
async function loadUnit(db: Db, actor: Actor, roundId: string, unitId: string) {
  const round = await repo.findRound(db, actor.districtId, roundId);
  if (!round) throw notFound('考核');
  const units = await repo.findRoundUnits(db, actor.districtId, roundId);
  const unit = units.find((u) => u.unit_id === unitId);
  if (!unit || !visibleUnitIds(actor, round, [unit]).has(unitId)) throw notFound('考核单位');
  return { round, unit };
}

export async function getAssessment(app: AppContext, actor: Actor, roundId: string, unitId: string) {
  const { round, unit } = await loadUnit(app.db, actor, roundId, unitId);
  const { pack, rubric } = await rubricOf(app, actor.districtId, round.rubric_code, round.rubric_version);
  const rows = await repo.findItems(app.db, actor.districtId, roundId, [unitId]);
  const byCode = new Map(rows.map((r) => [r.item_code, r]));
  const published = round.state === 'published';
  const hide = isSchoolRole(actor) && !published;
  const score = scoreUnit(rubric, inputsOf(rows));
  const files = await listAttachmentsOf(
    app.db,
    actor.districtId,
    'assessment_item',
    rows.map((r) => r.id),
  );
  const items = rubricItems(rubric).map((item, i) => {
    const r = byCode.get(item.code);
    const s = score.items[i] as ItemScore;
    const own = {
      ...itemDto(item, rubric, pack),
      selfScore: r?.self_score == null ? null : Number(r.self_score),
      selfNote: r?.self_note ?? '',
      selfByName: r?.self_by_name ?? null,
      selfAt: r?.self_at?.toISOString() ?? null,
      attachments: r ? (files.get(r.id) ?? []) : [],
    };
    if (hide)
      return {
        ...own,
        value: null,
        detail: '',
        evidenceRows: [],
        autoScore: null,
        score: null,
        vetoed: false,
        source: null,
        sourceLabel: null,
        assessor: null,
      };
    return {
      ...own,
      value: r?.value == null ? null : Number(r.value),
      detail: r?.detail ?? '',
      evidenceRows: (r?.evidence ?? []) as EvidenceRow[],
      autoScore: s.autoScore,
      // Published, an item left unscored reads as what the total counted (0, no veto), not 待评定.
      score: shownItemScore(s, published),
      vetoed: s.vetoed,
      source: s.source,
      sourceLabel: itemSourceLabel(s, published),
      assessor: r?.assessor_at
        ? {
            score: r.assessor_score == null ? null : Number(r.assessor_score),
            veto: r.assessor_veto,
            note: r.assessor_note,
            overrideReason: r.override_reason,
            byName: r.assessor_by_name,
            at: r.assessor_at.toISOString(),
          }
        : null,
    };
  });
  return {
    round: roundDto(round, pack),
    unit: { id: unit.unit_id, code: unit.code, name: unit.name, townshipName: unit.parent_name ?? '', schoolType: unit.school_type },
    rubric: { code: rubric.code, version: rubric.version, label: rubric.label, bonusCap: rubric.bonusCap, certainty: rubric.certainty, source: rubric.source },
    items,
    scoresHidden: hide,
    result: hide
      ? null
      : {
          dimensions: score.dimensions,
          base: score.base,
          bonus: score.bonus,
          vetoedBy: score.vetoedBy,
          total: published ? Number(unit.total) : score.total,
          pending: score.pending,
          pendingLabel: pendingLabel(score.pending, published),
          rankInType: published ? unit.rank_in_type : null,
          rankInTownship: published ? unit.rank_in_township : null,
        },
    canSelfAssess: round.state === 'open' && isSchoolRole(actor) && actor.role !== 'staff' && canWrite(actor.scope, unitId),
    canScore: round.state === 'open' && actor.role === 'district_admin',
  };
}

function itemNamed(items: RubricItem[], code: string): RubricItem {
  const item = items.find((i) => i.code === code);
  if (!item) throw new AppError('VALIDATION_FAILED', `考核细则中没有项目「${code}」`, [{ path: 'itemCode', message: '项目不存在' }]);
  return item;
}

const assertOpen = (round: repo.RoundRow) => {
  if (round.state !== 'open') throw new AppError('CONFLICT', '考核结果已公布，不能再修改');
};

export type SelfInput = { items: { itemCode: string; score: number; note: string; attachmentIds: string[] }[] };

/** 自评: the school's score, note and evidence on its manual items (not veto items), while the round is open. */
export async function saveSelfAssessment(app: AppContext, actor: Actor, roundId: string, unitId: string, input: SelfInput, now = new Date()) {
  const { round } = await loadUnit(app.db, actor, roundId, unitId);
  if (!isSchoolRole(actor) || actor.role === 'staff' || !canWrite(actor.scope, unitId)) throw forbidden('只有本校校长或安全干部可以自评');
  assertOpen(round);
  const { rubric } = await rubricOf(app, actor.districtId, round.rubric_code, round.rubric_version);
  const all = rubricItems(rubric);
  const problems = input.items.flatMap((x, i) => {
    const item = all.find((a) => a.code === x.itemCode);
    if (!item) return [{ path: `items[${i}].itemCode`, message: `考核细则中没有项目「${x.itemCode}」` }];
    if (item.section === 'veto' || item.rule.kind !== 'manual')
      return [{ path: `items[${i}].itemCode`, message: `「${item.label}」由平台数据计算或由考评人员认定，不需要自评` }];
    if (x.score > item.points) return [{ path: `items[${i}].score`, message: `「${item.label}」自评分不能超过 ${item.points} 分` }];
    return [];
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '自评内容有误', problems);
  await app.db.transaction().execute(async (trx) => {
    assertOpen((await repo.findRound(trx, actor.districtId, roundId, true)) as repo.RoundRow);
    for (const x of input.items) {
      const row = await repo.findItem(trx, actor.districtId, roundId, unitId, x.itemCode, true);
      if (!row) throw notFound('考核项目');
      await repo.updateItem(trx, actor.districtId, roundId, unitId, x.itemCode, {
        self_score: x.score,
        self_note: x.note,
        self_by_name: actor.displayName,
        self_at: now,
      });
      await linkAttachments(trx, actor, x.attachmentIds, { type: 'assessment_item', id: row.id, schoolId: unitId });
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'assessment.self',
        entityType: 'assessment_item',
        entityId: row.id,
        orgUnitId: unitId,
        summary: `自评「${itemNamed(all, x.itemCode).label}」${x.score} 分`,
        before: { selfScore: row.self_score == null ? null : Number(row.self_score), selfNote: row.self_note },
        after: { selfScore: x.score, selfNote: x.note, attachments: x.attachmentIds.length },
      });
    }
  });
  return getAssessment(app, actor, roundId, unitId);
}

export type AssessorInput = { itemCode: string; score?: number | null | undefined; veto?: boolean | null | undefined; note: string; reason: string };

/**
 * 考评: the assessor's score of a manual item, or an override of an automatic one — only with a
 * reason, kept with the item and in the audit trail. Veto items take a decision (veto true/false).
 * A null score (or veto) clears the assessor's entry.
 */
export async function saveAssessorScore(app: AppContext, actor: Actor, roundId: string, unitId: string, input: AssessorInput, now = new Date()) {
  const { round, unit } = await loadUnit(app.db, actor, roundId, unitId);
  if (actor.role !== 'district_admin') throw forbidden('只有区教委考评人员可以评分');
  assertOpen(round);
  const { rubric } = await rubricOf(app, actor.districtId, round.rubric_code, round.rubric_version);
  const item = itemNamed(rubricItems(rubric), input.itemCode);
  const automatic = item.rule.kind === 'measure';
  const isVeto = item.section === 'veto';
  const value = isVeto ? (input.veto ?? null) : (input.score ?? null);
  if (isVeto && input.score != null)
    throw new AppError('VALIDATION_FAILED', '一票否决项不打分，请认定是否否决（veto）', [{ path: 'score', message: '一票否决项不打分' }]);
  if (!isVeto && input.veto != null) throw new AppError('VALIDATION_FAILED', '只有一票否决项可以认定否决', [{ path: 'veto', message: '该项不是一票否决项' }]);
  if (typeof value === 'number' && value > item.points)
    throw new AppError('VALIDATION_FAILED', `「${item.label}」满分 ${item.points} 分，评分不能超过`, [{ path: 'score', message: `不超过 ${item.points}` }]);
  if (automatic && value !== null && !input.reason.trim())
    throw new AppError('VALIDATION_FAILED', `「${item.label}」由平台数据自动计算，调整须写明理由`, [{ path: 'reason', message: '请填写调整理由' }]);
  await app.db.transaction().execute(async (trx) => {
    assertOpen((await repo.findRound(trx, actor.districtId, roundId, true)) as repo.RoundRow);
    const row = await repo.findItem(trx, actor.districtId, roundId, unitId, item.code, true);
    if (!row) throw notFound('考核项目');
    const cleared = value === null;
    await repo.updateItem(trx, actor.districtId, roundId, unitId, item.code, {
      assessor_score: isVeto || cleared ? null : (value as number),
      assessor_veto: isVeto && !cleared ? (value as boolean) : null,
      assessor_note: cleared ? '' : input.note,
      override_reason: cleared || !automatic ? '' : input.reason,
      assessor_by_name: cleared ? null : actor.displayName,
      assessor_at: cleared ? null : now,
    });
    const what = cleared
      ? '撤销评分'
      : isVeto
        ? value
          ? '认定一票否决'
          : '认定不否决'
        : automatic
          ? `调整为 ${value} 分（理由：${input.reason}）`
          : `评定 ${value} 分`;
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'assessment.score',
      entityType: 'assessment_item',
      entityId: row.id,
      orgUnitId: unitId,
      summary: `考评「${unit.name}」「${item.label}」：${what}`,
      before: { score: row.assessor_score == null ? null : Number(row.assessor_score), veto: row.assessor_veto, reason: row.override_reason },
      after: {
        score: isVeto || cleared ? null : value,
        veto: isVeto && !cleared ? value : null,
        reason: automatic && !cleared ? input.reason : '',
        note: input.note,
      },
    });
  });
  return getAssessment(app, actor, roundId, unitId);
}
