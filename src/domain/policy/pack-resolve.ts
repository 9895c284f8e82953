import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { dutyKindLabels, dutyKindVocab } from '../duty.js';
import { campaignsFileSchema } from './campaigns-schema.js';
import { casesFileSchema } from './cases-schema.js';
import {
  type ChecklistTemplateDef,
  calendarFileSchema,
  checklistFileSchema,
  hazardsFileSchema,
  makeUpDaysOf,
  manifestSchema,
  type Origin,
  obligationsFileSchema,
  type PackManifest,
  type PackProblem,
  type ResolvedPack,
  sanfangFileSchema,
  supervisionFileSchema,
  surroundingsFileSchema,
  vocabSectionLabels,
  vocabSections,
  vocabulariesFileSchema,
  type WithOrigin,
} from './pack-schema.js';
import { reportsFileSchema } from './reports-schema.js';
import { applyRiskFile, defaultRiskPolicy, riskFileSchema } from './risk-schema.js';
import { type RubricDef, rubricFileSchema, rubricProblems } from './rubric-schema.js';

/**
 * Reads pack folders (given as file texts, so this stays pure) and resolves inheritance:
 * a child entry with the parent's code replaces it, a new code adds, `retire…` removes.
 * Every problem is reported with its file, path and message; nothing is half-applied.
 */
export type PackFiles = Record<string, string>; // relative path → YAML text

type ParsedPack = {
  manifest: PackManifest;
  folder: string;
  hazards?: z.infer<typeof hazardsFileSchema>;
  supervision?: z.infer<typeof supervisionFileSchema>;
  calendar?: z.infer<typeof calendarFileSchema>;
  obligations?: z.infer<typeof obligationsFileSchema>;
  vocabularies?: z.infer<typeof vocabulariesFileSchema>;
  sanfang?: z.infer<typeof sanfangFileSchema>;
  surroundings?: z.infer<typeof surroundingsFileSchema>;
  cases?: z.infer<typeof casesFileSchema>;
  risk?: z.infer<typeof riskFileSchema>;
  campaigns?: z.infer<typeof campaignsFileSchema>;
  reports?: z.infer<typeof reportsFileSchema>;
  checklists: { file: string; def: ChecklistTemplateDef }[];
  rubrics: { file: string; def: RubricDef }[];
};

export class PolicyPackError extends Error {
  readonly problems: PackProblem[];
  constructor(problems: PackProblem[]) {
    super(`政策包有 ${problems.length} 处错误：\n${problems.map((p) => `  ${p.file}${p.path ? ` ${p.path}` : ''}：${p.message}`).join('\n')}`);
    this.name = 'PolicyPackError';
    this.problems = problems;
  }
}

const pathOf = (path: readonly PropertyKey[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');

function parseFile<S extends z.ZodType>(file: string, textOf: string, schema: S, problems: PackProblem[]): z.infer<S> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(textOf, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
      problems.push({ file, path: line ? `第 ${line.line} 行第 ${line.col} 列` : '', message: `YAML 格式错误：${e.code}` });
    }
    return undefined;
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) problems.push({ file, path: pathOf(issue.path), message: issue.message });
    return undefined;
  }
  return result.data;
}

const known = new Set([
  'pack.yaml',
  'hazards.yaml',
  'supervision.yaml',
  'calendar.yaml',
  'obligations.yaml',
  'vocabularies.yaml',
  'sanfang.yaml',
  'surroundings.yaml',
  'cases.yaml',
  'risk.yaml',
  'campaigns.yaml',
  'reports.yaml',
]);

