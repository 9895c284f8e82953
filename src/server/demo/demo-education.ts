import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { insertSessions, type NewSession } from '../education/education.repository.js';
import { currentSemester } from '../education/education.service.js';
import { insertTrainings } from '../education/trainings.repository.js';
import { findAllSchools } from '../schools/schools.repository.js';
import { findDemoSpeakerUnits, findUserIdByUsername } from './demo.repository.js';
import { personName, seededRandom } from './demo-data.js';

/**
 * A term of safety education and staff training for every demo school, shaped like real
 * timetables: 开学第一课 for the whole school in the first week, the grades' classes taking a
 * topic together every other week (one record for the classes of a grade), a police 法治 lesson
 * for the upper grades, a fire counsellor's lesson, 放假前 before National Day; a fire training by
 * the fire brigade and one more training per school. About one school in six lags behind (half
 * the lessons), so the duty engine has both compliant and late schools to show. Class-level
 * timetables are generated for the first township's schools (those the demo accounts see);
 * the others get monthly whole-school lessons, which keeps the demo load well under a second.
 */
const gradesOf: Record<string, number[]> = {
  kindergarten: [1, 2, 3],
  primary: [1, 2, 3, 4, 5, 6],
  junior: [7, 8, 9],
  senior: [10, 11, 12],
  nine_year: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  complete_secondary: [7, 8, 9, 10, 11, 12],
  vocational: [10, 11, 12],
  special: [1, 2, 3, 4, 5, 6],
};
const rotation = [
  'traffic',
  'drowning',
  'fire',
  'bullying',
  'food_hygiene',
  'natural_disaster',
  'network_safety',
  'fraud',
  'mental_health',
  'drugs',
  'sexual_assault',
  'national_security',
];

const weekday = (day: string) => new Date(`${day}T12:00:00+08:00`).getUTCDay();
/** The first school day (Mon–Fri) on or after `day`. */
const schoolDay = (day: string) => {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6) d = addDays(d, 1);
  return d;
};

type School = { id: string; school_type: string; enrollment: number; staff_count: number; safety_officer_name: string };

function sessionsOf(
  s: School,
  term: { start: string; end: string },
  who: { id: string; name: string },
  rnd: ReturnType<typeof seededRandom>,
  topics: Set<string>,
  detailed: boolean,
  fireId: string | null = null,
) {
  const rows: NewSession[] = [];
  const grades = gradesOf[s.school_type] ?? [1, 2, 3];
  const classesPerGrade = Math.max(1, Math.min(12, Math.round(s.enrollment / grades.length / 45)));
  const lagging = rnd.next() < 0.17;
  const add = (day: string, audience: { kind: 'school' | 'grade' | 'class'; grade?: number }, topic: string, extra: Partial<NewSession> = {}) => {
    if (day > term.end || !topics.has(topic)) return;
    const audiences =
      audience.kind === 'school'
        ? ['school']
        : audience.kind === 'grade'
          ? [`grade:${audience.grade}`]
          : Array.from({ length: classesPerGrade }, (_, i) => `class:${audience.grade}-${i + 1}`);
    rows.push({
      district_id: '',
      client_id: randomUUID(),
      school_id: s.id,
      held_on: day,
      audience_kind: audience.kind,
      grade: audience.grade ?? null,
      audiences,
      topic,
      occasion: null,
      hours: 1,
      speaker_name: `${personName(rnd)}`,
      speaker_type: 'teacher',
      participants: audience.kind === 'school' ? s.enrollment : Math.round(s.enrollment / grades.length),
      source: 'demo',
      created_by: who.id,
      created_by_name: s.safety_officer_name || who.name,
      ...extra,
    });
  };
  const firstDay = schoolDay(term.start);
  add(firstDay, { kind: 'school' }, 'traffic', { occasion: 'first_lesson', speaker_name: '校长', hours: 1 });
  // Every other week each grade's classes take the next topic of the rotation together (the
  // schools of the demo accounts' township); elsewhere a monthly whole-school lesson keeps the
  // demo load small (a few thousand rows in all).
  for (let week = 1, i = 0; ; week += (lagging ? 2 : 1) * (detailed ? 2 : 4), i++) {
    const day = schoolDay(addDays(firstDay, week * 7 + rnd.int(0, 3)));
    if (day > term.end) break;
    if (!detailed) add(day, { kind: 'school' }, rotation[i % rotation.length] as string);
    else for (const g of grades) add(day, { kind: 'class', grade: g }, rotation[(i + g) % rotation.length] as string, { hours: 0.5 });
  }
  const upper = grades.slice(-2);
  for (const g of upper)
    add(schoolDay(addDays(firstDay, 20 + rnd.int(0, 20))), { kind: 'grade', grade: g }, 'legal', {
      speaker_type: 'police',
      speaker_name: `${personName(rnd).slice(0, 1)}警官`,
    });
  if (!lagging)
    add(schoolDay(addDays(firstDay, 40 + rnd.int(0, 20))), { kind: 'school' }, 'fire', {
      speaker_type: 'fire',
      speaker_name: '区消防救援支队宣传员',
      speaker_unit_id: fireId,
    });
  const holiday = `${term.start.slice(0, 4)}-09-29`;
  if (holiday > term.start) add(schoolDay(holiday), { kind: 'school' }, 'drowning', { occasion: 'pre_holiday', hours: 0.5 });
  return rows;
}

