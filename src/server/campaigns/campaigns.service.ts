import { shanghaiDay } from '../../domain/calendar.js';
import {
  type CampaignPhase,
  type CreateCampaignInput,
  campaignSpan,
  campaignTemplatesOf,
  countedWindow,
  type DutyCellStatus,
  dutyCell,
  dutyCellStatusLabels,
  type HazardTarget,
  hazardTarget,
  instantiateTemplate,
  type PhaseState,
  phaseState,
  phaseStateLabels,
  rateOf,
  type UpdateCampaignInput,
} from '../../domain/campaign.js';
import { type DutyFact, dutyKindLabels, dutyKindVocab } from '../../domain/duty.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { campaignKindLabels } from '../../domain/policy/campaigns-schema.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { creditDepartments } from '../coverage/coverage-tallies.js';
import { dutySource } from '../duty/duty.registry.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './campaigns.repository.js';

/**
 * 专项行动 (issue 13). The district creates a campaign (from a pack template or by hand) with its
 * phases, taking-part units, per-phase duties and targets; progress is computed on every read:
 * each phase duty asks the duty engine's source of its kind for the facts of the phase's window
 * (the same loadFacts the coverage grid and the compliance calendar count), so a record counts
 * here exactly when it counts there. Scope: the district admin writes; every reader sees the
 * taking-part schools within their own read scope (a centre its schools, a school itself only).
 */

export const canManageCampaigns = (actor: Actor) => actor.role === 'district_admin';
const readScope = (actor: Actor) => (actor.scope.read.all ? null : [...actor.scope.read.ids]);

export async function listCampaignTemplates(app: AppContext, actor: Actor, year: number) {
  const pack = await packOf(app, actor.districtId);
  return {
    year,
    items: campaignTemplatesOf(pack).map((t) => ({
      code: t.code,
      label: t.label,
      kind: t.kind,
      kindLabel: campaignKindLabels[t.kind],
      source: t.source,
      origin: t.origin,
      draft: instantiateTemplate(t, year),
    })),
  };
}

/** Duty types and levels must be the pack's; townships/centres and departments must be the district's. */
async function checkDefinition(app: AppContext, actor: Actor, pack: ResolvedPack, input: CreateCampaignInput | UpdateCampaignInput) {
  const problems: { path: string; message: string }[] = [];
  const checklists = new Set(pack.checklists.map((c) => c.code));
  const levels = new Set(pack.levels.map((l) => l.code));
  for (const [i, p] of input.phases.entries()) {
    for (const [j, d] of p.duties.entries()) {
      const section = dutyKindVocab[d.kind];
      const known = d.kind === 'inspection' ? checklists : section ? new Set(pack.vocab[section].map((v) => v.code)) : new Set<string>();
      for (const t of d.types)
        if (!known.has(t)) problems.push({ path: `phases.${i}.duties.${j}.types`, message: `「${t}」不是${dutyKindLabels[d.kind]}的类型` });
      if (d.levels.length && d.kind !== 'inspection') problems.push({ path: `phases.${i}.duties.${j}.levels`, message: '只有检查任务可以限定督查层级' });
      for (const l of d.levels) if (!levels.has(l as never)) problems.push({ path: `phases.${i}.duties.${j}.levels`, message: `督查层级「${l}」无效` });
    }
  }
  const { parentIds, departmentIds } = input.participants;
  if (!departmentIds.length && input.phases.some((p) => p.duties.some((d) => d.subjects === 'departments')))
    problems.push({ path: 'participants.departmentIds', message: '有由参与部门完成的任务，请选择参与部门' });
  if ((await repo.findUnits(app.db, actor.districtId, parentIds, ['township', 'centre'])).length !== new Set(parentIds).size)
    problems.push({ path: 'participants.parentIds', message: '参与的街道/教管中心必须是本区县的' });
  if ((await repo.findUnits(app.db, actor.districtId, departmentIds, ['department'])).length !== new Set(departmentIds).size)
    problems.push({ path: 'participants.departmentIds', message: '参与的部门必须是本区县的' });
  if (input.phases.some((p) => Math.abs(Number(p.startsOn.slice(0, 4)) - input.year) > 1 || Math.abs(Number(p.endsOn.slice(0, 4)) - input.year) > 1))
    problems.push({ path: 'phases', message: '阶段日期应在行动年度前后一年内' });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '专项行动无效', problems);
}