/** Parses one pack folder's files. */
export function parsePackFolder(folder: string, files: PackFiles, problems: PackProblem[]): ParsedPack | undefined {
  const at = (name: string) => `${folder}/${name}`;
  if (!('pack.yaml' in files)) {
    problems.push({ file: at('pack.yaml'), path: '', message: '缺少 pack.yaml（政策包说明：编号、名称、版本）' });
    return undefined;
  }
  const before = problems.length;
  const manifest = parseFile(at('pack.yaml'), files['pack.yaml'] as string, manifestSchema, problems);
  const parsed: Omit<ParsedPack, 'manifest'> = { folder, checklists: [], rubrics: [] };
  const read = <S extends z.ZodType>(name: string, schema: S) => (name in files ? parseFile(at(name), files[name] as string, schema, problems) : undefined);
  parsed.hazards = read('hazards.yaml', hazardsFileSchema);
  parsed.supervision = read('supervision.yaml', supervisionFileSchema);
  parsed.calendar = read('calendar.yaml', calendarFileSchema);
  parsed.obligations = read('obligations.yaml', obligationsFileSchema);
  parsed.vocabularies = read('vocabularies.yaml', vocabulariesFileSchema);
  parsed.sanfang = read('sanfang.yaml', sanfangFileSchema);
  parsed.surroundings = read('surroundings.yaml', surroundingsFileSchema);
  parsed.cases = read('cases.yaml', casesFileSchema);
  parsed.risk = read('risk.yaml', riskFileSchema);
  parsed.campaigns = read('campaigns.yaml', campaignsFileSchema);
  parsed.reports = read('reports.yaml', reportsFileSchema);
  for (const name of Object.keys(files).sort()) {
    if (known.has(name)) continue;
    if (/^rubrics\/[a-z0-9_]+@[0-9A-Za-z._-]+\.yaml$/.test(name)) {
      readRubric(at(name), name, files[name] as string, parsed.rubrics, problems);
      continue;
    }
    if (!/^checklists\/[a-z0-9_]+\.yaml$/.test(name)) {
      problems.push({
        file: at(name),
        path: '',
        message: `无法识别的文件：政策包只含 ${[...known].join('、')}、checklists/*.yaml 和 rubrics/<编码>@<版本>.yaml`,
      });
      continue;
    }
    const def = parseFile(at(name), files[name] as string, checklistFileSchema, problems);
    if (!def) continue;
    const expected = name.slice('checklists/'.length, -'.yaml'.length);
    if (def.code !== expected) problems.push({ file: at(name), path: 'code', message: `检查表编码「${def.code}」应与文件名「${expected}」一致` });
    else parsed.checklists.push({ file: at(name), def });
  }
  if (!manifest || problems.length > before) return undefined;
  return { manifest, ...parsed };
}

/** A rubric file (rubrics/<code>@<version>.yaml): its name must say its code and version. */
function readRubric(file: string, name: string, text: string, into: ParsedPack['rubrics'], problems: PackProblem[]) {
  const def = parseFile(file, text, rubricFileSchema, problems);
  if (!def) return;
  const expected = name.slice('rubrics/'.length, -'.yaml'.length);
  if (`${def.code}@${def.version}` !== expected) {
    problems.push({ file, path: 'code', message: `文件名应为「${def.code}@${def.version}.yaml」（编码@版本）` });
    return;
  }
  const inner = rubricProblems(def);
  for (const p of inner) problems.push({ file, path: p.path, message: p.message });
  if (!inner.length) into.push({ file, def });
}

type Keyed = { code: string };

/** Parent entries, replaced or added to by the child's, minus the retired codes. */
function overlay<T extends Keyed>(
  parent: WithOrigin<T>[],
  child: T[],
  retired: string[],
  origin: Origin,
  file: string,
  problems: PackProblem[],
): WithOrigin<T>[] {
  const seen = new Set<string>();
  child.forEach((c, i) => {
    if (seen.has(c.code)) problems.push({ file, path: `[${i}].code`, message: `编码「${c.code}」重复` });
    seen.add(c.code);
  });
  for (const r of retired) {
    if (!parent.some((p) => p.code === r)) problems.push({ file, path: 'retire', message: `要停用的「${r}」在上级政策包中不存在` });
  }
  const byCode = new Map(child.map((c) => [c.code, c]));
  const out: WithOrigin<T>[] = [];
  for (const p of parent) {
    if (retired.includes(p.code)) continue;
    const c = byCode.get(p.code);
    out.push(c ? { ...c, origin: { ...origin, overrides: `${p.origin.pack}@${p.origin.version}` } } : p);
  }
  for (const c of child) if (!parent.some((p) => p.code === c.code)) out.push({ ...c, origin });
  return out;
}

