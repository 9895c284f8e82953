import { addDays, daysBetween, isCalendarDay, shanghaiDay } from '../../domain/calendar.js';
import { isOverdue } from '../../domain/hazard-workflow.js';
import { DEADLINE_SOON_DAYS } from '../../domain/notification-kinds.js';
import { scanCaseDeadlines } from '../cases/case-deadline-scan.js';
import type { Db } from '../db/database.js';
import type { PolicyRegistry } from '../policy/policy.registry.js';
import { scanReportDeadlines } from '../reports/report-reminders.js';
import { type DeadlineCandidate, findDeadlineCandidates, findDistrictIds } from './notifications.repository.js';
import { districtAdminIds, type NewNotification, notifyMany, responsibleUserIdsByUnit, supervisorIdsBySchool } from './notifications.service.js';

/**
 * The hourly reminder scan. For every district, open hazards whose deadline is within
 * DEADLINE_SOON_DAYS (today included) remind the responsible side; overdue ones tell the
 * responsible side and the supervisors (and the district for a major hazard); an overdue major
 * hazard not yet listed proposes 挂牌督办 to the district admins.
 *
 * Each reminder carries a dedupe key with the deadline in force, so running the scan again
 * (every hour, after a restart, on two servers) sends nothing twice, and a new deadline after an
 * extension earns new reminders. Reminders are messages, not changes of a record: no audit event.
 * Inserts are not wrapped in one transaction, so on PGlite requests are served between batches;
 * a scan cut short is completed by the next one.
 */
export type ScanResult = { deadlineSoon: number; overdue: number; proposed: number };

const HAZARDS_PER_BATCH = 500;
const HOUR_MS = 60 * 60 * 1000;

type Recipients = { responsible: Map<string, string[]>; supervisors: Map<string, string[]>; admins: string[] };

const label = (h: DeadlineCandidate) => `${h.code} ${h.title}`;

function deadlineSoon(h: DeadlineCandidate, today: string): NewNotification {
  const left = daysBetween(today, h.deadline);
  return {
    kind: 'deadline_soon',
    title: `整改期限将至：${label(h)}`,
    body: `整改期限为 ${h.deadline}（${left === 0 ? '今天到期' : `还有 ${left} 天`}），请按期完成整改并提交验收。`,
    entityType: 'hazard',
    entityId: h.id,
    dedupeKey: `deadline_soon:${h.id}:${h.deadline}`,
  };
}

const overdue = (h: DeadlineCandidate): NewNotification => ({
  kind: 'overdue',
  title: `隐患逾期：${label(h)}`,
  body: `整改期限 ${h.deadline} 已过，隐患尚未销号。${h.level === 'major' ? '该隐患为重大隐患。' : ''}请尽快完成整改，或申请延期。`,
  entityType: 'hazard',
  entityId: h.id,
  dedupeKey: `overdue:${h.id}:${h.deadline}`,
});

const proposed = (h: DeadlineCandidate): NewNotification => ({
  kind: 'supervision_proposed',
  title: `建议挂牌督办：${label(h)}`,
  body: `重大隐患整改期限 ${h.deadline} 已过，尚未挂牌督办，建议挂牌督办。`,
  entityType: 'hazard',
  entityId: h.id,
  dedupeKey: `proposed:${h.id}:${h.deadline}`,
});

/** The notifications of one batch of candidates, grouped by the count they add to. */
function remindersOf(batch: readonly DeadlineCandidate[], today: string, to: Recipients) {
  const soon: { userIds: string[]; n: NewNotification }[] = [];
  const late: typeof soon = [];
  const propose: typeof soon = [];
  for (const h of batch) {
    const responsible = to.responsible.get(h.responsible_unit_id) ?? [];
    if (!isOverdue(h, today)) {
      soon.push({ userIds: responsible, n: deadlineSoon(h, today) });
      continue;
    }
    const major = h.level === 'major';
    late.push({ userIds: [...responsible, ...(to.supervisors.get(h.school_id) ?? []), ...(major ? to.admins : [])], n: overdue(h) });
    if (major && !h.supervision_listed) propose.push({ userIds: to.admins, n: proposed(h) });
  }
  return { soon, late, propose };
}

async function scanDistrict(db: Db, districtId: string, today: string): Promise<ScanResult> {
  const result: ScanResult = { deadlineSoon: 0, overdue: 0, proposed: 0 };
  const candidates = await findDeadlineCandidates(db, districtId, addDays(today, DEADLINE_SOON_DAYS));
  if (candidates.length === 0) return result;
  const late = candidates.filter((h) => isOverdue(h, today));
  const unitIds = candidates.map((h) => h.responsible_unit_id);
  const lateSchoolIds = late.map((h) => h.school_id);
  const to: Recipients = {
    responsible: await responsibleUserIdsByUnit(db, districtId, unitIds),
    supervisors: await supervisorIdsBySchool(db, districtId, lateSchoolIds),
    admins: late.some((h) => h.level === 'major') ? await districtAdminIds(db, districtId) : [],
  };
  for (let i = 0; i < candidates.length; i += HAZARDS_PER_BATCH) {
    const r = remindersOf(candidates.slice(i, i + HAZARDS_PER_BATCH), today, to);
    result.deadlineSoon += await notifyMany(db, districtId, r.soon);
    result.overdue += await notifyMany(db, districtId, r.late);
    result.proposed += await notifyMany(db, districtId, r.propose);
  }
  return result;
}

/**
 * Sends the deadline reminders due on `today` (YYYY-MM-DD, Asia/Shanghai) in every district.
 * Returns how many notifications were new; a repeat run on the same day returns zeros.
 */
export async function scanHazardDeadlines(db: Db, today: string): Promise<ScanResult> {
  if (!isCalendarDay(today)) throw new RangeError(`日期格式应为 YYYY-MM-DD：${today}`);
  const total: ScanResult = { deadlineSoon: 0, overdue: 0, proposed: 0 };
  for (const districtId of await findDistrictIds(db)) {
    const r = await scanDistrict(db, districtId, today);
    total.deadlineSoon += r.deadlineSoon;
    total.overdue += r.overdue;
    total.proposed += r.proposed;
  }
  return total;
}

/**
 * Runs the scan now and then every hour (an unref'd timer: it never keeps the process alive).
 * A run still going when the next is due is not doubled. Returns the stop function.
 */
export function startDeadlineScanner(db: Db, log: (msg: string) => void, policies?: PolicyRegistry): () => void {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const r = await scanHazardDeadlines(db, shanghaiDay(new Date()));
      if (r.deadlineSoon + r.overdue + r.proposed > 0) {
        log(`整改期限提醒：期限将至 ${r.deadlineSoon} 条，逾期 ${r.overdue} 条，建议挂牌督办 ${r.proposed} 条`);
      }
      const cases = await scanCaseDeadlines(db, new Date());
      if (cases > 0) log(`案件超时提醒 ${cases} 条`);
      const reports = policies ? await scanReportDeadlines(db, policies, shanghaiDay(new Date())) : 0;
      if (reports > 0) log(`报表报送提醒 ${reports} 条`);
    } catch (e) {
      if (!stopped) log(`整改期限提醒扫描失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUR_MS);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
