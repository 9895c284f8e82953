import { addDays } from '../../domain/calendar.js';
import { createScreeningSchema } from '../../domain/screening.js';
import type { AppContext } from '../context.js';
import { createScreening } from '../screenings/screenings.service.js';
import type { DemoActors, demoClock } from './demo-actors.js';

/**
 * Screening records (排查报告) of the demo's own accounts, filed through the screening service: the
 * first school's monthly 矛盾纠纷排查 (two 零报告 and one finding that opened a 矛盾纠纷 case) and its
 * 扫黑除恶线索排查, the first centre's screening of its schools, and the first police station's.
 */
export async function loadDemoScreenings(app: AppContext, a: DemoActors, clock: ReturnType<typeof demoClock>): Promise<number> {
  const { at, today } = clock;
  const file = (actor: typeof a.officer, daysAgo: number, input: Record<string, unknown>) =>
    createScreening(app, actor, createScreeningSchema.parse({ ...input, screenedOn: addDays(today, -daysAgo) }), at(daysAgo, '16:00'));
  const schoolInArea = (a.centre.scope.read.all ? [] : [...a.centre.scope.read.ids]).find((id) => id !== a.centre.orgUnitId && id !== a.principal.orgUnitId);
  await file(a.officer, 64, { screeningType: 'dispute', zeroReport: true, note: '逐班排查，未发现矛盾纠纷和不稳定因素。' });
  await file(a.officer, 34, {
    screeningType: 'dispute',
    findings: [
      { summary: '一名幼儿户外活动时摔伤，家长对医疗费用分担有异议，多次到园交涉。', caseTypeCode: 'dispute' },
      { summary: '食堂承包合同到期续签，个别员工对工资结算有意见，已由后勤主任沟通。' },
    ],
    note: '已登记纠纷案件，安排专人跟进。',
  });
  await file(a.officer, 4, { screeningType: 'dispute', zeroReport: true, note: '本月排查未发现新的矛盾纠纷，上月纠纷正在调解中。' });
  await file(a.officer, 20, { screeningType: 'crime_lead', zeroReport: true, note: '排查“校园贷”“套路贷”、电信诈骗等线索，未发现。' });
  await file(a.centre, 12, {
    screeningType: 'dispute',
    findings: [{ summary: '辖区一所幼儿园因收费问题与部分家长存在分歧，园方已公示收费依据。', ...(schoolInArea && { schoolId: schoolInArea }) }],
    note: '辖区学校月度排查汇总。',
  });
  await file(a.police, 9, {
    screeningType: 'crime_lead',
    findings: [{ summary: '辖区一网吧多次接纳未成年学生上网，已责令整改并通报学校。' }],
    note: '会同学校排查校园周边涉校线索。',
  });
  return 6;
}
