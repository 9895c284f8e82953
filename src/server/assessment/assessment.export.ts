import { itemSourceLabel, scoreUnit, shownItemScore } from '../../domain/assessment/scoring.js';
import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import { rubricItems } from '../../domain/policy/rubric-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { renderAssessmentPdf } from './assessment.pdf.js';
import * as repo from './assessment.repository.js';
import { inputsOf } from './assessment-view.js';
import { getAssessmentRound } from './rounds.service.js';
import { rubricOf } from './rubrics.service.js';
import { getAssessment } from './scores.service.js';

/**
 * exportAssessment: the round as Excel (the ranking, then every item of every unit the actor
 * sees), or one unit's A4 PDF. Scope is getAssessmentRound's / getAssessment's; an export is a
 * read of many scores at once, so it is recorded in the audit trail.
 */
export type ExportInput = { format: 'xlsx' | 'pdf'; unitId?: string | undefined };

export async function exportAssessment(app: AppContext, actor: Actor, roundId: string, input: ExportInput, now = new Date()) {
  if (input.format === 'pdf') {
    if (!input.unitId) throw new AppError('VALIDATION_FAILED', 'PDF 按单位导出，请选择单位', [{ path: 'unitId', message: '请选择单位' }]);
    const a = await getAssessment(app, actor, roundId, input.unitId);
    if (a.scoresHidden) throw new AppError('CONFLICT', '考核结果公布后才能导出本校的考核报告');
    const body = await renderAssessmentPdf(a, actor.displayName);
    await audit(app, actor, roundId, `导出「${a.unit.name}」考核报告（PDF）`);
    return { body, fileName: `考核结果-${a.unit.name}-${shanghaiDay(now)}.pdf`, contentType: 'application/pdf' };
  }
  const r = await getAssessmentRound(app, actor, roundId);
  if (r.scoresHidden) throw new AppError('CONFLICT', '考核结果公布后才能导出');
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const published = r.round.state === 'published';
  const ranking = wb.addWorksheet('考核结果');
  ranking.columns = [
    { header: '单位代码', width: 12 },
    { header: '单位名称', width: 28 },
    { header: '街道/教管中心', width: 16 },
    { header: '学校类型', width: 12 },
    { header: '基本分', width: 9 },
    { header: '加分', width: 8 },
    { header: '总分', width: 9 },
    { header: '一票否决', width: 9 },
    { header: '同类排名', width: 9 },
    { header: '街镇排名', width: 9 },
    { header: published ? '未评分项（计 0 分）' : '待评定项', width: published ? 18 : 9 },
  ];
  for (const u of r.units)
    ranking.addRow([
      u.code,
      u.name,
      u.townshipName,
      u.schoolTypeLabel,
      u.base,
      u.bonus,
      u.total,
      u.vetoed ? '是' : '',
      u.rankInType,
      u.rankInTownship,
      u.pending,
    ]);
  ranking.getRow(1).font = { bold: true };
  const detail = wb.addWorksheet('评分明细');
  detail.columns = [
    { header: '单位名称', width: 26 },
    { header: '项目', width: 28 },
    { header: '类别', width: 8 },
    { header: '分值', width: 7 },
    { header: '数据', width: 10 },
    { header: '数据说明', width: 40 },
    { header: '自评分', width: 8 },
    { header: '得分', width: 8 },
    { header: '来源', width: 16 },
    { header: '调整理由/评语', width: 30 },
  ];
  // One read of the round's items, scored by the engine per unit (the figures getAssessment shows).
  const { rubric } = await rubricOf(app, actor.districtId, r.round.rubricCode, r.round.rubricVersion);
  const rows = await repo.findItems(
    app.db,
    actor.districtId,
    roundId,
    r.units.map((u) => u.unitId),
  );
  const items = rubricItems(rubric);
  const sections = { indicator: '指标', bonus: '加分项', veto: '否决项' } as const;
  for (const u of r.units) {
    const own = rows.filter((x) => x.unit_id === u.unitId);
    const byCode = new Map(own.map((x) => [x.item_code, x]));
    const s = scoreUnit(rubric, inputsOf(own));
    items.forEach((item, k) => {
      const x = byCode.get(item.code);
      const sc = s.items[k];
      detail.addRow([
        u.name,
        item.label,
        sections[item.section],
        item.section === 'veto' ? null : item.points,
        x?.value == null ? null : Number(x.value),
        x?.detail ?? '',
        x?.self_score == null ? null : Number(x.self_score),
        item.section === 'veto' ? (sc?.vetoed ? '否决' : '') : sc ? shownItemScore(sc, published) : null,
        sc ? itemSourceLabel(sc, published) : '',
        [x?.override_reason, x?.assessor_note].filter(Boolean).join('；'),
      ]);
    });
  }
  detail.getRow(1).font = { bold: true };
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  await audit(app, actor, roundId, `导出考核「${r.round.title}」结果（Excel，${r.units.length} 个单位）`);
  return {
    body,
    fileName: `考核结果-${r.round.title}-${shanghaiDay(now)}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

async function audit(app: AppContext, actor: Actor, roundId: string, summary: string) {
  await app.db
    .transaction()
    .execute((trx) =>
      appendAuditEvent(trx, auditActorOf(actor), { action: 'assessment.export', entityType: 'assessment_round', entityId: roundId, orgUnitId: null, summary }),
    );
}
