import { createHash } from 'node:crypto';
import { shanghaiDay } from '../../domain/calendar.js';
import {
  type CreateDrillInput,
  type DrillContent,
  drillStatusLabels,
  drillSubmissionProblems,
  guidanceKindLabels,
  type JudgedBuilding,
  judgeBuildings,
  participationShare,
} from '../../domain/drill.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { type AttachmentDto, linkAttachments, listAttachmentsOf } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import { nextCounterValue } from '../shared/counter.repository.js';
import { raiseDrillHazardsOnSubmit } from './drill-hazards.service.js';
import * as repo from './drills.repository.js';

/**
 * Drills (应急演练): the school records its own (principal or safety officer); supervisors read
 * the submitted ones in their scope. A draft is saved as the school goes and is seen by that
 * school only; one submission makes it count. The phone's clientId makes a repeated sync answer
 * the same drill instead of making a second one.
 */
export const drillRecorderRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer']);
const schoolRoles: ReadonlySet<Role> = new Set(['principal', 'school_safety_officer', 'staff']);

type Row = repo.DrillRecord;

/** The school whose drills the actor may write: their own, and only as its principal or safety officer. */
async function assertRecorder(db: Db, actor: Actor, schoolId: string) {
  const unit = canRead(actor.scope, schoolId) ? await findOrgUnit(db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
  if (!drillRecorderRoles.has(actor.role) || actor.orgUnitId !== schoolId || !canWrite(actor.scope, schoolId)) {
    throw forbidden('应急演练由学校校长或安全干部记录；上级单位可以查看');
  }
}

function assertType(pack: ResolvedPack, code: string) {
  if (pack.vocab.drillTypes.some((t) => t.code === code)) return;
  const choices = pack.vocab.drillTypes.map((t) => t.label).join('、');
  throw new AppError('VALIDATION_FAILED', `演练类型「${code}」不在本区政策包中，可选：${choices}`, [{ path: 'type', message: '演练类型无效' }]);
}

function assertCategories(pack: ResolvedPack, c: DrillContent) {
  const bad = c.problems.flatMap((p, i) => (pack.hazardCategories.some((x) => x.code === p.category) ? [] : [i]));
  if (bad.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `第 ${(bad[0] ?? 0) + 1} 个问题的隐患类别不在本区政策包中`,
      bad.map((i) => ({ path: `problems.${i}.category`, message: '隐患类别无效' })),
    );
  }
}

function checkTime(c: DrillContent, now: Date) {
  if (new Date(c.startedAt).getTime() > now.getTime() + 10 * 60_000) {
    throw new AppError('VALIDATION_FAILED', '演练时间不能晚于现在', [{ path: 'startedAt', message: '演练时间不能晚于现在' }]);
  }
}