function assertManager(actor: Actor) {
  if (!canManageCampaigns(actor)) throw forbidden('专项行动由区教委安稳科发起和管理');
}

const snapshot = (c: Omit<CreateCampaignInput, 'templateCode'>) => ({
  name: c.name,
  kind: c.kind,
  year: c.year,
  participants: c.participants,
  phases: c.phases,
});

/** The stored columns of a campaign's definition: creating and editing write the same ones. */
function definitionColumns(input: CreateCampaignInput | UpdateCampaignInput) {
  const span = campaignSpan(input.phases);
  return {
    name: input.name,
    kind: input.kind,
    year: input.year,
    description: input.description,
    participants: JSON.stringify(input.participants),
    phases: JSON.stringify(input.phases),
    starts_on: span.startsOn,
    ends_on: span.endsOn,
  };
}

export async function createCampaign(app: AppContext, actor: Actor, input: CreateCampaignInput) {
  assertManager(actor);
  const pack = await packOf(app, actor.districtId);
  if (input.templateCode && !campaignTemplatesOf(pack).some((t) => t.code === input.templateCode))
    throw new AppError('VALIDATION_FAILED', '模板不存在', [{ path: 'templateCode', message: '模板不存在' }]);
  await checkDefinition(app, actor, pack, input);
  const columns = definitionColumns(input);
  const id = await app.db.transaction().execute(async (trx) => {
    const { id } = await repo.insertCampaign(trx, {
      district_id: actor.districtId,
      template_code: input.templateCode ?? null,
      ...columns,
      closed_at: null,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'campaign.create',
      entityType: 'campaign',
      entityId: id,
      orgUnitId: null,
      summary: `发起专项行动「${input.name}」（${columns.starts_on} 至 ${columns.ends_on}，${input.phases.length} 个阶段）`,
      after: snapshot(input),
    });
    return id;
  });
  return getCampaign(app, actor, id);
}

/**
 * A campaign the actor may see: the district's offices see all; others when a taking-part school
 * is in their scope, or their own department takes part.
 */
async function sees(app: AppContext, actor: Actor, c: repo.CampaignRecord) {
  if (actor.scope.read.all || c.participants.departmentIds.includes(actor.orgUnitId)) return true;
  return (await repo.findParticipatingSchools(app.db, actor.districtId, c.participants, readScope(actor))).length > 0;
}

async function loadVisible(app: AppContext, actor: Actor, id: string) {
  const c = await repo.findCampaign(app.db, actor.districtId, id);
  if (!c || !(await sees(app, actor, c))) throw notFound('专项行动');
  return c;
}

/** The taking-part departments the actor reads: all for district-wide readers, else their own. */
async function departmentsOf(app: AppContext, actor: Actor, c: repo.CampaignRecord) {
  const ids = c.participants.departmentIds.filter((id) => actor.scope.read.all || id === actor.orgUnitId);
  return (await repo.findUnits(app.db, actor.districtId, ids, ['department'])).map((u) => ({ id: u.id, name: u.name }));
}

function toDto(actor: Actor, c: repo.CampaignRecord, today: string) {
  const phases = c.phases.map((p) => ({ ...p, state: phaseState(p, today), stateLabel: phaseStateLabels[phaseState(p, today)] }));
  const running = c.status === 'open' && today >= c.starts_on && today <= c.ends_on;
  return {
    id: c.id,
    templateCode: c.template_code,
    name: c.name,
    kind: c.kind,
    kindLabel: campaignKindLabels[c.kind],
    year: c.year,
    description: c.description,
    participants: c.participants,
    phases,
    currentPhases: phases.filter((p) => p.state === 'running').map((p) => p.label),
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    status: c.status,
    statusLabel: c.status === 'closed' ? '已结束' : running ? '进行中' : today < c.starts_on ? '未开始' : '已到期',
    running,
    closedAt: c.closed_at?.toISOString() ?? null,
    createdByName: c.created_by_name,
    createdAt: c.created_at.toISOString(),
    version: c.version,
    canEdit: canManageCampaigns(actor) && c.status === 'open',
  };
}
export type CampaignDto = ReturnType<typeof toDto>;

export async function getCampaign(app: AppContext, actor: Actor, id: string, now = new Date()) {
  const c = await loadVisible(app, actor, id);
  return { campaign: toDto(actor, c, shanghaiDay(now)) };
}