const emptyPack = (): Omit<ResolvedPack, 'id' | 'name' | 'version' | 'chain'> => {
  const none: Origin = { pack: '', version: '', file: '' };
  return {
    hazardCategories: [],
    hazardPlaces: [],
    deadlineDays: { general: 30, major: 90, origin: { general: none, major: none } },
    levels: [],
    departmentFunctions: [],
    calendar: { semesters: [], holidays: [], publicHolidays: [], workdays: [], makeUpDays: [], weekStartsOn: 1, origin: none },
    checklists: [],
    obligations: [],
    vocab: Object.fromEntries(vocabSections.map((k) => [k, []])) as unknown as ResolvedPack['vocab'],
    drillEvacuation: { targetSeconds: 120, lowRiseMaxFloors: 4, highRiseTargetSeconds: 180, origin: none },
    sanfang: [],
    surroundings: {
      zones: [],
      premiseTypes: [],
      cleanups: [],
      drowningSeason: null,
      schoolBus: null,
      keyPersonCategories: [],
      keyPersonFollowUpDays: { high: 7, medium: 30, low: 90, certainty: 'M', source: '平台假设' },
      keyPersonNearM: 1000,
      guardDuty: null,
    },
    cases: { types: [], incident: null },
    risk: defaultRiskPolicy(),
    campaigns: [],
    reports: [],
    rubrics: [],
  };
};

