import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden } from '../../domain/errors.js';
import { gateLogWindow } from '../../domain/gate-log.js';
import type { HazardSource } from '../../domain/hazard.js';
import type { ResolvedPack, SchoolLocation } from '../../domain/policy/pack-schema.js';
import {
  type DeviceFact,
  type DeviceKind,
  evaluateSchool,
  guardGapSentence,
  type NationalRateCode,
  nationalRateCodes,
  nationalRateLabels,
  nationalRateScopes,
  nationalRateStatus,
  type PerimeterType,
  type PersonFact,
  type PersonRole,
  type RollUp,
  rollUp,
  type SchoolFacts,
  type StandardResult,
  sanfangCategoryLabels,
} from '../../domain/sanfang.js';
import { canSeeBackgroundResults } from '../../domain/sanfang-inputs.js';
import type { SchoolType } from '../../domain/school.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { guardPostSetBySchool } from '../guard-duty/guard-stats.service.js';
import { insertHazardInTransaction } from '../hazards/hazards.service.js';
import { packOf } from '../policy/policy.service.js';
import { loadBuildingFacts } from './buildings.service.js';
import * as repo from './sanfang.repository.js';
import { assertReadableSchool, auditBackgroundRead, canCorrect, scopedSchoolIds, toDeviceDto, toPersonDto, toSiteDto } from './sanfang.service.js';

/**
 * Each school's register held against the pack (domain/sanfang.ts), and the roll-ups: district,
 * township, school type; the four national rates with their failing schools. The facts of all
 * schools in scope are read in three queries and evaluated in memory.
 */

export type SummaryFilter = { orgUnitId?: string | undefined; schoolType?: string | undefined; schoolId?: string | undefined };

const personFact = (p: repo.PersonRecord): PersonFact => ({
  role: p.role as PersonRole,
  active: p.active,
  birthDate: p.birth_date,
  certificateNo: p.certificate_no,
  certificateExpiry: p.certificate_expiry,
  trained: p.trained,
});
const deviceFact = (d: repo.DeviceRecord): DeviceFact => ({
  kind: d.kind as DeviceKind,
  place: d.place,
  retentionDays: d.retention_days,
  networked: d.networked,
  linked110: d.linked_110,
  mainGate: d.main_gate,
  antiRam: d.anti_ram,
  item: d.item,
  quantity: d.quantity,
  working: d.working,
});

type Loaded = { school: repo.SanfangSchoolRow; facts: SchoolFacts; results: StandardResult[] };

async function loadStandings(app: AppContext, actor: Actor, f: SummaryFilter, pack: ResolvedPack, today: string): Promise<Loaded[]> {
  return loadSchools(
    app,
    { districtId: actor.districtId, schoolIds: scopedSchoolIds(actor), parentId: f.orgUnitId, schoolType: f.schoolType, schoolId: f.schoolId },
    pack,
    today,
  );
}

async function loadSchools(app: AppContext, sf: Parameters<typeof repo.findSanfangSchools>[1], pack: ResolvedPack, today: string): Promise<Loaded[]> {
  const schools = await repo.findSanfangSchools(app.db, sf);
  if (!schools.length) return [];
  const ids = schools.length > 200 && !sf.schoolIds && !sf.parentId && !sf.schoolType ? null : schools.map((s) => s.id);
  const [persons, devices, sites] = await Promise.all([
    repo.findPersons(app.db, { districtId: sf.districtId, schoolIds: ids }),
    repo.findDevices(app.db, { districtId: sf.districtId, schoolIds: ids }),
    repo.findSites(app.db, sf.districtId, ids),
  ]);
  const [more, postSet] = await Promise.all([
    loadBuildingFacts(app.db, sf.districtId, ids, gateLogWindow(pack, today)),
    guardPostSetBySchool(
      app,
      sf.districtId,
      schools.map((s) => s.id),
      today,
    ),
  ]);
  const group = <T extends { school_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.school_id);
      if (list) list.push(r);
      else m.set(r.school_id, [r]);
    }
    return m;
  };
  const bySchoolP = group(persons);
  const bySchoolD = group(devices);
  const siteOf = new Map(sites.map((s) => [s.school_id, s]));
  return schools.map((school) => {
    const site = siteOf.get(school.id);
    const facts: SchoolFacts = {
      schoolType: school.schoolType as SchoolType,
      ownership: school.ownership,
      enrollment: school.enrollment,
      boardingStudents: school.boardingStudents,
      gateCount: school.gateCount,
      site: site
        ? {
            perimeterType: site.perimeter_type as PerimeterType,
            wallHeightM: site.wall_height_m === null ? null : Number(site.wall_height_m),
            antiClimb: site.anti_climb,
            closedManagement: site.closed_management,
            location: site.location as SchoolLocation,
          }
        : null,
      persons: (bySchoolP.get(school.id) ?? []).map(personFact),
      devices: (bySchoolD.get(school.id) ?? []).map(deviceFact),
      ...more.get(school.id),
      guardPostSet: postSet.get(school.id) ?? false,
    };
    return { school, facts, results: evaluateSchool(pack.sanfang, facts, today) };
  });
}