export type CampaignListQuery = { status?: 'open' | 'closed' | undefined; year?: number | undefined; running?: boolean | undefined };

export async function listCampaigns(app: AppContext, actor: Actor, q: CampaignListQuery, now = new Date()) {
  const today = shanghaiDay(now);
  let rows = await repo.findCampaigns(app.db, actor.districtId, {
    status: q.running ? 'open' : q.status,
    year: q.year,
    runningOn: q.running ? today : undefined,
  });
  if (!actor.scope.read.all) {
    const visible: repo.CampaignRecord[] = [];
    for (const c of rows) if (await sees(app, actor, c)) visible.push(c);
    rows = visible;
  }
  return { items: rows.map((c) => toDto(actor, c, today)), total: rows.length, today, canCreate: canManageCampaigns(actor) };
}

export async function updateCampaign(app: AppContext, actor: Actor, id: string, input: UpdateCampaignInput) {
  assertManager(actor);
  const c = await loadVisible(app, actor, id);
  if (c.status === 'closed') throw new AppError('CONFLICT', '专项行动已结束，不能再修改');
  await checkDefinition(app, actor, await packOf(app, actor.districtId), input);
  await app.db.transaction().execute(async (trx) => {
    const ok = await repo.updateCampaignIfVersion(trx, actor.districtId, id, input.baseVersion, definitionColumns(input));
    if (!ok) throw new AppError('CONFLICT', '专项行动已被他人修改，请刷新后再改');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'campaign.update',
      entityType: 'campaign',
      entityId: id,
      orgUnitId: null,
      summary: `修改专项行动「${input.name}」`,
      before: snapshot({ ...c, participants: c.participants, phases: c.phases, description: c.description }),
      after: snapshot(input),
    });
  });
  return getCampaign(app, actor, id);
}

export async function closeCampaign(app: AppContext, actor: Actor, id: string, input: { baseVersion: number }, now = new Date()) {
  assertManager(actor);
  const c = await loadVisible(app, actor, id);
  if (c.status === 'closed') throw new AppError('CONFLICT', '专项行动已结束');
  await app.db.transaction().execute(async (trx) => {
    const ok = await repo.updateCampaignIfVersion(trx, actor.districtId, id, input.baseVersion, { status: 'closed', closed_at: now });
    if (!ok) throw new AppError('CONFLICT', '专项行动已被他人修改，请刷新后再操作');
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'campaign.close',
      entityType: 'campaign',
      entityId: id,
      orgUnitId: null,
      summary: `结束专项行动「${c.name}」`,
      before: { status: 'open' },
      after: { status: 'closed' },
    });
  });
  return getCampaign(app, actor, id, now);
}

/** A campaign open for tagging a hazard or an inspection of this school (used by their forms' saves). */
export async function assertTaggableCampaign(app: AppContext, actor: Actor, campaignId: string, schoolId: string) {
  const c = await repo.findCampaign(app.db, actor.districtId, campaignId);
  const takesPart = c ? (await repo.findParticipatingSchools(app.db, actor.districtId, c.participants, [schoolId])).length > 0 : false;
  if (c?.status !== 'open' || !takesPart)
    throw new AppError('VALIDATION_FAILED', '所选专项行动不存在、已结束或该校未参与', [{ path: 'campaignId', message: '专项行动无效' }]);
}

/* ---- progress ---- */

type DutyProgress = {
  code: string;
  label: string;
  kind: string;
  kindLabel: string;
  subjects: 'schools' | 'departments';
  min: number;
  done: number;
  total: number;
  rate: number | null;
};
type SchoolPhase = {
  schoolId: string;
  schoolName: string;
  parentId: string | null;
  parentName: string | null;
  duties: { code: string; count: number; status: DutyCellStatus; statusLabel: string }[];
  hazards: HazardTarget | null;
  /** All duties done and the hazards target met (or none asked). */
  done: boolean;
  lagging: boolean;
};

/** schoolIds: only these schools' rows (and no department rows); departmentId: only that department's rows (and no schools). */
export type ProgressQuery = { schoolIds?: readonly string[] | undefined; departmentId?: string | undefined };

