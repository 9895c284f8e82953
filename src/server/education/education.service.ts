import { randomUUID } from 'node:crypto';
import { shanghaiDay } from '../../domain/calendar.js';
import {
  type AudienceKind,
  audienceKeys,
  audienceKindLabels,
  audienceLabel,
  audiencesReaching,
  type CreateEducationSessionInput,
  classKeysOf,
  hoursPerClass,
  parseAudience,
  type SpeakerType,
  speakerTypeLabels,
} from '../../domain/education.js';
import { AppError, type ErrorDetail, notFound } from '../../domain/errors.js';
import { periodOf } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { canRead } from '../../domain/scope.js';
import { linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './education.repository.js';
import { assertCanRecord, assertSpeakerUnit, canRecordFor, labelOf, readableSchoolIds } from './education-scope.js';
import { findSchoolStaff } from './trainings.repository.js';

export function toSessionDto(r: repo.SessionRecord, pack: ResolvedPack) {
  return {
    id: r.id,
    clientId: r.client_id,
    schoolId: r.school_id,
    schoolName: r.school_name,
    heldOn: r.held_on,
    audienceKind: r.audience_kind,
    audienceKindLabel: audienceKindLabels[r.audience_kind as AudienceKind],
    grade: r.grade,
    audiences: r.audiences,
    audienceLabel: describeAudiences(r.audiences),
    topic: r.topic,
    topicLabel: labelOf(pack.vocab.educationTopics, r.topic) as string,
    occasion: r.occasion,
    occasionLabel: labelOf(pack.vocab.educationOccasions, r.occasion),
    hours: Number(r.hours),
    speakerName: r.speaker_name,
    speakerType: r.speaker_type,
    speakerTypeLabel: speakerTypeLabels[r.speaker_type as SpeakerType] ?? r.speaker_type,
    speakerUnitId: r.speaker_unit_id,
    speakerUnitName: r.speaker_unit_name,
    participants: r.participants,
    note: r.note,
    source: r.source,
    createdByName: r.created_by_name,
    createdAt: r.created_at.toISOString(),
  };
}
export type SessionDto = ReturnType<typeof toSessionDto>;

/** 三年级1、2、4班 rather than three labels: one submission names classes of one grade. */
export function describeAudiences(keys: readonly string[]): string {
  const classes = keys.map(parseAudience).filter((a) => a?.kind === 'class');
  if (classes.length > 1 && classes.length === keys.length) {
    const first = audienceLabel(keys[0] as string).replace(/\d+班$/, '');
    return `${first}${classes.map((a) => a?.classNo).join('、')}班`;
  }
  return keys.map(audienceLabel).join('、');
}

export type SessionListFilter = {
  schoolId?: string | undefined;
  topic?: string | undefined;
  occasion?: string | undefined;
  /** A class (`class:3-2`), grade (`grade:3`) or `school`: the sessions reaching it. */
  audience?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export function sessionFilterOf(actor: Actor, f: SessionListFilter): repo.SessionFilter {
  if (f.audience !== undefined && !parseAudience(f.audience)) {
    throw new AppError('VALIDATION_FAILED', '班级应写作 class:年级-班号（如 class:3-2）、grade:年级 或 school', [{ path: 'audience', message: '班级无效' }]);
  }
  return {
    districtId: actor.districtId,
    schoolIds: readableSchoolIds(actor),
    schoolId: f.schoolId,
    topic: f.topic,
    occasion: f.occasion,
    audiences: f.audience ? audiencesReaching(f.audience) : undefined,
    from: f.from,
    to: f.to,
  };
}

export async function listEducationSessions(app: AppContext, actor: Actor, input: SessionListFilter & { page: number; pageSize: number }) {
  const { page, pageSize, ...filter } = input;
  const f = sessionFilterOf(actor, filter);
  const [rows, counts, pack] = await Promise.all([
    repo.findSessions(app.db, f, { offset: (page - 1) * pageSize, limit: pageSize }),
    repo.countSessions(app.db, f),
    packOf(app, actor.districtId),
  ]);
  return { items: rows.map((r) => toSessionDto(r, pack)), total: counts.total, counts, page, pageSize };
}

export async function getEducationSession(app: AppContext, actor: Actor, id: string) {
  const r = await repo.findSessionById(app.db, actor.districtId, id);
  if (!r || !canRead(actor.scope, r.school_id)) throw notFound('安全教育记录');
  const [pack, files] = await Promise.all([packOf(app, actor.districtId), listAttachmentsOf(app.db, actor.districtId, 'education_session', [id])]);
  return { session: toSessionDto(r, pack), attachments: files.get(id) ?? [] };
}

/** The current semester of the district's calendar: the default period of the hours summary. */
export function currentSemester(pack: ResolvedPack, now = new Date()) {
  const today = shanghaiDay(now);
  try {
    return periodOf('semester', today, pack.calendar.semesters);
  } catch {
    // A district calendar with a gap (holidays left out): the calendar year instead of a 500.
    return periodOf('yearly', today, pack.calendar.semesters);
  }
}

/**
 * Class hours per class (its own sessions, its grade's and the whole school's) in a period, a page
 * at a time (the district's list is a row per class: thousands); `grade` keeps that grade's rows,
 * `belowHours` the classes with fewer hours (the ones short of a rule).
 */
export async function getEducationHours(
  app: AppContext,
  actor: Actor,
  input: {
    schoolId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    grade?: number | undefined;
    belowHours?: number | undefined;
    page?: number | undefined;
    pageSize?: number | undefined;
  },
) {
  const pack = await packOf(app, actor.districtId);
  const semester = currentSemester(pack);
  const from = input.from ?? semester.start;
  const to = input.to ?? semester.end;
  const filter = { districtId: actor.districtId, schoolIds: readableSchoolIds(actor), schoolId: input.schoolId };
  const [rows, lists] = await Promise.all([repo.findSessionHours(app.db, { ...filter, from, to }), repo.findClassLists(app.db, filter)]);
  const names = new Map([...lists, ...rows].map((r) => [r.school_id, r.school_name]));
  const facts = rows.flatMap((r) => r.audiences.map((audience) => ({ schoolId: r.school_id, audience, hours: Number(r.hours), type: r.topic })));
  // A school's class list makes a class without any lesson a row with 0 hours.
  const classLists = new Map(lists.map((l) => [l.school_id, classKeysOf(l.class_counts)]));
  const items = hoursPerClass(facts, classLists).map((c) => ({
    ...c,
    schoolName: names.get(c.schoolId) ?? '',
    audienceLabel: audienceLabel(c.audience),
    byTopic: Object.entries(c.byTopic).map(([topic, hours]) => ({ topic, topicLabel: labelOf(pack.vocab.educationTopics, topic), hours })),
  }));
  items.sort((a, b) => a.schoolName.localeCompare(b.schoolName, 'zh-CN') || 0);
  const { grade, belowHours } = input;
  const wanted = items.filter((c) => (grade === undefined || parseAudience(c.audience)?.grade === grade) && (belowHours === undefined || c.hours < belowHours));
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 50;
  return { from, to, items: wanted.slice((page - 1) * pageSize, page * pageSize), total: wanted.length, page, pageSize };
}

/** Topic and occasion codes must be the district's (its pack may add or retire some). */
export function vocabProblems(pack: ResolvedPack, v: { topic: string; occasion?: string | undefined }): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!pack.vocab.educationTopics.some((t) => t.code === v.topic)) {
    problems.push({ path: 'topic', message: `教育主题「${v.topic}」不在本区政策包中` });
  }
  if (v.occasion && !pack.vocab.educationOccasions.some((t) => t.code === v.occasion)) {
    problems.push({ path: 'occasion', message: `特殊时点「${v.occasion}」不在本区政策包中` });
  }
  return problems;
}