/**
 * The whole district's standings, kept per process and database: evaluating the register of every
 * school against the pack on each summary (and so each dashboard) read took 300 ms and more at 270
 * schools. An entry holds for one pack (a new policy registry resolves new pack objects), one
 * Shanghai day (ages and certificate expiry move with it) and one stamp of the register
 * (repo.findStandingStamp). Every read asks the database for the stamp first, so any write shows
 * on the next read, from this process or another (PostgreSQL with several servers); the stamp is
 * read before the rows, so a write landing in between only costs a reload.
 */
type CachedStandings = { pack: ResolvedPack; today: string; stamp: string; rows: Loaded[]; summaries: Map<string, SanfangSummary> };
const standingCache = new WeakMap<AppContext['db'], Map<string, CachedStandings>>();

async function districtStandings(app: AppContext, districtId: string, pack: ResolvedPack, today: string): Promise<CachedStandings> {
  const stamp = await repo.findStandingStamp(app.db, districtId, today);
  let byDistrict = standingCache.get(app.db);
  if (!byDistrict) {
    byDistrict = new Map();
    standingCache.set(app.db, byDistrict);
  }
  const hit = byDistrict.get(districtId);
  if (hit && hit.pack === pack && hit.today === today && hit.stamp === stamp) return hit;
  const rows = await loadSchools(app, { districtId, schoolIds: null }, pack, today);
  const entry: CachedStandings = { pack, today, stamp, rows, summaries: new Map() };
  byDistrict.set(districtId, entry);
  return entry;
}

/** loadStandings through the district's cached standings: the same rows, in the same (code) order. */
async function cachedStandings(app: AppContext, actor: Actor, f: SummaryFilter, pack: ResolvedPack, today: string): Promise<Loaded[]> {
  return inView((await districtStandings(app, actor.districtId, pack, today)).rows, actor, f);
}

function inView(all: Loaded[], actor: Actor, f: SummaryFilter): Loaded[] {
  const ids = scopedSchoolIds(actor);
  const inScope = ids && new Set(ids);
  return all.filter(
    ({ school: s }) =>
      (!inScope || inScope.has(s.id)) &&
      (!f.orgUnitId || s.parentId === f.orgUnitId) &&
      (!f.schoolType || s.schoolType === f.schoolType) &&
      (!f.schoolId || s.id === f.schoolId),
  );
}

const rollOf = (rows: Loaded[]) => rollUp(rows.map((r) => ({ schoolId: r.school.id, results: r.results })));
const slim = ({ rules: _r, ...rest }: RollUp) => rest;

function ratesOf(rows: Loaded[]) {
  return nationalRateCodes.map((code: NationalRateCode) => {
    let applicable = 0;
    let met = 0;
    const failing: { id: string; name: string; parentName: string }[] = [];
    for (const r of rows) {
      const s = nationalRateStatus(code, r.facts);
      if (s === null) continue;
      applicable++;
      if (s) met++;
      else failing.push({ id: r.school.id, name: r.school.name, parentName: r.school.parentName ?? '' });
    }
    return {
      code,
      label: nationalRateLabels[code],
      scope: nationalRateScopes[code],
      applicable,
      met,
      rate: applicable ? Math.round((met / applicable) * 1000) / 10 : null,
      failing,
    };
  });
}

const schoolRow = (r: Loaded) => {
  const guard = r.results.find((x) => x.code === 'guard_count');
  const unmet = r.results.filter((x) => x.applies && !x.met);
  return {
    id: r.school.id,
    code: r.school.code,
    name: r.school.name,
    parentId: r.school.parentId,
    parentName: r.school.parentName ?? '',
    schoolType: r.school.schoolType,
    enrollment: r.school.enrollment,
    boardingStudents: r.school.boardingStudents,
    guardsRequired: guard?.required ?? 0,
    guardsOnPost: guard?.actual ?? 0,
    guardsShort: guard?.gap ?? 0,
    unmet: unmet.map((x) => ({ code: x.code, label: x.label, category: sanfangCategoryLabels[x.category], detail: x.detail })),
  };
};

/**
 * The summary of the actor's scope and filter. The same standings give the same summary, so it is
 * kept with the cached standings (a new stamp, day or pack starts an empty map): building it for
 * 300 schools (270 KB of rows, rates, groupings) cost 15–40 ms of CPU on every dashboard load.
 * Callers must not mutate it.
 */