/**
 * getCampaignProgress: per phase, each duty's done/total over the taking-part schools in the actor's
 * scope, the hazards target, every school's row and the laggards (a running phase: not done yet;
 * an ended phase: missed), and per township/centre the schools done. The dashboard panel, the
 * workbench to-do, the page and the Excel all read this one function.
 */
export async function getCampaignProgress(app: AppContext, actor: Actor, id: string, q: ProgressQuery = {}, now = new Date()) {
  const today = shanghaiDay(now);
  const c = await loadVisible(app, actor, id);
  let schools = q.departmentId ? [] : await repo.findParticipatingSchools(app.db, actor.districtId, c.participants, readScope(actor));
  if (q.schoolIds) {
    const only = new Set(q.schoolIds);
    schools = schools.filter((s) => only.has(s.id));
  }
  const ids = schools.map((s) => s.id);
  const hazards = (await repo.findCampaignHazards(app.db, actor.districtId, c.id, ids)).map((h) => ({
    schoolId: h.school_id,
    foundOn: h.found_on,
    closedOn: h.closed_on,
  }));
  const inspections = await repo.countCampaignInspections(app.db, actor.districtId, c.id, ids);
  const departments = q.schoolIds ? [] : (await departmentsOf(app, actor, c)).filter((d) => !q.departmentId || d.id === q.departmentId);
  const phases = [];
  for (const p of c.phases) phases.push(await phaseProgress(app, actor, p, schools, departments, hazards, today));
  return {
    campaign: toDto(actor, c, today),
    today,
    schoolCount: schools.length,
    departmentCount: departments.length,
    hazards: { found: hazards.length, closed: hazards.filter((h) => h.closedOn !== null).length, open: hazards.filter((h) => h.closedOn === null).length },
    inspections,
    phases,
  };
}
export type CampaignProgress = Awaited<ReturnType<typeof getCampaignProgress>>;

type Unit = { id: string; name: string };

/**
 * A phase's department duties: the kind's facts of the window anywhere in the district, credited
 * to the departments that carried them out (creditDepartments, the coverage engine's one rule).
 */
async function departmentProgress(app: AppContext, actor: Actor, p: CampaignPhase, departments: readonly Unit[], state: PhaseState, today: string) {
  const duties = p.duties.filter((d) => d.subjects === 'departments');
  const asFacts = departments.map((u) => ({
    id: u.id,
    name: u.name,
    code: '',
    parentId: null,
    schoolType: '',
    boarding: false,
    unitKind: 'department' as const,
  }));
  const counts = await dutyCounts(app, actor, duties, departments.length ? countedWindow(p, today) : null, null, async (facts) =>
    (await creditDepartments(app, actor.districtId, facts, asFacts)).map((f) => f.subjectId),
  );
  const rows = departments.map((u) => {
    const cells = dutyCells(duties, counts, u.id, state);
    const done = cells.every((x) => x.status === 'done');
    return { unitId: u.id, unitName: u.name, duties: cells, done, lagging: duties.length > 0 && state !== 'upcoming' && !done };
  });
  return { duties: dutyTotals(duties, rows, 'departments'), rows, laggards: rows.filter((r) => r.lagging) };
}

type PhaseDuty = CampaignPhase['duties'][number];
type DutyCounts = Map<string, Map<string, number>>; // duty code → unit → records

/**
 * Each duty's records per unit in the phase's counted window (none before the phase starts): the
 * kind's facts of the subjects (null: anywhere in the district), credited to units by `unitsOf`.
 */
async function dutyCounts(
  app: AppContext,
  actor: Actor,
  duties: readonly PhaseDuty[],
  window: { from: string; to: string } | null,
  subjectIds: string[] | null,
  unitsOf: (facts: DutyFact[]) => Promise<(string | null)[]> | (string | null)[],
): Promise<DutyCounts> {
  const counts: DutyCounts = new Map();
  for (const d of duties) {
    const byUnit = new Map<string, number>();
    if (window) {
      const facts = await dutySource(d.kind).loadFacts(app.db, {
        districtId: actor.districtId,
        from: window.from,
        to: window.to,
        subjectIds,
        types: d.types.length ? d.types : undefined,
        levels: d.kind === 'inspection' && d.levels.length ? d.levels : undefined,
      });
      for (const unit of await unitsOf(facts)) if (unit) byUnit.set(unit, (byUnit.get(unit) ?? 0) + 1);
    }
    counts.set(d.code, byUnit);
  }
  return counts;
}