/** Applies one parsed pack on top of its resolved parent (or on nothing, for the base pack). */
function applyPack(base: ResolvedPack | undefined, p: ParsedPack, problems: PackProblem[]): ResolvedPack {
  const r = base ?? { id: '', name: '', version: '', chain: [], ...emptyPack() };
  const o = (file: string): Origin => ({ pack: p.manifest.id, version: p.manifest.version, file });
  const at = (name: string) => `${p.folder}/${name}`;
  const out: ResolvedPack = { ...r, id: p.manifest.id, name: p.manifest.name, version: p.manifest.version };
  out.chain = [...r.chain, { id: p.manifest.id, name: p.manifest.name, version: p.manifest.version, sources: p.manifest.sources }];
  if (p.hazards) {
    const f = at('hazards.yaml');
    out.hazardCategories = overlay(r.hazardCategories, p.hazards.categories, p.hazards.retireCategories, o('hazards.yaml'), f, problems);
    const places = r.hazardPlaces.filter((x) => !p.hazards?.retirePlaces.includes(x));
    out.hazardPlaces = [...places, ...p.hazards.places.filter((x) => !places.includes(x))];
    const d = p.hazards.deadlineDays;
    out.deadlineDays = {
      general: d.general ?? r.deadlineDays.general,
      major: d.major ?? r.deadlineDays.major,
      origin: { general: d.general ? o('hazards.yaml') : r.deadlineDays.origin.general, major: d.major ? o('hazards.yaml') : r.deadlineDays.origin.major },
    };
  }
  if (p.supervision) {
    const f = at('supervision.yaml');
    out.levels = overlay(r.levels, p.supervision.levels, p.supervision.retireLevels, o('supervision.yaml'), f, problems);
    out.departmentFunctions = overlay(
      r.departmentFunctions,
      p.supervision.departmentFunctions,
      p.supervision.retireDepartmentFunctions,
      o('supervision.yaml'),
      f,
      problems,
    );
  }
  if (p.calendar?.semesters || p.calendar?.holidays || p.calendar?.publicHolidays || p.calendar?.workdays) {
    out.calendar = {
      semesters: p.calendar.semesters ?? r.calendar.semesters,
      holidays: p.calendar.holidays ?? r.calendar.holidays,
      publicHolidays: p.calendar.publicHolidays ?? r.calendar.publicHolidays,
      workdays: p.calendar.workdays ? makeUpDaysOf(p.calendar.workdays).map((w) => w.date) : r.calendar.workdays,
      makeUpDays: p.calendar.workdays ? makeUpDaysOf(p.calendar.workdays) : r.calendar.makeUpDays,
      weekStartsOn: 1,
      origin: o('calendar.yaml'),
    };
  }
  if (p.obligations)
    out.obligations = overlay(r.obligations, p.obligations.obligations, p.obligations.retire, o('obligations.yaml'), at('obligations.yaml'), problems);
  if (p.vocabularies) {
    const v = p.vocabularies;
    const f = at('vocabularies.yaml');
    out.vocab = Object.fromEntries(
      vocabSections.map((k) => [k, overlay(r.vocab[k], v[k], v.retire[k] ?? [], o('vocabularies.yaml'), `${f} ${k}`, problems)]),
    ) as unknown as ResolvedPack['vocab'];
    const e = v.drillEvacuation;
    if (e.targetSeconds || e.lowRiseMaxFloors || e.highRiseTargetSeconds) {
      const d = r.drillEvacuation;
      out.drillEvacuation = {
        targetSeconds: e.targetSeconds ?? d.targetSeconds,
        lowRiseMaxFloors: e.lowRiseMaxFloors ?? d.lowRiseMaxFloors,
        highRiseTargetSeconds: e.highRiseTargetSeconds ?? d.highRiseTargetSeconds,
        origin: o('vocabularies.yaml'),
      };
    }
  }
  // 三防 standards: a district entry with the national code replaces it whole (its origin says so).
  if (p.sanfang) out.sanfang = overlay(r.sanfang, p.sanfang.rules, p.sanfang.retire, o('sanfang.yaml'), at('sanfang.yaml'), problems);
  if (p.surroundings) out.surroundings = applySurroundings(r.surroundings, p.surroundings, o('surroundings.yaml'), at('surroundings.yaml'), problems);
  if (p.cases) {
    out.cases = {
      types: overlay(r.cases.types, p.cases.types, p.cases.retire, o('cases.yaml'), at('cases.yaml'), problems),
      incident: p.cases.incident ? { ...p.cases.incident, origin: o('cases.yaml') } : r.cases.incident,
    };
  }
  if (p.risk) out.risk = applyRiskFile(r.risk, p.risk);
  if (p.campaigns) out.campaigns = overlay(r.campaigns, p.campaigns.campaigns, p.campaigns.retire, o('campaigns.yaml'), at('campaigns.yaml'), problems);
  if (p.reports) out.reports = overlay(r.reports, p.reports.types, p.reports.retire, o('reports.yaml'), at('reports.yaml'), problems);
  // Rubrics: a child's version of the same code and version replaces the parent's; other versions add.
  const ownRubrics = p.rubrics.map(({ file, def }) => ({ ...def, origin: o(file.slice(p.folder.length + 1)) }));
  const key = (x: { code: string; version: string }) => `${x.code}@${x.version}`;
  const own = new Set(ownRubrics.map(key));
  out.rubrics = [...r.rubrics.filter((x) => !own.has(key(x))), ...ownRubrics];
  out.checklists = overlay(
    r.checklists,
    p.checklists.map((c) => c.def),
    [],
    o('checklists'),
    at('checklists'),
    problems,
  ).map((c) => {
    const own = p.checklists.find((x) => x.def.code === c.code);
    return own ? { ...c, origin: { ...c.origin, file: own.file.slice(p.folder.length + 1) } } : c;
  });
  return out;
}

/** Surroundings: zones and kinds of premises overlay by code; clean-ups and the season replace whole. */
function applySurroundings(
  r: ResolvedPack['surroundings'],
  s: z.infer<typeof surroundingsFileSchema>,
  origin: Origin,
  file: string,
  problems: PackProblem[],
): ResolvedPack['surroundings'] {
  return {
    zones: overlay(r.zones, s.zones, s.retireZones, origin, `${file} zones`, problems),
    premiseTypes: overlay(r.premiseTypes, s.premiseTypes, s.retirePremiseTypes, origin, `${file} premiseTypes`, problems),
    cleanups: s.cleanups ?? r.cleanups,
    drowningSeason: s.drowningSeason ?? r.drowningSeason,
    schoolBus: s.schoolBus ?? r.schoolBus,
    keyPersonCategories: overlay(r.keyPersonCategories, s.keyPersonCategories, s.retireKeyPersonCategories, origin, `${file} keyPersonCategories`, problems),
    keyPersonFollowUpDays: s.keyPersonFollowUpDays ?? r.keyPersonFollowUpDays,
    keyPersonNearM: s.keyPersonNearM ?? r.keyPersonNearM,
    guardDuty: s.guardDuty ?? r.guardDuty,
  };
}