export async function getSanfangSummary(app: AppContext, actor: Actor, f: SummaryFilter, now = new Date()): Promise<SanfangSummary> {
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const entry = await districtStandings(app, actor.districtId, pack, today);
  const ids = scopedSchoolIds(actor);
  const key = JSON.stringify([ids ? [...ids].sort() : 'all', f.orgUnitId ?? '', f.schoolType ?? '', f.schoolId ?? '']);
  const hit = entry.summaries.get(key);
  if (hit) return hit;
  const summary = summarize(pack, today, inView(entry.rows, actor, f));
  // A bound on the views kept: each scope and filter asked adds one (a district has a few hundred units).
  if (entry.summaries.size >= 500) entry.summaries.clear();
  entry.summaries.set(key, summary);
  return summary;
}

/**
 * The national rates of each school in the actor's scope, as its 三防 page shows them
 * (getSchoolSanfang's `rates`: the same ratesOf over the school's one row), from the district's
 * cached standings in one read: assessment scores 270 schools without 270 summaries.
 */
export async function sanfangRatesBySchool(app: AppContext, actor: Actor, now = new Date()) {
  const pack = await packOf(app, actor.districtId);
  const rows = await cachedStandings(app, actor, {}, pack, shanghaiDay(now));
  return new Map(rows.map((r) => [r.school.id, ratesOf([r]).map(({ failing, ...x }) => ({ ...x, status: x.applicable ? failing.length === 0 : null }))]));
}

function summarize(pack: ResolvedPack, today: string, rows: Loaded[]) {
  const total = rollOf(rows);
  const groupBy = (key: (r: Loaded) => string, name: (r: Loaded) => string) => {
    const m = new Map<string, Loaded[]>();
    for (const r of rows) {
      const list = m.get(key(r));
      if (list) list.push(r);
      else m.set(key(r), [r]);
    }
    return [...m.entries()].map(([k, list]) => ({ key: k, name: name(list[0] as Loaded), ...slim(rollOf(list)) }));
  };
  return {
    pack: { id: pack.id, name: pack.name, version: pack.version },
    today,
    sentence: guardGapSentence(total),
    guardsRequired: total.guardsRequired,
    guardsOnPost: total.guardsOnPost,
    guardsShort: total.guardsShort,
    schoolsShort: total.schoolsShort,
    schools: total.schools,
    rules: total.rules,
    rates: ratesOf(rows),
    byTownship: groupBy(
      (r) => r.school.parentId ?? '',
      (r) => r.school.parentName ?? '',
    ),
    bySchoolType: groupBy(
      (r) => r.school.schoolType,
      (r) => r.school.schoolType,
    ),
    schoolRows: rows.map(schoolRow),
  };
}
export type SanfangSummary = ReturnType<typeof summarize>;

/** `auditReads` false: a caller that returns no person (the one-school file's counts) reads no result. */
export async function getSchoolSanfang(app: AppContext, actor: Actor, schoolId: string, now = new Date(), auditReads = true) {
  await assertReadableSchool(app.db, actor, schoolId);
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const [loaded] = await loadStandings(app, actor, { schoolId }, pack, today);
  const [persons, devices, sites, gapHazards] = await Promise.all([
    repo.findPersons(app.db, { districtId: actor.districtId, schoolIds: [schoolId] }),
    repo.findDevices(app.db, { districtId: actor.districtId, schoolIds: [schoolId] }),
    repo.findSites(app.db, actor.districtId, [schoolId]),
    repo.findOpenGapHazards(app.db, actor.districtId, [schoolId]),
  ]);
  if (auditReads) await auditBackgroundRead(app.db, actor, persons, '学校三防台账');
  const show = canSeeBackgroundResults(actor.role);
  const standards = (loaded?.results ?? []).map((r) => {
    const h = gapHazards.find((x) => x.rule_code === r.code);
    return { ...r, categoryLabel: sanfangCategoryLabels[r.category], hazard: h ? { id: h.id, code: h.code, state: h.state } : null };
  });
  return {
    school: loaded ? schoolRow(loaded) : null,
    canEdit: canCorrect(actor, schoolId),
    canSeeBackgroundResults: show,
    pack: { id: pack.id, name: pack.name, version: pack.version },
    site: toSiteDto(sites[0]),
    persons: persons.map((p) => toPersonDto(p, show)),
    devices: devices.map(toDeviceDto),
    standards,
    rates: loaded ? ratesOf([loaded]).map(({ failing, ...r }) => ({ ...r, met: r.met, status: r.applicable ? failing.length === 0 : null })) : [],
    /** The pack's vocabularies the forms need: key places for cameras, equipment items. */
    cameraPlaces: pack.sanfang.find((r) => r.code === 'camera_places')?.places ?? [],
    equipmentItems: pack.sanfang.find((r) => r.code === 'equipment')?.items ?? [],
  };
}