/** A unit's cell for each duty: its record count and whether that meets the duty's minimum. */
const dutyCells = (duties: readonly PhaseDuty[], counts: DutyCounts, unitId: string, state: PhaseState) =>
  duties.map((d) => {
    const count = counts.get(d.code)?.get(unitId) ?? 0;
    const status = dutyCell(count, d.min, state);
    return { code: d.code, count, status, statusLabel: dutyCellStatusLabels[status] };
  });

/** Each duty's units done over all the rows. */
const dutyTotals = (
  duties: readonly PhaseDuty[],
  rows: readonly { duties: { code: string; status: DutyCellStatus }[] }[],
  subjects: DutyProgress['subjects'],
) =>
  duties.map((d): DutyProgress => {
    const done = rows.filter((r) => r.duties.find((x) => x.code === d.code)?.status === 'done').length;
    return {
      code: d.code,
      label: d.label,
      kind: d.kind,
      kindLabel: dutyKindLabels[d.kind],
      subjects,
      min: d.min,
      done,
      total: rows.length,
      rate: rateOf(done, rows.length),
    };
  });

async function phaseProgress(
  app: AppContext,
  actor: Actor,
  phase: CampaignPhase,
  schools: repo.CampaignSchool[],
  departments: readonly Unit[],
  hazards: { schoolId: string; foundOn: string; closedOn: string | null }[],
  today: string,
) {
  const state: PhaseState = phaseState(phase, today);
  const dept = await departmentProgress(app, actor, phase, departments, state, today);
  // The schools' part of the phase: its school duties (department duties are counted above).
  const p = { ...phase, duties: phase.duties.filter((d) => d.subjects !== 'departments') };
  const ids = schools.map((s) => s.id);
  const counts = await dutyCounts(app, actor, p.duties, ids.length ? countedWindow(phase, today) : null, ids, (facts) => facts.map((f) => f.schoolId));
  const rows: SchoolPhase[] = schools.map((s) => {
    const duties = dutyCells(p.duties, counts, s.id, state);
    const h = p.closeHazards
      ? hazardTarget(
          hazards.filter((x) => x.schoolId === s.id),
          p,
          today,
        )
      : null;
    const done = duties.every((d) => d.status === 'done') && (!h || h.status === 'met');
    return {
      schoolId: s.id,
      schoolName: s.name,
      parentId: s.parent_id,
      parentName: s.parent_name,
      duties,
      hazards: h,
      done,
      lagging: state !== 'upcoming' && !done,
    };
  });
  const duties = dutyTotals(p.duties, rows, 'schools');
  const hazardTotals = p.closeHazards
    ? rows.reduce(
        (a, r) => ({
          found: a.found + (r.hazards?.found ?? 0),
          closedInTime: a.closedInTime + (r.hazards?.closedInTime ?? 0),
          open: a.open + (r.hazards?.open ?? 0),
        }),
        { found: 0, closedInTime: 0, open: 0 },
      )
    : null;
  const units = new Map<string, { unitId: string | null; unitName: string; schools: number; done: number; lagging: number }>();
  for (const r of rows) {
    const key = r.parentId ?? '';
    const u = units.get(key) ?? { unitId: r.parentId, unitName: r.parentName ?? '（未归属）', schools: 0, done: 0, lagging: 0 };
    u.schools += 1;
    if (r.done) u.done += 1;
    if (r.lagging) u.lagging += 1;
    units.set(key, u);
  }
  const checkable = p.duties.length > 0 || p.closeHazards;
  const done = rows.filter((r) => r.done).length;
  return {
    code: p.code,
    label: p.label,
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    description: p.description,
    state,
    stateLabel: phaseStateLabels[state],
    closeHazards: p.closeHazards,
    duties,
    /** The phase's department duties over the taking-part departments (rows in `departments`). */
    departmentDuties: dept.duties,
    hazards: hazardTotals,
    schools: rows.length,
    done: checkable ? done : null,
    rate: checkable ? rateOf(done, rows.length) : null,
    units: [...units.values()].map((u) => ({ ...u, rate: checkable ? rateOf(u.done, u.schools) : null })),
    rows,
    laggards: checkable ? rows.filter((r) => r.lagging) : [],
    /** The taking-part departments' rows for the department duties, and those behind. */
    departments: dept.rows,
    departmentLaggards: dept.laggards,
  };
}
