import { addDays } from '../../domain/calendar.js';
import { periodOf } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { rubricInForce, rubricItems } from '../../domain/policy/rubric-schema.js';
import { updateItem } from '../assessment/assessment.repository.js';
import { createAssessmentRound } from '../assessment/rounds.service.js';
import { saveAssessorScore, saveSelfAssessment } from '../assessment/scores.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { DemoActors, demoClock } from './demo-actors.js';
import { seededRandom } from './demo-data.js';
import type { DemoSchoolRow } from './demo-units.repository.js';

/**
 * An open assessment round of the demo rubric (policies/districts/yunjiang/rubrics) over this term,
 * opened by the district admin through the assessment service, so every automatic item is computed
 * from the demo's data with the rows behind it. The first school self-assesses its manual items
 * through the service and the district scores one of them; about two schools in five of the rest
 * (no demo accounts) have self-assessed, in their principal's name. Loaded last: the measures read
 * the reports, 报平安 and alerts loaded before.
 */
const selfNotes: Record<string, string[]> = {
  nine_ones: ['定期安全例会、政务值班、护校巡逻、校门进出登记等制度齐全，记录完整。', '“九个一”制度已建立，个别记录需补充。'],
  reporting: ['重点时期报平安、月报均按时报送。', '报平安按时，月报一次迟报。'],
  innovation: ['获评区级安全教育示范课一节。', '创建市级防震减灾科普示范学校。'],
};

export async function loadDemoAssessment(app: AppContext, pack: ResolvedPack, a: DemoActors, schools: DemoSchoolRow[], clock: ReturnType<typeof demoClock>) {
  const { at, today } = clock;
  const semester = periodOf('semester', today, pack.calendar.semesters);
  const from = semester.start;
  const rubric = rubricInForce(pack.rubrics, 'school_safety', from) ?? pack.rubrics.find((r) => r.unitType === 'school' && r.effectiveFrom <= from);
  if (!rubric || from >= today) return { rounds: 0, selfAssessed: 0 };
  const round = await createAssessmentRound(
    app,
    a.admin,
    { title: `${semester.label}学校安全工作考核`, rubricCode: rubric.code, from, to: addDays(today, -1) },
    at(1, '09:00'),
  );
  const manual = rubricItems(rubric).filter((i) => i.rule.kind === 'manual' && i.section !== 'veto');
  const scoreOf = (points: number, rnd: ReturnType<typeof seededRandom>) => Math.max(0, points - rnd.int(0, Math.min(3, points)));
  const rnd = seededRandom(2032);
  const own = a.principal.orgUnitId;
  await saveSelfAssessment(
    app,
    a.principal,
    round.id,
    own,
    { items: manual.map((i) => ({ itemCode: i.code, score: scoreOf(i.points, rnd), note: selfNotes[i.code]?.[0] ?? '已按要求落实。', attachmentIds: [] })) },
    at(0, '08:30'),
  );
  const nine = manual.find((i) => i.code === 'nine_ones');
  if (nine)
    await saveAssessorScore(
      app,
      a.admin,
      round.id,
      own,
      { itemCode: nine.code, score: Math.max(0, nine.points - 2), note: '抽查政务值班记录缺 2 天。', reason: '' },
      at(0, '09:00'),
    );
  let selfAssessed = 1;
  const when = at(0, '08:00');
  for (const s of schools) {
    if (s.id === own || rnd.next() > 0.4) continue;
    for (const i of manual) {
      await updateItem(app.db, a.admin.districtId, round.id, s.id, i.code, {
        self_score: scoreOf(i.points, rnd),
        self_note: rnd.pick(selfNotes[i.code] ?? ['已按要求落实。']),
        self_by_name: s.principal_name || '校长',
        self_at: when,
      });
    }
    selfAssessed++;
  }
  await appendAuditEvent(app.db, systemActor(a.admin.districtId, '演示数据'), {
    action: 'demo.assessment',
    entityType: 'assessment_round',
    entityId: round.id,
    orgUnitId: a.admin.districtId,
    summary: `载入演示考核「${semester.label}学校安全工作考核」：${selfAssessed} 所学校已自评（无演示账号的学校以校长名义）`,
  });
  return { rounds: 1, selfAssessed };
}