/** Where a gap's hazard is recorded in the ledger. */
const placeOf: Record<string, string> = {
  wall_height: '围墙',
  closed_management: '围墙',
  anti_ram: '校门',
  gate_alarm: '门卫室',
  camera_places: '校门',
  video_retention: '门卫室',
  equipment: '门卫室',
  building_appraisal: '教学楼',
  dangerous_buildings: '教学楼',
  fire_maintenance: '其他',
  fire_assessment: '其他',
  gate_log: '门卫室',
};

const sourceOf = (actor: Actor): HazardSource => {
  switch (actor.role) {
    case 'principal':
    case 'school_safety_officer':
    case 'staff':
      return 'school_self';
    case 'police_officer':
      return 'police';
    case 'centre_officer':
      return 'centre';
    case 'responsible_inspector':
      return 'inspector';
    case 'district_admin':
      return 'district';
    default:
      return 'department';
  }
};

/**
 * Turns unmet standards into hazards (category 人防/物防/技防 from the rule) for one school or
 * many, in one transaction through the hazards service, each linked to its rule code. A rule
 * that already has an open hazard from an earlier run is skipped, so pressing twice does not
 * duplicate. `ruleCodes` empty: every unmet rule.
 */
export async function createHazardsFromGaps(app: AppContext, actor: Actor, input: { schoolIds: string[]; ruleCodes: string[] }, now = new Date()) {
  const schoolIds = [...new Set(input.schoolIds)];
  for (const id of schoolIds) {
    await assertReadableSchool(app.db, actor, id);
    if (!canCorrect(actor, id)) throw forbidden('您不能为该校登记隐患');
  }
  const pack = await packOf(app, actor.districtId);
  const known = new Set(pack.sanfang.map((r) => r.code as string));
  const unknown = input.ruleCodes.filter((c) => !known.has(c));
  if (unknown.length)
    throw new AppError('VALIDATION_FAILED', `三防标准「${unknown.join('、')}」不在本区政策包中`, [{ path: 'ruleCodes', message: '标准编码无效' }]);
  const categories = new Set(pack.hazardCategories.map((c) => c.code));
  const today = shanghaiDay(now);
  const wanted = new Set(schoolIds);
  const rows =
    schoolIds.length === 1
      ? await loadStandings(app, actor, { schoolId: schoolIds[0] }, pack, today)
      : (await cachedStandings(app, actor, {}, pack, today)).filter((r) => wanted.has(r.school.id));
  const open = await repo.findOpenGapHazards(app.db, actor.districtId, schoolIds);
  const has = new Set(open.map((o) => `${o.school_id}|${o.rule_code}`));
  const todo = rows.flatMap((r) =>
    r.results
      .filter((x) => x.applies && !x.met && (!input.ruleCodes.length || input.ruleCodes.includes(x.code)) && !has.has(`${r.school.id}|${x.code}`))
      .map((x) => ({ school: r.school, result: x })),
  );
  const created: { hazardId: string; schoolId: string; ruleCode: string }[] = [];
  if (!todo.length) return { created, skipped: open.length };
  await app.db.transaction().execute(async (trx) => {
    for (const { school, result } of todo) {
      const category = categories.has(result.category) ? result.category : 'other';
      const title = `三防不达标：${result.label}`.slice(0, 100);
      const origin = `${result.origin.pack}@${result.origin.version} ${result.origin.file}`;
      const description = [
        result.detail || `应为${result.required}${result.unit}，现为${result.actual}${result.unit}`,
        `标准：${result.label}（${result.source || origin}）`,
        `政策包：${origin}`,
      ]
        .join('\n')
        .slice(0, 2000);
      const hazardId = await insertHazardInTransaction(
        trx,
        actor,
        { schoolId: school.id, title, description, place: placeOf[result.code] ?? '门卫室', category, source: sourceOf(actor), attachmentIds: [] },
        now,
        now,
      );
      await repo.insertHazardLink(trx, { district_id: actor.districtId, hazard_id: hazardId, school_id: school.id, rule_code: result.code });
      created.push({ hazardId, schoolId: school.id, ruleCode: result.code });
    }
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'sanfang.gap_hazards',
      entityType: 'sanfang_gap',
      entityId: created.length === 1 ? (created[0]?.hazardId as string) : `${created.length}`,
      orgUnitId: schoolIds.length === 1 ? (schoolIds[0] as string) : actor.districtId,
      summary: `三防差距转为隐患 ${created.length} 条（${schoolIds.length} 所学校）`,
      after: { created },
    });
  });
  return { created, skipped: open.length };
}

/** The standings of schools in the actor's scope (the gap → hazard link's auto-close reads one school). */
export { loadStandings };