export function sessionRow(actor: Actor, input: CreateEducationSessionInput, source: 'form' | 'import'): repo.NewSession {
  return {
    district_id: actor.districtId,
    client_id: input.clientId ?? randomUUID(),
    school_id: input.schoolId,
    held_on: input.heldOn,
    audience_kind: input.audienceKind,
    grade: input.audienceKind === 'school' ? null : (input.grade ?? null),
    audiences: audienceKeys(input),
    topic: input.topic,
    occasion: input.occasion ?? null,
    hours: input.hours,
    speaker_name: input.speakerName,
    speaker_type: input.speakerType,
    speaker_unit_id: input.speakerUnitId ?? null,
    participants: input.participants ?? null,
    note: input.note,
    source,
    created_by: actor.userId,
    created_by_name: actor.displayName,
  };
}

/**
 * Records a session (one class, several classes of a grade, a whole grade or the whole school).
 * A repeated clientId (a phone resending its draft) answers the session already recorded.
 */
export async function createEducationSession(app: AppContext, actor: Actor, input: CreateEducationSessionInput) {
  assertCanRecord(actor, input.schoolId, '安全教育');
  if (input.heldOn > shanghaiDay(new Date())) {
    throw new AppError('VALIDATION_FAILED', '日期不能晚于今天：请在上课后登记', [{ path: 'heldOn', message: '日期不能晚于今天' }]);
  }
  const pack = await packOf(app, actor.districtId);
  const problems = vocabProblems(pack, input);
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), problems);
  await assertSpeakerUnit(app.db, actor.districtId, input.speakerUnitId, 'speakerUnitId', '授课单位');
  if (input.clientId) {
    const seen = await repo.findSessionByClientId(app.db, actor.districtId, input.clientId);
    if (seen) return sameSessionAgain(app, actor, seen, input);
  }
  const row = sessionRow(actor, input, 'form');
  const id = await app.db.transaction().execute(async (trx) => {
    const newId = await repo.insertSessionOnce(trx, row);
    // The same clientId recorded meanwhile (a resend racing the first send): write nothing here.
    if (!newId) return null;
    await linkAttachments(trx, actor, input.attachmentIds, { type: 'education_session', id: newId, schoolId: input.schoolId });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'education.create',
      entityType: 'education_session',
      entityId: newId,
      orgUnitId: input.schoolId,
      summary: `登记安全教育：${input.heldOn} ${describeAudiences(row.audiences as string[])} ${labelOf(pack.vocab.educationTopics, input.topic)} ${input.hours} 课时`,
      after: { ...input, audiences: row.audiences },
    });
    return newId;
  });
  if (id) return getEducationSession(app, actor, id);
  const winner = await repo.findSessionByClientId(app.db, actor.districtId, row.client_id);
  if (!winner) throw new AppError('CONFLICT', '该提交编号已被使用，请刷新页面后重新登记');
  return sameSessionAgain(app, actor, winner, input);
}