function hashContent(c: DrillContent): string {
  const { problems, photoIds, ...rest } = c;
  const body = { ...rest, startedAt: new Date(c.startedAt).toISOString(), photoIds: [...photoIds].sort(), problems };
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

type Base = { enrollment: number; staff: number };

async function baseOf(db: Db, districtId: string, schoolId: string): Promise<Base> {
  const s = await repo.findSchoolBase(db, districtId, schoolId);
  return { enrollment: s?.enrollment ?? 0, staff: s?.staff_count ?? 0 };
}

function headerOf(pack: ResolvedPack, c: DrillContent, base: Base): repo.DrillHeader {
  const startedAt = new Date(c.startedAt);
  const buildings = judgeBuildings(pack.drillEvacuation, c.buildings);
  return {
    type_code: c.type,
    type_label: pack.vocab.drillTypes.find((t) => t.code === c.type)?.label ?? c.type,
    started_at: startedAt,
    drilled_on: shanghaiDay(startedAt),
    scenario: c.scenario,
    organiser: c.organiser,
    guidance: c.guidance,
    student_participants: c.studentParticipants,
    staff_participants: c.staffParticipants,
    enrollment_base: base.enrollment,
    staff_base: base.staff,
    buildings,
    building_count: buildings.length,
    slow_count: buildings.filter((b) => b.slow).length,
    assembly_point: c.assemblyPoint,
    photo_ids: c.photoIds,
    plan_attachment_id: c.planAttachmentId,
    summary: c.summary,
    evaluation: c.evaluation,
    problem_count: c.problems.length,
    content_hash: hashContent(c),
  };
}

const problemRows = (c: DrillContent, previous: readonly repo.ProblemRow[] = []): repo.ProblemRow[] =>
  c.problems.map((p, i) => ({
    no: i + 1,
    description: p.description,
    place: p.place,
    category: p.category,
    level: p.level,
    attachment_ids: p.attachmentIds,
    raise_hazard: p.raiseHazard,
    // A problem already turned into a hazard keeps its link while the draft is edited.
    hazard_id: previous.find((x) => x.no === i + 1 && x.description === p.description)?.hazard_id ?? null,
  }));

function assertComplete(c: DrillContent, base: Base) {
  const problems = drillSubmissionProblems(c, base);
  if (problems.length) {
    throw new AppError('VALIDATION_FAILED', `还不能提交：${problems[0]?.message}${problems.length > 1 ? ` 等 ${problems.length} 处` : ''}`, problems);
  }
}

async function linkEvidence(trx: Db, actor: Actor, id: string, schoolId: string, c: DrillContent) {
  const ids = [...c.photoIds, ...c.problems.flatMap((p) => p.attachmentIds), ...(c.planAttachmentId ? [c.planAttachmentId] : [])];
  await linkAttachments(trx, actor, ids, { type: 'drill', id, schoolId });
}

type SubmitTarget = { id: string; code: string; school_id: string; type_label: string; started_at: Date };

async function submitInTransaction(
  trx: Db,
  pack: ResolvedPack,
  actor: Actor,
  d: SubmitTarget,
  problems: readonly repo.ProblemRow[],
  now: Date,
  created?: object,
) {
  const hazardIds = await raiseDrillHazardsOnSubmit(trx, actor, d, problems, pack, now);
  const prior = problems.filter((p) => p.hazard_id).length;
  if (!(await repo.markDrillSubmitted(trx, actor.districtId, d.id, now, prior + hazardIds.length))) {
    throw new AppError('CONFLICT', `演练 ${d.code} 已提交`);
  }
  await appendAuditEvent(trx, auditActorOf(actor), {
    action: 'drill.submit',
    entityType: 'drill',
    entityId: d.id,
    orgUnitId: d.school_id,
    summary: `${created ? '新建并' : ''}提交应急演练 ${d.code}「${d.type_label}」${hazardIds.length ? `，问题转为隐患 ${hazardIds.length} 条` : ''}`,
    after: { ...created, status: 'submitted', hazards: hazardIds.length },
  });
}

type CreateResult = { drill: DrillDetail; created: boolean };

export async function createDrill(app: AppContext, actor: Actor, input: CreateDrillInput, now = new Date()): Promise<CreateResult> {
  const existing = await repo.findDrillByClientId(app.db, actor.districtId, input.clientId);
  if (existing) return resync(app, actor, existing, input, now);
  await assertRecorder(app.db, actor, input.schoolId);
  const pack = await packOf(app, actor.districtId);
  assertType(pack, input.type);
  assertCategories(pack, input);
  checkTime(input, now);
  const base = await baseOf(app.db, actor.districtId, input.schoolId);
  if (input.submit) assertComplete(input, base);
  const header = headerOf(pack, input, base);
  const problems = problemRows(input);
  try {
    const id = await app.db.transaction().execute(async (trx) => {
      const year = Number(shanghaiDay(now).slice(0, 4));
      const seq = await nextCounterValue(trx, actor.districtId, `drill:${year}`);
      const code = `YL${year}${String(seq).padStart(6, '0')}`;
      const row = {
        district_id: actor.districtId,
        client_id: input.clientId,
        code,
        school_id: input.schoolId,
        created_by: actor.userId,
        created_by_name: actor.displayName,
      };
      const id = await repo.insertDrill(trx, row, header);
      await repo.replaceProblems(trx, actor.districtId, id, problems);
      await linkEvidence(trx, actor, id, input.schoolId, input);
      const created = { clientId: input.clientId, type: input.type, drilledOn: header.drilled_on };
      if (input.submit) {
        await submitInTransaction(
          trx,
          pack,
          actor,
          { id, code, school_id: input.schoolId, type_label: header.type_label, started_at: header.started_at },
          problems,
          now,
          created,
        );
        return id;
      }
      await appendAuditEvent(trx, auditActorOf(actor), {
        action: 'drill.create',
        entityType: 'drill',
        entityId: id,
        orgUnitId: input.schoolId,
        summary: `新建应急演练 ${code}「${header.type_label}」草稿`,
        after: created,
      });
      return id;
    });
    return { drill: await getDrill(app, actor, id), created: true };
  } catch (err) {
    // Two syncs of the same drill racing: the loser answers as a repeat of the winner.
    const e = err as { code?: string; message?: string };
    if (e?.code === '23505' && (e.message ?? '').includes('drill_client_uq')) {
      const winner = await repo.findDrillByClientId(app.db, actor.districtId, input.clientId);
      if (winner) return resync(app, actor, winner, input, now);
    }
    throw err;
  }
}

async function resync(app: AppContext, actor: Actor, row: Row, input: CreateDrillInput, now: Date): Promise<CreateResult> {
  if (row.created_by !== actor.userId) throw new AppError('CONFLICT', '该演练记录编号已被其他用户使用，请重新开始记录');
  if (row.school_id !== input.schoolId) throw new AppError('CONFLICT', `本机记录与服务器上的演练 ${row.code} 学校不同，请核对后重新开始`);
  if (row.status === 'submitted') {
    if (row.content_hash === hashContent(input)) return { drill: await getDrill(app, actor, row.id), created: false };
    throw new AppError('CONFLICT', `演练 ${row.code} 已提交，本机内容与已提交的不同；已提交的记录不能覆盖`, [
      { path: 'clientId', message: `已提交的演练：${row.code}` },
    ]);
  }
  await saveDraft(app, actor, row, input, row.version, input.submit, now);
  return { drill: await getDrill(app, actor, row.id), created: false };
}

async function saveDraft(app: AppContext, actor: Actor, row: Row, c: DrillContent, baseVersion: number, submit: boolean, now: Date) {
  await assertRecorder(app.db, actor, row.school_id);
  const pack = await packOf(app, actor.districtId);
  assertType(pack, c.type);
  assertCategories(pack, c);
  checkTime(c, now);
  const base = await baseOf(app.db, actor.districtId, row.school_id);
  if (submit) assertComplete(c, base);
  const header = headerOf(pack, c, base);
  await app.db.transaction().execute(async (trx) => {
    const problems = problemRows(c, await repo.findProblems(trx, actor.districtId, row.id));
    if (!(await repo.updateDrillHeader(trx, actor.districtId, row.id, baseVersion, header))) {
      throw new AppError('CONFLICT', `演练 ${row.code} 已在别处保存或提交，请刷新后再改`);
    }
    await repo.replaceProblems(trx, actor.districtId, row.id, problems);
    await linkEvidence(trx, actor, row.id, row.school_id, c);
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'drill.save',
      entityType: 'drill',
      entityId: row.id,
      orgUnitId: row.school_id,
      summary: `保存应急演练 ${row.code}「${header.type_label}」草稿`,
      before: { type: row.type_code, drilledOn: row.drilled_on },
      after: { type: c.type, drilledOn: header.drilled_on },
    });
    if (submit) await submitInTransaction(trx, pack, actor, { ...row, type_label: header.type_label, started_at: header.started_at }, problems, now);
  });
}