export async function loadDemoEducation(trx: Db, pack: ResolvedPack, districtId: string, now = new Date()) {
  const today = shanghaiDay(now);
  const semester = currentSemester(pack, now);
  const term = { start: semester.start, end: addDays(today, -1) };
  if (term.end < term.start) return { sessions: 0, trainings: 0 };
  const rnd = seededRandom(20269);
  const topics = new Set(pack.vocab.educationTopics.map((t) => t.code));
  const kinds = pack.vocab.trainingKinds.map((k) => k.code);
  const schools = await findAllSchools(trx, { districtId, ids: null });
  const officer = { id: await findUserIdByUsername(trx, districtId, 'school_officer'), name: '安全干部' };
  const { fireId, stationOf } = await findDemoSpeakerUnits(trx, districtId);
  const sessions: NewSession[] = [];
  const trainings: Parameters<typeof insertTrainings>[1] = [];
  for (const s of schools) {
    const school = {
      id: s.id,
      school_type: s.school_type,
      enrollment: Number(s.enrollment),
      staff_count: Number(s.staff_count),
      safety_officer_name: s.safety_officer_name,
    };
    for (const row of sessionsOf(school, term, officer, rnd, topics, s.code.startsWith('YJT01'), fireId)) sessions.push({ ...row, district_id: districtId });
    const staff = Math.max(1, school.staff_count);
    const fireDay = schoolDay(addDays(term.start, rnd.int(5, 60)));
    const common = {
      district_id: districtId,
      school_id: s.id,
      hours: 2,
      attendee_ids: [],
      staff_base: staff,
      created_by: officer.id,
      created_by_name: s.safety_officer_name || officer.name,
    };
    if (fireDay <= term.end && kinds.includes('fire')) {
      trainings.push({
        ...common,
        client_id: randomUUID(),
        trained_on: fireDay,
        kind: 'fire',
        title: '消防安全“四个能力”培训',
        trainer: `${personName(rnd)}`,
        trainer_body: '区消防救援支队',
        trainer_unit_id: fireId,
        attendee_count: Math.max(1, Math.round(staff * (0.8 + rnd.next() * 0.2))),
      });
    }
    const other = rnd.pick(kinds.filter((k) => k !== 'fire'));
    const otherDay = schoolDay(addDays(term.start, rnd.int(20, 90)));
    if (other && otherDay <= term.end) {
      trainings.push({
        ...common,
        client_id: randomUUID(),
        trained_on: otherDay,
        kind: other,
        title: '',
        trainer: `${personName(rnd)}`,
        trainer_body: other === 'anti_terror' ? '辖区派出所' : '',
        trainer_unit_id: other === 'anti_terror' ? (stationOf.get(s.id) ?? null) : null,
        hours: 1,
        attendee_count: Math.max(1, Math.round(staff * 0.5)),
      });
    }
  }
  await insertSessions(trx, sessions);
  await insertTrainings(trx, trainings);
  await appendAuditEvent(trx, systemActor(districtId, '演示数据'), {
    action: 'demo.education',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示安全教育记录 ${sessions.length} 条、教职工培训 ${trainings.length} 条（${term.start} 至 ${term.end}）`,
  });
  return { sessions: sessions.length, trainings: trainings.length };
}