/** Cross-references that only make sense on the resolved pack: every code a rule names must exist. */
export function checkReferences(pack: ResolvedPack, folderOf: (packId: string) => string): PackProblem[] {
  const folder = folderOf(pack.id);
  const problems: PackProblem[] = [];
  const categories = new Set(pack.hazardCategories.map((c) => c.code));
  const levels = new Set(pack.levels.map((l) => l.code));
  const templates = new Set(pack.checklists.map((c) => c.code));
  if (!pack.hazardCategories.length) problems.push({ file: `${folder}/hazards.yaml`, path: 'categories', message: '至少要有一个隐患类别' });
  if (!pack.calendar.semesters.length) problems.push({ file: `${folder}/calendar.yaml`, path: 'semesters', message: '至少要有一个学期' });
  const zones = new Set(pack.surroundings.zones.map((z) => z.code));
  pack.surroundings.premiseTypes.forEach((t, i) => {
    if (t.forbiddenWithin && !zones.has(t.forbiddenWithin))
      problems.push({
        file: `${folder}/surroundings.yaml`,
        path: `premiseTypes[${i}].forbiddenWithin`,
        message: `区域「${t.forbiddenWithin}」未在 zones 中定义`,
      });
  });
  for (const c of pack.checklists) {
    const file = `${folderOf(c.origin.pack)}/${c.origin.file}`;
    const itemCodes = new Set<string>();
    c.items.forEach((item, i) => {
      if (itemCodes.has(item.code)) problems.push({ file, path: `items[${i}].code`, message: `检查项编码「${item.code}」重复` });
      itemCodes.add(item.code);
      if (!categories.has(item.category))
        problems.push({ file, path: `items[${i}].category`, message: `隐患类别「${item.category}」未在 hazards.yaml 中定义` });
    });
    c.levels.forEach((l, i) => {
      if (!levels.has(l)) problems.push({ file, path: `levels[${i}]`, message: `督查层级「${l}」未在 supervision.yaml 中定义` });
    });
  }
  // Paths name the entry by code: in a district pack its index in the resolved list is not its line in the file.
  for (const ob of pack.obligations) {
    const file = `${folderOf(ob.origin.pack)}/obligations.yaml`;
    const section = dutyKindVocab[ob.kind];
    const vocab = section ? new Set(pack.vocab[section].map((v) => v.code)) : ob.kind === 'inspection' ? templates : new Set<string>();
    ob.types.forEach((t, j) => {
      if (!vocab.has(t))
        problems.push({
          file,
          path: `obligations(${ob.code}).types[${j}]`,
          message: section
            ? `${vocabSectionLabels[section]}「${t}」未在 vocabularies.yaml 的 ${section} 中定义`
            : ob.kind === 'inspection'
              ? `检查表「${t}」不存在`
              : `${dutyKindLabels[ob.kind]}没有类型词表，不能指定 types`,
        });
    });
    const occasions = new Set(pack.vocab.educationOccasions.map((v) => v.code));
    ob.occasions.forEach((t, j) => {
      if (!occasions.has(t))
        problems.push({ file, path: `obligations(${ob.code}).occasions[${j}]`, message: `安全教育特殊时点「${t}」未在 vocabularies.yaml 中定义` });
    });
    if (ob.window?.anchor === 'holiday' && pack.calendar.holidays.length === 0)
      problems.push({ file, path: `obligations(${ob.code}).window.anchor`, message: '按假期计的时段需要在 calendar.yaml 中列出 holidays' });
    ob.templates.forEach((t, j) => {
      if (!templates.has(t)) problems.push({ file, path: `obligations(${ob.code}).templates[${j}]`, message: `检查表「${t}」不存在` });
    });
    ob.levels.forEach((l, j) => {
      if (!levels.has(l)) problems.push({ file, path: `obligations(${ob.code}).levels[${j}]`, message: `督查层级「${l}」未在 supervision.yaml 中定义` });
    });
  }
  for (const f of pack.departmentFunctions) {
    const file = `${folderOf(f.origin.pack)}/supervision.yaml`;
    f.categories.forEach((c, j) => {
      if (!categories.has(c)) problems.push({ file, path: `departmentFunctions(${f.code}).categories[${j}]`, message: `隐患类别「${c}」未定义` });
    });
    f.templates.forEach((t, j) => {
      if (!templates.has(t)) problems.push({ file, path: `departmentFunctions(${f.code}).templates[${j}]`, message: `检查表「${t}」不存在` });
    });
  }
  // 专项行动 templates: each phase duty's types must be checklists (inspections) or codes of the kind's vocabulary.
  pack.campaigns.forEach((t, i) => {
    t.phases.forEach((ph, j) => {
      ph.duties.forEach((d, k) => {
        const section = dutyKindVocab[d.kind];
        const known = d.kind === 'inspection' ? templates : section ? new Set(pack.vocab[section].map((v) => v.code)) : new Set<string>();
        for (const type of d.types) {
          if (!known.has(type))
            problems.push({
              file: `${folderOf(t.origin.pack)}/campaigns.yaml`,
              path: `campaigns[${i}].phases[${j}].duties[${k}].types`,
              message: `「${type}」不是${dutyKindLabels[d.kind]}的类型`,
            });
        }
      });
    });
  });
  return problems;
}