/**
 * The phone sent a clientId already recorded: its own send again answers the session as it is
 * (nothing written, nothing audited); someone else's id, or another school, is a conflict.
 */
function sameSessionAgain(app: AppContext, actor: Actor, seen: repo.SessionRecord, input: CreateEducationSessionInput) {
  if (seen.created_by !== actor.userId || seen.school_id !== input.schoolId) {
    throw new AppError('CONFLICT', '该提交编号已被其他记录使用，请刷新页面后重新登记');
  }
  return getEducationSession(app, actor, seen.id);
}

/** What the forms offer: the pack's topics, occasions and training kinds; the school's staff to pick attendees from. */
export async function getEducationOptions(app: AppContext, actor: Actor) {
  const pack = await packOf(app, actor.districtId);
  const pick = (entries: readonly { code: string; label: string; description: string }[]) =>
    entries.map(({ code, label, description }) => ({ code, label, description }));
  const schoolId = canRecordFor(actor, actor.orgUnitId) ? actor.orgUnitId : null;
  return {
    topics: pick(pack.vocab.educationTopics),
    occasions: pick(pack.vocab.educationOccasions),
    trainingKinds: pick(pack.vocab.trainingKinds),
    speakerTypes: Object.entries(speakerTypeLabels).map(([code, label]) => ({ code, label })),
    /** Departments an outside speaker or trainer comes from (their own duties count the record). */
    speakerUnits: (await repo.findSpeakerUnits(app.db, actor.districtId)).map((u) => ({ id: u.id, name: u.name, departmentType: u.department_type })),
    /** The school the actor records for (null for supervisors: they only read). */
    recordSchoolId: schoolId,
    staff: schoolId ? (await findSchoolStaff(app.db, actor.districtId, schoolId)).map((u) => ({ id: u.id, name: u.display_name })) : [],
    semester: currentSemester(pack),
  };
}

/** Class hours by topic of one school in a period (the school file's panel); nothing outside the scope. */
export async function educationHoursByTopic(app: AppContext, actor: Actor, q: { schoolId: string; from: string; to: string }) {
  if (!canRead(actor.scope, q.schoolId)) return [];
  const [rows, pack] = await Promise.all([repo.sumHoursByTopic(app.db, actor.districtId, q.schoolId, q.from, q.to), packOf(app, actor.districtId)]);
  return rows.map((r) => ({ ...r, topicLabel: labelOf(pack.vocab.educationTopics, r.topic) }));
}
