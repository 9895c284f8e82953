import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { TemplateItem } from '../../domain/inspection.js';
import { periodOf, periodsBetween } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { findInspectorAssignments, findSchoolFacts } from '../coverage/coverage.repository.js';
import type { Db } from '../db/database.js';
import { findLatestTemplates, type TemplateRecord } from '../policy/templates.repository.js';
import { setCounter } from './demo.repository.js';
import { seededRandom } from './demo-data.js';
import { type DemoInspection, type DemoItem, demoUserIds, insertDemoInspections } from './demo-inspections.repository.js';

/**
 * This semester's inspections for the demo district, so the coverage grid, the obligations and
 * the weekly ledger show a working district on the first start: weekly self-checks (most schools,
 * most of the last six weeks), daily patrols for the last three days, monthly supervision by the 包校 inspector, the
 * centre, police or the joint group (two or three days a week), and the semester fire self-check
 * with its reports (most on time, some late, some missing). Items pass except a few failures.
 * Bulk-written like the demo hazards; one audit event records the load.
 */
const NOBODY = '00000000-0000-0000-0000-000000000000'; // schools without a demo account: the officer's name only

type Ctx = { districtId: string; rnd: ReturnType<typeof seededRandom>; templates: Map<string, TemplateRecord>; now: Date; seq: number; out: DemoInspection[] };

function add(
  c: Ctx,
  a: {
    schoolId: string;
    template: string;
    level: string;
    day: string;
    by: string;
    byName: string;
    inspectors: string[];
    failRate: number;
    report?: 'on_time' | 'late' | 'missing';
  },
) {
  const tpl = c.templates.get(a.template);
  if (!tpl) return;
  const at = new Date(`${a.day}T${String(8 + c.rnd.int(0, 8)).padStart(2, '0')}:${String(c.rnd.int(0, 59)).padStart(2, '0')}:00+08:00`);
  if (at > c.now) return;
  const items: DemoItem[] = (tpl.items as TemplateItem[])
    .filter((i) => !i.retired)
    .map((i, position) => ({
      code: i.code,
      position,
      text: i.text,
      category: i.category,
      place: i.place ?? null,
      guidance: i.guidance,
      photo_required: i.photoRequiredOnFail,
      fail_level: i.failLevel,
      result: c.rnd.next() < a.failRate ? 'fail' : c.rnd.next() < 0.04 ? 'na' : 'pass',
      note: '',
    }));
  for (const i of items) if (i.result === 'fail') i.note = '（演示数据）现场发现问题，已要求整改';
  const report = (tpl.report as { withinDays: number } | null) ?? null;
  const due = report ? addDays(a.day, report.withinDays) : null;
  const reportedDay =
    due && a.report === 'on_time' ? addDays(a.day, c.rnd.int(1, report?.withinDays ?? 1)) : due && a.report === 'late' ? addDays(due, c.rnd.int(2, 9)) : null;
  const reportedAt = reportedDay && new Date(`${reportedDay}T10:00:00+08:00`) <= c.now ? new Date(`${reportedDay}T10:00:00+08:00`) : null;
  c.seq += 1;
  c.out.push({
    district_id: c.districtId,
    client_id: randomUUID(),
    code: `JC${a.day.slice(0, 4)}${String(c.seq).padStart(6, '0')}`,
    school_id: a.schoolId,
    template_id: tpl.id,
    template_code: tpl.code,
    template_version: tpl.version,
    template_name: tpl.name,
    level: a.level,
    inspected_at: at,
    inspected_on: a.day,
    inspectors: a.inspectors.map((name) => ({ name, unitName: '' })),
    created_by: a.by,
    created_by_name: a.byName,
    summary: '（演示数据）',
    report_due: due,
    reported_at: reportedAt,
    items,
  });
}