export type ResolvedPacks = { packs: Map<string, ResolvedPack>; byDistrictCode: Map<string, string> };

/**
 * Resolves every pack found (folder → files). Throws PolicyPackError listing every problem
 * of every pack, so a bad district pack is never half-used.
 */
export function resolvePacks(folders: Record<string, PackFiles>): ResolvedPacks {
  const problems: PackProblem[] = [];
  const parsed = new Map<string, ParsedPack>();
  const failedFolders: string[] = [];
  for (const [folder, files] of Object.entries(folders)) {
    const p = parsePackFolder(folder, files, problems);
    if (!p) {
      failedFolders.push(folder);
      continue;
    }
    const dup = parsed.get(p.manifest.id);
    if (dup) problems.push({ file: `${folder}/pack.yaml`, path: 'id', message: `政策包编号「${p.manifest.id}」与 ${dup.folder} 重复` });
    else parsed.set(p.manifest.id, p);
  }
  const resolved = new Map<string, ResolvedPack>();
  const resolving = new Set<string>();
  const resolve = (id: string): ResolvedPack | undefined => {
    const done = resolved.get(id);
    if (done) return done;
    const p = parsed.get(id);
    if (!p) return undefined;
    if (resolving.has(id)) {
      problems.push({ file: `${p.folder}/pack.yaml`, path: 'extends', message: '政策包继承关系成环' });
      return undefined;
    }
    resolving.add(id);
    let base: ResolvedPack | undefined;
    if (p.manifest.extends) {
      base = resolve(p.manifest.extends);
      if (!base) {
        if (!parsed.has(p.manifest.extends)) {
          // A parent whose own files failed to parse is not "missing": say so rather than mislead.
          const why = failedFolders.length ? `不存在或有错误（${failedFolders.join('、')} 未能读取）` : '不存在';
          problems.push({ file: `${p.folder}/pack.yaml`, path: 'extends', message: `继承的政策包「${p.manifest.extends}」${why}` });
        }
        return undefined;
      }
    }
    const r = applyPack(base, p, problems);
    problems.push(...checkReferences(r, (packId) => parsed.get(packId)?.folder ?? p.folder));
    resolved.set(id, r);
    return r;
  };
  for (const id of parsed.keys()) resolve(id);
  const districtOwners = new Map<string, string>();
  for (const p of parsed.values()) {
    for (const d of p.manifest.districts) {
      const other = districtOwners.get(d);
      if (other) problems.push({ file: `${p.folder}/pack.yaml`, path: 'districts', message: `区县「${d}」已由政策包「${other}」使用` });
      districtOwners.set(d, p.manifest.id);
    }
  }
  // A national problem is found again while resolving each district pack: report it once.
  const unique = [...new Map(problems.map((x) => [`${x.file}|${x.path}|${x.message}`, x])).values()];
  if (unique.length) throw new PolicyPackError(unique);
  return { packs: resolved, byDistrictCode: districtOwners };
}