async function loadOwnDraft(app: AppContext, actor: Actor, id: string): Promise<Row> {
  const row = await loadVisible(app.db, actor, id);
  await assertRecorder(app.db, actor, row.school_id);
  if (row.status !== 'draft') throw new AppError('CONFLICT', `演练 ${row.code} 已提交，不能再修改`);
  return row;
}

export async function updateDrill(app: AppContext, actor: Actor, id: string, input: DrillContent & { baseVersion: number }, now = new Date()) {
  const row = await loadOwnDraft(app, actor, id);
  await saveDraft(app, actor, row, input, input.baseVersion, false, now);
  return getDrill(app, actor, id);
}

export async function submitDrill(app: AppContext, actor: Actor, id: string, input: { baseVersion: number }, now = new Date()) {
  const row = await loadOwnDraft(app, actor, id);
  if (row.version !== input.baseVersion) throw new AppError('CONFLICT', `演练 ${row.code} 已在别处保存，请刷新后再提交`);
  const problems = await repo.findProblems(app.db, actor.districtId, id);
  assertComplete(contentOfRow(row, problems), { enrollment: row.enrollment_base, staff: row.staff_base });
  const pack = await packOf(app, actor.districtId);
  await app.db.transaction().execute((trx) => submitInTransaction(trx, pack, actor, row, problems, now));
  return getDrill(app, actor, id);
}