export async function loadDemoInspections(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  const today = shanghaiDay(now);
  const semester = periodOf('semester', today, pack.calendar.semesters);
  const schools = await findSchoolFacts(db, districtId, null);
  const inspectorOf = new Map<string, { userId: string; name: string }>();
  for (const a of await findInspectorAssignments(db, districtId)) for (const s of a.schoolIds) inspectorOf.set(s, { userId: a.userId, name: a.name });
  const users = await demoUserIds(db, districtId);
  const templates = new Map((await findLatestTemplates(db, districtId)).map((t) => [t.code, t]));
  const c: Ctx = { districtId, rnd: seededRandom(2026), templates, now, seq: 0, out: [] };
  const officerOf = (schoolId: string, name: string) =>
    schoolId === users.firstSchool ? { by: users.schoolOfficer, byName: users.schoolOfficerName } : { by: NOBODY, byName: `${name}安全干部` };

  const weeks = periodsBetween('weekly', semester.start, today, pack.calendar.semesters);
  // Self-checks for the last six weeks only (the week grid shows a month): the demo load stays a few seconds.
  const recentWeeks = weeks.slice(-6);
  const months = periodsBetween('monthly', semester.start, today, pack.calendar.semesters);
  for (const s of schools) {
    const me = officerOf(s.id, s.name);
    for (const w of recentWeeks) {
      if (c.rnd.next() < 0.9)
        add(c, {
          schoolId: s.id,
          template: 'weekly_check',
          level: 'school_self',
          day: addDays(w.start, c.rnd.int(0, 4)),
          ...me,
          inspectors: [me.byName],
          failRate: 0.01,
        });
    }
    for (let d = 3; d >= 1; d--) {
      if (c.rnd.next() < 0.85)
        add(c, { schoolId: s.id, template: 'daily_patrol', level: 'school_self', day: addDays(today, -d), ...me, inspectors: [me.byName], failRate: 0.005 });
    }
    const fireDay = addDays(semester.start, c.rnd.int(5, 50));
    const r = c.rnd.next();
    if (r < 0.85)
      add(c, {
        schoolId: s.id,
        template: 'fire_self_check',
        level: 'school_self',
        day: fireDay,
        ...me,
        inspectors: [me.byName],
        failRate: 0.02,
        report: r < 0.65 ? 'on_time' : r < 0.75 ? 'late' : 'missing',
      });
    const inspector = inspectorOf.get(s.id);
    // The school's own 月排查, for the months that have ended (the current one is still open).
    for (const m of months) {
      if (m.end < today && c.rnd.next() < 0.88)
        add(c, {
          schoolId: s.id,
          template: 'monthly_sweep',
          level: 'school_self',
          day: addDays(m.end, -c.rnd.int(1, 8)),
          ...me,
          inspectors: [me.byName],
          failRate: 0.02,
        });
    }
    for (const m of months) {
      // Most schools are supervised each month; the current month is still under way.
      if (c.rnd.next() > (m.end >= today ? 0.6 : 0.9)) continue;
      const day = addDays(m.start, c.rnd.int(0, 25));
      const pickLevel = c.rnd.next();
      if (pickLevel < 0.55 && inspector)
        add(c, {
          schoolId: s.id,
          template: 'sanfang',
          level: 'inspector',
          day,
          by: inspector.userId,
          byName: inspector.name,
          inspectors: [inspector.name],
          failRate: 0.04,
        });
      else if (pickLevel < 0.8)
        add(c, {
          schoolId: s.id,
          template: 'monthly_sweep',
          level: 'centre',
          day,
          by: users.centreOfficer,
          byName: `${s.parentName ?? ''}教管中心`,
          inspectors: ['教管中心检查组'],
          failRate: 0.03,
        });
      else
        add(c, {
          schoolId: s.id,
          template: 'sanfang',
          level: 'police',
          day,
          by: users.police,
          byName: '辖区派出所',
          inspectors: ['辖区派出所民警'],
          failRate: 0.05,
        });
    }
  }
  // The joint group: two or three days a week, three schools a day; none before the semester
  // (its first week may start in August: the records would then begin before the semester).
  for (const w of weeks) {
    const days = [0, 2, 3].slice(0, c.rnd.int(2, 3));
    for (const d of days) {
      const day = addDays(w.start, d);
      for (let k = 0; k < 3; k++) {
        const s = c.rnd.pick(schools);
        if (day < semester.start) continue;
        add(c, {
          schoolId: s.id,
          template: 'sanfang',
          level: 'joint',
          day,
          by: users.joint,
          byName: users.jointName,
          inspectors: [users.jointName, '公安分局民警', '保安公司督导员'],
          failRate: 0.06,
        });
      }
    }
  }
  await insertDemoInspections(db, c.out);
  const years = new Set(c.out.map((i) => i.code.slice(2, 6)));
  for (const year of years) await setCounter(db, districtId, `inspection:${year}`, c.seq);
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.inspections',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示检查记录 ${c.out.length} 条（本学期自查、督查、联合督检、消防自查）`,
  });
  return c.out.length;
}
