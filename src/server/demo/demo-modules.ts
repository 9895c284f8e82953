import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { AppContext } from '../context.js';
import { demoActors, demoClock } from './demo-actors.js';
import { loadDemoAssessment } from './demo-assessment.js';
import { loadDemoBulletins } from './demo-bulletins.js';
import { loadDemoCampaigns } from './demo-campaigns.js';
import { loadDemoEarlyWarning } from './demo-early-warning.js';
import { loadDemoMeetings } from './demo-meetings.js';
import { loadDemoOutbound } from './demo-outbound.js';
import { loadDemoReports } from './demo-reports.js';
import { loadDemoRisk } from './demo-risk.js';
import { loadDemoSafety } from './demo-safety.js';
import { loadDemoScreenings } from './demo-screenings.js';
import { findDemoSchoolRows, findDemoUnits } from './demo-units.repository.js';

export type DemoModulesSummary = {
  campaigns: number;
  meetings: number;
  meetingTasks: number;
  bulletins: number;
  screenings: number;
  riskPoints: number;
  riskAlerts: number;
  /** The school whose missed duties rise (the early warning's flag), its missed periods per month, and whether they rise. */
  earlyWarning: { schoolId: string | null; series: number[]; rises: boolean };
  checkIns: number;
  reports: number;
  selfAssessed: number;
  channels: number;
  ms: Record<string, number>;
};

/**
 * The demo of the modules of issues 13 and 14 (reports, 报平安, campaigns, bulletins, joint meetings,
 * screenings, risk register and alerts, a school whose missed duties rise (the early warning's flag),
 * assessment, outbound channels), loaded after the rest of
 * the demo through each module's own services with the demo's accounts (`app.db` is the root
 * handle: every service call commits its own transaction with its audit rows, as a request would).
 * Assessment goes last: its measures read what the others wrote. `ms` is each step's time.
 */
export async function loadDemoModules(app: AppContext, pack: ResolvedPack, districtId: string, now = new Date()): Promise<DemoModulesSummary> {
  const ms: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    ms[name] = Math.round(performance.now() - t0);
    return r;
  };
  const db = app.db;
  const [a, units, schools] = await Promise.all([demoActors(db, districtId), findDemoUnits(db, districtId), findDemoSchoolRows(db, districtId)]);
  const clock = demoClock(now);
  const campaigns = await timed('campaigns', () => loadDemoCampaigns(app, pack, a, units, clock));
  const meetings = await timed('meetings', () => loadDemoMeetings(db, a, units, clock));
  const bulletins = await timed('bulletins', () => loadDemoBulletins(app, a, clock));
  const screenings = await timed('screenings', () => loadDemoScreenings(app, a, clock));
  const risk = await timed('risk', () => loadDemoRisk(app, pack, a, units, schools, clock));
  const checkIns = await timed('safety', () => loadDemoSafety(app, a, schools, clock));
  const reports = await timed('reports', () => loadDemoReports(app, a, units, schools, clock));
  // A school whose missed duties rise month after month: the early warning's flag (after every module that records duties).
  const earlyWarning = await timed('earlyWarning', () => loadDemoEarlyWarning(app, pack, a, schools, clock));
  const assessment = await timed('assessment', () => loadDemoAssessment(app, pack, a, schools, clock));
  // Last, and disabled: nothing the demo load notified is forwarded anywhere.
  const channels = await timed('outbound', () => loadDemoOutbound(db, a, now));
  return {
    campaigns,
    meetings: meetings.meetings,
    meetingTasks: meetings.tasks,
    bulletins,
    screenings,
    riskPoints: risk.points,
    riskAlerts: risk.alerts,
    earlyWarning,
    checkIns,
    reports: reports.reports,
    selfAssessed: assessment.selfAssessed,
    channels,
    ms,
  };
}

/** The start-up line about these modules' demo records (and how long each step took). */
export const demoModulesLine = (m: DemoModulesSummary) =>
  `  另有：${m.reports} 份月报，${m.checkIns} 条报平安，${m.campaigns} 个专项行动，${m.meetings} 次联席会议（议定事项 ${m.meetingTasks} 项），${m.bulletins} 份通报/约谈/督办，${m.screenings} 份排查报告，${m.riskPoints} 个风险点、${m.riskAlerts} 条风险提示，1 轮考核（${m.selfAssessed} 所学校已自评），${m.channels} 个外发通道（未启用）；用时 ${(Object.values(m.ms).reduce((s, x) => s + x, 0) / 1000).toFixed(1)} 秒（${Object.entries(
    m.ms,
  )
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
    .join('，')}）。`;