function contentOfRow(row: Row, problems: readonly repo.ProblemRow[]): DrillContent {
  return {
    type: row.type_code,
    startedAt: row.started_at.toISOString(),
    scenario: row.scenario,
    organiser: row.organiser,
    guidance: row.guidance as DrillContent['guidance'],
    studentParticipants: row.student_participants,
    staffParticipants: row.staff_participants,
    buildings: (row.buildings as JudgedBuilding[]).map((b) => ({
      name: b.name,
      floors: b.floors,
      seconds: b.seconds,
      targetSeconds: b.ownTarget ? b.targetSeconds : null,
    })),
    assemblyPoint: row.assembly_point,
    problems: problems.map((p) => ({
      description: p.description,
      place: p.place,
      category: p.category,
      level: p.level as 'general' | 'major',
      attachmentIds: p.attachment_ids,
      raiseHazard: p.raise_hazard,
    })),
    photoIds: row.photo_ids,
    planAttachmentId: row.plan_attachment_id,
    summary: row.summary,
    evaluation: row.evaluation,
  };
}

const isOwnSchool = (actor: Actor, schoolId: string) => schoolRoles.has(actor.role) && actor.orgUnitId === schoolId;

/** A submitted drill is seen by everyone whose scope has the school; a draft by that school only. */
export async function loadVisible(db: Db, actor: Actor, id: string): Promise<Row> {
  const row = await repo.findDrillById(db, actor.districtId, id);
  if (!row || !canRead(actor.scope, row.school_id)) throw notFound('演练记录');
  if (row.status === 'draft' && !isOwnSchool(actor, row.school_id)) throw notFound('演练记录');
  return row;
}

function toSummary(r: Row) {
  const participants = r.student_participants + r.staff_participants;
  const base = r.enrollment_base + r.staff_base;
  return {
    id: r.id,
    clientId: r.client_id,
    code: r.code,
    schoolId: r.school_id,
    schoolName: r.school_name,
    schoolCode: r.school_code,
    parentName: r.parent_name,
    type: r.type_code,
    typeLabel: r.type_label,
    status: r.status,
    statusLabel: drillStatusLabels[r.status],
    startedAt: r.started_at.toISOString(),
    drilledOn: r.drilled_on,
    organiser: r.organiser,
    studentParticipants: r.student_participants,
    staffParticipants: r.staff_participants,
    participants,
    enrollmentBase: r.enrollment_base,
    staffBase: r.staff_base,
    participationShare: participationShare(participants, base),
    buildingCount: r.building_count,
    slowCount: r.slow_count,
    problemCount: r.problem_count,
    hazardCount: r.hazard_count,
    createdByName: r.created_by_name,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}
export type DrillSummary = ReturnType<typeof toSummary>;

export type DrillListInput = Omit<repo.DrillFilter, 'districtId' | 'schoolIds' | 'ownSchoolId'>;

export const filterFor = (actor: Actor, input: DrillListInput): repo.DrillFilter => ({
  ...input,
  districtId: actor.districtId,
  schoolIds: actor.scope.read.all ? null : [...actor.scope.read.ids],
  ownSchoolId: schoolRoles.has(actor.role) ? actor.orgUnitId : null,
});

export async function listDrills(app: AppContext, actor: Actor, input: DrillListInput & { page: number; pageSize: number }) {
  const { page, pageSize, ...rest } = input;
  const f = filterFor(actor, rest);
  const [rows, total] = await Promise.all([repo.findDrills(app.db, f, { offset: (page - 1) * pageSize, limit: pageSize }), repo.countDrills(app.db, f)]);
  return { items: rows.map(toSummary), total, page, pageSize };
}

export type DrillDetail = Awaited<ReturnType<typeof getDrill>>;

export async function getDrill(app: AppContext, actor: Actor, id: string) {
  const row = await loadVisible(app.db, actor, id);
  const [problems, pack, files] = await Promise.all([
    repo.findProblems(app.db, actor.districtId, id),
    packOf(app, actor.districtId),
    listAttachmentsOf(app.db, actor.districtId, 'drill', [id]),
  ]);
  const byId = new Map((files.get(id) ?? []).map((f) => [f.id, f]));
  const pick = (ids: readonly string[]) => ids.map((x) => byId.get(x)).filter((x): x is AttachmentDto => x !== undefined);
  const hazards = new Map(
    (
      await repo.findHazardSummaries(
        app.db,
        actor.districtId,
        problems.flatMap((p) => (p.hazard_id ? [p.hazard_id] : [])),
      )
    ).map((h) => [h.id, h]),
  );
  const canRecord = drillRecorderRoles.has(actor.role) && actor.orgUnitId === row.school_id;
  return {
    ...toSummary(row),
    scenario: row.scenario,
    guidance: (row.guidance as { kind: keyof typeof guidanceKindLabels; unit: string }[]).map((g) => ({
      ...g,
      kindLabel: guidanceKindLabels[g.kind] ?? g.kind,
    })),
    buildings: row.buildings as JudgedBuilding[],
    assemblyPoint: row.assembly_point,
    photos: pick(row.photo_ids),
    plan: row.plan_attachment_id ? (byId.get(row.plan_attachment_id) ?? null) : null,
    summary: row.summary,
    evaluation: row.evaluation,
    problems: problems.map((p) => {
      const h = p.hazard_id ? hazards.get(p.hazard_id) : undefined;
      return {
        no: p.no,
        description: p.description,
        place: p.place,
        category: p.category,
        categoryLabel: pack.hazardCategories.find((c) => c.code === p.category)?.label ?? p.category,
        level: p.level,
        raiseHazard: p.raise_hazard,
        attachments: pick(p.attachment_ids),
        hazard: h ? { id: h.id, code: h.code, state: h.state, title: h.title } : null,
      };
    }),
    canEdit: canRecord && row.status === 'draft',
    canRaiseHazards: row.status === 'submitted' && canRaiseFromDrill(actor, row),
  };
}

/** Who may turn a problem into a hazard after submission: the school's recorders, the district. */
export const canRaiseFromDrill = (actor: Actor, row: Pick<Row, 'school_id'>) =>
  actor.role === 'district_admin' || (drillRecorderRoles.has(actor.role) && actor.orgUnitId === row.school_id);

/** Counts by type under the same filter and scope as listDrills (the one-school file's panel). */
export async function countDrillsByType(app: AppContext, actor: Actor, input: DrillListInput) {
  return repo.countDrillsByType(app.db, filterFor(actor, input));
}
