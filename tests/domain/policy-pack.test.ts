import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
// The server loads zod's Chinese messages before any schema runs (src/server/app.ts); the tests do the same.
import '../../src/domain/zod-locale.js';
import { type PackFiles, PolicyPackError, resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import type { PackProblem, ResolvedPack } from '../../src/domain/policy/pack-schema.js';
import { defaultPolicyDir, loadPolicyRegistry, readPackFolders } from '../../src/server/policy/policy.registry.js';

/** The problems resolvePacks reports for these folders; fails the test when it accepts them. */
function problemsOf(folders: Record<string, PackFiles>): PackProblem[] {
  try {
    resolvePacks(folders);
  } catch (e) {
    if (e instanceof PolicyPackError) return e.problems;
    throw e;
  }
  throw new Error('政策包应被拒绝，却通过了校验');
}

const byCode = <T extends { code: string }>(list: T[], code: string): T => {
  const found = list.find((x) => x.code === code);
  if (!found) throw new Error(`没有编码为 ${code} 的条目`);
  return found;
};

describe('the policy packs in policies/', () => {
  const { packs, byDistrictCode } = resolvePacks(readPackFolders(defaultPolicyDir));
  const pack = (id: string): ResolvedPack => {
    const p = packs.get(id);
    if (!p) throw new Error(`没有政策包 ${id}`);
    return p;
  };

  it('resolves the national pack with its ten checklist templates', () => {
    const national = pack('national');
    expect(national.chain.map((c) => `${c.id}@${c.version}`)).toEqual(['national@2026.1']);
    expect(national.checklists.map((c) => c.code).sort()).toEqual([
      'canteen',
      'daily_patrol',
      'dormitory',
      'fire_self_check',
      'laboratory',
      'monthly_sweep',
      'sanfang',
      'school_bus',
      'surroundings',
      'weekly_check',
    ]);
    for (const c of national.checklists) {
      expect(c.origin).toEqual({ pack: 'national', version: '2026.1', file: `checklists/${c.code}.yaml` });
      expect(c.source, c.code).not.toBe('');
      expect(c.items.length, c.code).toBeGreaterThanOrEqual(10);
    }
  });

  it('has exactly 28 items in the weekly check, modelled on the 28-item 周检月查 table', () => {
    const weekly = byCode(pack('national').checklists, 'weekly_check');
    expect(weekly.items).toHaveLength(28);
    expect(weekly.period).toBe('weekly');
    expect(weekly.levels).toEqual(['school_self']);
    expect(weekly.source).toContain('周检月查记录表');
    const texts = weekly.items.map((i) => i.text).join('\n');
    for (const topic of [
      '安全生产',
      '交通安全',
      '消防安全',
      '饮食安全',
      '网络安全',
      '防溺水',
      '防暴恐',
      '防欺凌',
      '防踩踏',
      '防伤害',
      '防性侵',
      '防自杀',
      '危房',
    ]) {
      expect(texts, topic).toContain(topic);
    }
  });

  it('keeps the cadences and levels of the templates the obligations use', () => {
    const national = pack('national');
    const template = (code: string) => byCode(national.checklists, code);
    expect([template('daily_patrol').period, template('monthly_sweep').period, template('fire_self_check').period]).toEqual(['daily', 'monthly', 'semester']);
    expect(template('monthly_sweep').levels).toEqual(['school_self', 'centre']);
    expect(template('fire_self_check').levels).toEqual(['school_self', 'department', 'joint']);
    expect(template('fire_self_check').report).toEqual({ withinDays: 5, signerRole: 'principal', label: '消防安全自查记录表上报' });
    expect(template('sanfang').levels).toEqual(['school_self', 'centre', 'inspector', 'police', 'joint', 'district']);
  });

  it('uses only known places, unique item codes, concrete guidance, and major only for clear 重大隐患', () => {
    const majors: string[] = [];
    for (const p of packs.values()) {
      const places = new Set(p.hazardPlaces);
      for (const c of p.checklists) {
        expect(new Set(c.items.map((i) => i.code)).size, c.code).toBe(c.items.length);
        for (const item of c.items) {
          if (item.place) expect(places.has(item.place), `${p.id} ${c.code} ${item.code} ${item.place}`).toBe(true);
          expect(item.guidance.length, `${c.code} ${item.code}`).toBeGreaterThan(20);
          if (p.id === 'national' && item.failLevel === 'major') majors.push(`${c.code}.${item.code}`);
        }
      }
    }
    expect(majors.sort()).toEqual([
      'daily_patrol.d05_exits_clear',
      'dormitory.r04_exits',
      'fire_self_check.f05_exits',
      'monthly_sweep.m04_dangerous_building',
      'sanfang.s01_guard_present',
      'school_bus.b01_permit',
      'weekly_check.w16_dangerous_building',
    ]);
  });

  it('gives the national deadlines and their origin', () => {
    const national = pack('national');
    expect([national.deadlineDays.general, national.deadlineDays.major]).toEqual([30, 90]);
    expect(national.deadlineDays.origin.general).toEqual({ pack: 'national', version: '2026.1', file: 'hazards.yaml' });
    expect(national.deadlineDays.origin.major).toEqual({ pack: 'national', version: '2026.1', file: 'hazards.yaml' });
  });

  it('applies the yunjiang overrides with their origins', () => {
    const yj = pack('yunjiang');
    expect(yj.chain.map((c) => `${c.id}@${c.version}`)).toEqual(['national@2026.1', 'yunjiang@2026.1']);
    expect(yj.chain[1]?.sources.join('\n')).toContain('《云江区学校安全风险防控工作实施方案》');

    // deadlines: both overridden, origin the district's hazards.yaml
    expect([yj.deadlineDays.general, yj.deadlineDays.major]).toEqual([15, 60]);
    expect(yj.deadlineDays.origin.general).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'hazards.yaml' });
    expect(yj.deadlineDays.origin.major).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'hazards.yaml' });

    // categories and places: national ones kept, one of each added
    expect(yj.hazardCategories).toHaveLength(pack('national').hazardCategories.length + 1);
    expect(byCode(yj.hazardCategories, 'flood_geology').origin).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'hazards.yaml' });
    expect(byCode(yj.hazardCategories, 'fire').origin.pack).toBe('national');
    expect(yj.hazardPlaces).toEqual([...pack('national').hazardPlaces, '地下车库']);

    // one level relabelled
    const inspector = byCode(yj.levels, 'inspector');
    expect(inspector.label).toBe('责任督学包校督查');
    expect(inspector.origin).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'supervision.yaml', overrides: 'national@2026.1' });
    expect(byCode(yj.levels, 'centre').origin).toEqual({ pack: 'national', version: '2026.1', file: 'supervision.yaml' });

    // obligations: one replaced, two added, the rest inherited
    const semester = byCode(yj.obligations, 'semester_supervision');
    expect(semester.count).toBe(2);
    expect(semester.source).toContain('云江区');
    expect(semester.origin).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'obligations.yaml', overrides: 'national@2026.1' });
    const visit = byCode(yj.obligations, 'inspector_monthly_visit');
    expect([visit.levels, visit.period, visit.count]).toEqual([['inspector'], 'monthly', 1]);
    expect(visit.origin).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'obligations.yaml' });
    const centre = byCode(yj.obligations, 'centre_monthly_check');
    expect([centre.levels, centre.period]).toEqual([['centre'], 'monthly']);
    expect(centre.origin.overrides).toBeUndefined();
    expect(byCode(yj.obligations, 'weekly_self_check').origin.pack).toBe('national');
    // 2 inspection duties, 3 more school duties (全员演练, 消防教育课时, 消防培训), 7 duties of seed 003 (6 by department, the surroundings campaign district-wide) and 2 school-bus duties of seed 004 added
    expect(yj.obligations).toHaveLength(pack('national').obligations.length + 14);

    // the sanfang template replaced as a whole; the others inherited
    const sanfang = byCode(yj.checklists, 'sanfang');
    expect(sanfang.origin).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'checklists/sanfang.yaml', overrides: 'national@2026.1' });
    expect(byCode(sanfang.items, 's09_perimeter_wall').text).toContain('2.5 米');
    expect(byCode(byCode(pack('national').checklists, 'sanfang').items, 's09_perimeter_wall').text).toContain('不低于 2 米');
    expect(sanfang.items.map((i) => i.code)).toEqual(byCode(pack('national').checklists, 'sanfang').items.map((i) => i.code));
    expect(byCode(yj.checklists, 'weekly_check').origin).toEqual({ pack: 'national', version: '2026.1', file: 'checklists/weekly_check.yaml' });
    expect(yj.checklists).toHaveLength(10);
  });

  it('maps YJ to yunjiang and any other district to the national pack', () => {
    expect(byDistrictCode.get('YJ')).toBe('yunjiang');
    const registry = loadPolicyRegistry();
    expect(registry.forDistrictCode('YJ').id).toBe('yunjiang');
    expect(registry.forDistrictCode('XX-unknown').id).toBe('national');
    expect(registry.forDistrictCode('').id).toBe('national');
  });
});

// ---- broken packs, as in-memory file maps ----

const item = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  text: `检查项 ${code}`,
  category: 'fire',
  guidance: '查看现场，发现问题判为不合格。',
  ...extra,
});
const checklist = (code: string, items: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  stringify({ code, name: `检查表 ${code}`, levels: ['school_self'], items, ...extra });

/** A small but complete base pack; each test breaks one thing. */
const base = (): PackFiles => ({
  'pack.yaml': stringify({ id: 'national', name: '测试基础包', version: '2026.1' }),
  'hazards.yaml': stringify({
    categories: [
      { code: 'fire', label: '消防' },
      { code: 'food', label: '食品' },
    ],
    places: ['校门', '食堂'],
  }),
  'supervision.yaml': stringify({
    levels: [
      { code: 'school_self', label: '学校自查', roles: ['principal'], supervising: false },
      { code: 'centre', label: '教管中心排查', roles: ['centre_officer'], supervising: true },
    ],
  }),
  'calendar.yaml': stringify({
    semesters: [
      { code: 'autumn', label: '秋季学期', start: '09-01', end: '01-31' },
      { code: 'spring', label: '春季学期', start: '02-01', end: '08-31' },
    ],
  }),
  'obligations.yaml': stringify({
    obligations: [{ code: 'weekly_self_check', label: '周检查', levels: ['school_self'], templates: ['weekly_check'], period: 'weekly' }],
  }),
  'checklists/weekly_check.yaml': checklist('weekly_check', [item('w01'), item('w02'), item('w03', { category: 'food' }), item('w04')]),
});
const district = (id: string, extra: Record<string, unknown> = {}, files: PackFiles = {}): PackFiles => ({
  'pack.yaml': stringify({ id, name: `${id} 政策包`, version: '2026.1', extends: 'national', districts: [id.toUpperCase()], ...extra }),
  ...files,
});

describe('broken policy packs', () => {
  it('accepts the unbroken base and a district extending it (control)', () => {
    const { packs, byDistrictCode } = resolvePacks({ national: base(), 'districts/aa': district('aa') });
    expect(packs.get('aa')?.checklists.map((c) => c.code)).toEqual(['weekly_check']);
    expect(byDistrictCode.get('AA')).toBe('aa');
  });

  it('reports a YAML syntax error with its line and column', () => {
    const bad = district('aa', {}, { 'hazards.yaml': 'places: [地下车库]\ndeadlineDays:\n  general: 15\n  major: @60\n' });
    const problems = problemsOf({ national: base(), 'districts/aa': bad });
    expect(problems).toEqual([{ file: 'districts/aa/hazards.yaml', path: '第 4 行第 10 列', message: expect.stringMatching(/^YAML 格式错误/) }]);
  });

  it('reports an unknown key (strict objects)', () => {
    const bad = district('aa', {}, { 'hazards.yaml': stringify({ deadlineDays: { general: 15, minor: 7 } }) });
    const problems = problemsOf({ national: base(), 'districts/aa': bad });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'districts/aa/hazards.yaml', path: 'deadlineDays' });
    expect(problems[0]?.message).toContain('minor');
    expect(problems[0]?.message).toContain('未知的键');
  });

  it('reports a wrong value at a nested path', () => {
    const files = base();
    files['checklists/weekly_check.yaml'] = checklist('weekly_check', [
      item('w01'),
      item('w02', { photoRequiredOnFail: 'yes' }),
      item('w03'),
      item('w04', { failLevel: 'severe' }),
    ]);
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/checklists/weekly_check.yaml', path: 'items[1].photoRequiredOnFail', message: '应为 true 或 false' },
      { file: 'national/checklists/weekly_check.yaml', path: 'items[3].failLevel', message: '应为 general（一般）或 major（重大）' },
    ]);
  });

  it('reports an item category that hazards.yaml does not define', () => {
    const files = base();
    files['checklists/weekly_check.yaml'] = checklist('weekly_check', [item('w01'), item('w02', { category: 'weather' })]);
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/checklists/weekly_check.yaml', path: 'items[1].category', message: '隐患类别「weather」未在 hazards.yaml 中定义' },
    ]);
  });

  it('reports an obligation naming a template that does not exist', () => {
    const files = base();
    files['obligations.yaml'] = stringify({
      obligations: [
        { code: 'weekly_self_check', label: '周检查', levels: ['school_self'], templates: ['weekly_check'], period: 'weekly' },
        { code: 'monthly_sweep', label: '月排查', levels: ['school_self'], templates: ['weekly_check', 'monthly_sweep'], period: 'monthly' },
      ],
    });
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/obligations.yaml', path: 'obligations(monthly_sweep).templates[1]', message: '检查表「monthly_sweep」不存在' },
    ]);
  });

  it('reports a dueOn that is not a known value, or school days on a duty that is not daily', () => {
    const files = base();
    files['obligations.yaml'] = stringify({
      obligations: [
        { code: 'weekly_self_check', label: '周检查', levels: ['school_self'], templates: ['weekly_check'], period: 'weekly', dueOn: 'school_days' },
        { code: 'daily_check', label: '日巡查', levels: ['school_self'], templates: ['weekly_check'], period: 'daily', dueOn: 'weekdays' },
      ],
    });
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/obligations.yaml', path: 'obligations[0].dueOn', message: '只有按日（daily）计的义务才能只在上学日计' },
      { file: 'national/obligations.yaml', path: 'obligations[1].dueOn', message: '应为 every_day（每天）或 school_days（仅上学日）' },
    ]);
    // The control: the same daily duty on school days is accepted.
    files['obligations.yaml'] = stringify({
      obligations: [{ code: 'daily_check', label: '日巡查', levels: ['school_self'], templates: ['weekly_check'], period: 'daily', dueOn: 'school_days' }],
    });
    expect(resolvePacks({ national: files }).packs.get('national')?.obligations[0]?.dueOn).toBe('school_days');
  });

  it('reports duplicate item codes', () => {
    const files = base();
    files['checklists/weekly_check.yaml'] = checklist('weekly_check', [item('w01'), item('w02'), item('w01')]);
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/checklists/weekly_check.yaml', path: 'items[2].code', message: '检查项编码「w01」重复' },
    ]);
  });

  it('reports a checklist whose file name is not its code', () => {
    const files = base();
    files['checklists/weekly_check.yaml'] = checklist('weekly', [item('w01')]);
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/checklists/weekly_check.yaml', path: 'code', message: '检查表编码「weekly」应与文件名「weekly_check」一致' },
    ]);
  });

  it('reports extends to a pack that does not exist', () => {
    expect(problemsOf({ national: base(), 'districts/aa': district('aa', { extends: 'chongqing' }) })).toEqual([
      { file: 'districts/aa/pack.yaml', path: 'extends', message: '继承的政策包「chongqing」不存在' },
    ]);
  });

  it('reports an extends cycle', () => {
    const problems = problemsOf({
      national: base(),
      'districts/aa': district('aa', { extends: 'bb' }),
      'districts/bb': district('bb', { extends: 'aa' }),
    });
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'districts/aa/pack.yaml', path: 'extends', message: '政策包继承关系成环' },
        { file: 'districts/bb/pack.yaml', path: 'extends', message: '政策包继承关系成环' },
      ]),
    );
  });

  it('reports two packs claiming the same district', () => {
    const problems = problemsOf({
      national: base(),
      'districts/aa': district('aa', { districts: ['YJ'] }),
      'districts/bb': district('bb', { districts: ['YJ', 'BB'] }),
    });
    expect(problems).toEqual([{ file: 'districts/bb/pack.yaml', path: 'districts', message: '区县「YJ」已由政策包「aa」使用' }]);
  });

  it('reports a file it does not know', () => {
    const files = { ...base(), 'checklist/weekly_check.yaml': checklist('weekly_check', [item('w01')]), 'notes.txt': '备忘' };
    const problems = problemsOf({ national: files });
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      ['national/checklist/weekly_check.yaml', ''],
      ['national/notes.txt', ''],
    ]);
    for (const p of problems) expect(p.message).toMatch(/^无法识别的文件/);
  });

  it('lists every problem of every pack at once, never a half-applied pack', () => {
    const files = base();
    files['checklists/weekly_check.yaml'] = checklist('weekly_check', [item('w01'), item('w01')]);
    try {
      resolvePacks({ national: files, 'districts/aa': district('aa', { extends: 'nowhere' }) });
      expect.unreachable('应被拒绝');
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyPackError);
      const err = e as PolicyPackError;
      expect(err.problems.map((p) => p.file)).toEqual(['national/checklists/weekly_check.yaml', 'districts/aa/pack.yaml']);
      expect(err.message).toContain('政策包有 2 处错误');
      expect(err.message).toContain('national/checklists/weekly_check.yaml items[1].code：检查项编码「w01」重复');
    }
  });

  it('stops the server start on a bad pack folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-pack-'));
    try {
      for (const [name, text] of Object.entries({
        ...base(),
        'checklists/weekly_check.yaml': checklist('weekly_check', [item('w01', { category: 'weather' })]),
      })) {
        fs.mkdirSync(path.dirname(path.join(dir, 'national', name)), { recursive: true });
        fs.writeFileSync(path.join(dir, 'national', name), text);
      }
      expect(() => loadPolicyRegistry(dir)).toThrow(PolicyPackError);
      expect(() => loadPolicyRegistry(dir)).toThrow(/items\[0\]\.category：隐患类别「weather」未在 hazards\.yaml 中定义/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('obligations of every kind (policy pack v2)', () => {
  const withVocab = (obligations: Record<string, unknown>[], calendar?: Record<string, unknown>): PackFiles => {
    const files = base();
    files['vocabularies.yaml'] = stringify({
      drillTypes: [{ code: 'fire', label: '消防疏散演练' }],
      educationTopics: [{ code: 'fire', label: '消防安全' }],
      educationOccasions: [{ code: 'first_lesson', label: '开学第一课' }],
    });
    files['obligations.yaml'] = stringify({ obligations });
    if (calendar) files['calendar.yaml'] = stringify(calendar);
    return files;
  };
  const ob = (extra: Record<string, unknown>) => ({ code: 'x', label: '义务', period: 'monthly', ...extra });

  it('reads a v1 obligation as an inspection duty counted in records (control)', () => {
    const { packs } = resolvePacks({ national: base() });
    const o = byCode(packs.get('national')?.obligations ?? [], 'weekly_self_check');
    expect([o.kind, o.countBy, o.per, o.types, o.subject]).toEqual(['inspection', 'records', 'school', [], 'school']);
  });

  it('accepts drills, class hours per class, a share, a dated window and a department duty', () => {
    const files = withVocab([
      ob({ code: 'drill_q', kind: 'drill', types: ['fire'], period: 'quarterly', minShare: 0.9, appliesTo: { schoolTypes: ['kindergarten'] } }),
      ob({ code: 'edu_m', kind: 'education', countBy: 'hours', per: 'class', count: 2 }),
      ob({ code: 'first', kind: 'education', occasions: ['first_lesson'], period: 'window', window: { anchor: 'semester_start', when: 'after', days: 7 } }),
      ob({ code: 'dept', kind: 'education', types: ['fire'], period: 'semester', countBy: 'schools', subject: 'department', departmentType: 'fire_emergency' }),
    ]);
    const obs = resolvePacks({ national: files }).packs.get('national')?.obligations ?? [];
    expect(obs.map((o) => o.code)).toEqual(['drill_q', 'edu_m', 'first', 'dept']);
    expect(byCode(obs, 'first').window).toEqual({ anchor: 'semester_start', when: 'after', days: 7 });
    expect(byCode(obs, 'first').origin.file).toBe('obligations.yaml');
  });

  it('rejects a type code missing from the vocabulary of its kind, with file, path and message', () => {
    const files = withVocab([ob({ kind: 'drill', types: ['fire', 'earthquake'] }), ob({ code: 'y', kind: 'education', occasions: ['safety_day'] })]);
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/obligations.yaml', path: 'obligations(x).types[1]', message: '演练类型「earthquake」未在 vocabularies.yaml 的 drillTypes 中定义' },
      { file: 'national/obligations.yaml', path: 'obligations(y).occasions[0]', message: '安全教育特殊时点「safety_day」未在 vocabularies.yaml 中定义' },
    ]);
  });

  it('rejects broken count rules at their path', () => {
    const files = withVocab([
      ob({ kind: 'drill', levels: ['school_self'] }),
      ob({ code: 'b', kind: 'drill', countBy: 'hours', count: 0.5 }),
      ob({ code: 'c', kind: 'education', period: 'window' }),
      ob({ code: 'd', kind: 'drill', subject: 'department' }),
      ob({ code: 'f', kind: 'drill', subject: 'department', departmentType: 'governance' }),
      ob({ code: 'e', levels: [] }),
    ]);
    const problems = problemsOf({ national: files });
    expect(problems).toEqual([
      { file: 'national/obligations.yaml', path: 'obligations[0].levels', message: '只有检查类义务按督查层级计数' },
      { file: 'national/obligations.yaml', path: 'obligations[1].countBy', message: '只有安全教育和培训按课时计数' },
      { file: 'national/obligations.yaml', path: 'obligations[2].window', message: '周期为 window 时要写明时段（anchor、when、days）' },
      { file: 'national/obligations.yaml', path: 'obligations[3].departmentType', message: '部门义务要写明部门类型' },
      { file: 'national/obligations.yaml', path: 'obligations[4].departmentType', message: expect.stringMatching(/^部门类型应为 police_station、/) },
      { file: 'national/obligations.yaml', path: 'obligations[5].levels', message: '至少一个督查层级' },
    ]);
  });

  it('rejects a holiday window when calendar.yaml lists no holidays, and a bad holiday date', () => {
    const sem = { semesters: [{ code: 'autumn', label: '秋季学期', start: '09-01', end: '08-31' }] };
    const files = withVocab([ob({ kind: 'education', period: 'window', window: { anchor: 'holiday', when: 'before', days: 7 } })], sem);
    expect(problemsOf({ national: files })).toEqual([
      { file: 'national/obligations.yaml', path: 'obligations(x).window.anchor', message: '按假期计的时段需要在 calendar.yaml 中列出 holidays' },
    ]);
    const bad = withVocab([], { ...sem, holidays: [{ name: '国庆节', start: '10-01' }] });
    expect(problemsOf({ national: bad })).toEqual([{ file: 'national/calendar.yaml', path: 'holidays[0].start', message: '应为 YYYY-MM-DD，例如 2026-10-01' }]);
  });

  it('reads 调休上班日 (a date, or a date with the weekday it follows) and lets a district replace them', () => {
    const sem = { semesters: [{ code: 'autumn', label: '秋季学期', start: '09-01', end: '08-31' }] };
    const national = withVocab([], { ...sem, workdays: ['2026-09-20', { date: '2026-10-10', asWeekday: 3, name: '国庆调休' }] });
    const aa = district('aa', {}, { 'calendar.yaml': stringify({ workdays: [{ date: '2026-10-10', asWeekday: 5 }] }) });
    const { packs } = resolvePacks({ national, 'districts/aa': aa });
    expect(packs.get('national')?.calendar.makeUpDays).toEqual([
      { date: '2026-09-20', asWeekday: 1, name: '调休上班' },
      { date: '2026-10-10', asWeekday: 3, name: '国庆调休' },
    ]);
    expect(packs.get('national')?.calendar.workdays).toEqual(['2026-09-20', '2026-10-10']);
    // The district's list replaces the national one (and the cases' working days with it); the semesters stay.
    expect(packs.get('aa')?.calendar.makeUpDays).toEqual([{ date: '2026-10-10', asWeekday: 5, name: '调休上班' }]);
    expect(packs.get('aa')?.calendar.workdays).toEqual(['2026-10-10']);
    expect(packs.get('aa')?.calendar.semesters).toHaveLength(1);
    expect(packs.get('aa')?.calendar.origin.file).toBe('calendar.yaml');
  });

  it('rejects a date that does not exist, a bad weekday and a holiday ending before it starts, with file, path and message', () => {
    const sem = { semesters: [{ code: 'autumn', label: '秋季学期', start: '09-01', end: '08-31' }] };
    const bad = (calendar: Record<string, unknown>) =>
      problemsOf({ national: base(), 'districts/aa': district('aa', {}, { 'calendar.yaml': stringify({ ...sem, ...calendar }) }) });
    expect(bad({ workdays: ['2026-02-30'] })).toEqual([
      { file: 'districts/aa/calendar.yaml', path: 'workdays[0]', message: '不是有效的日期（该月没有这一天）' },
    ]);
    expect(bad({ workdays: ['2026-13-01'] })).toEqual([
      { file: 'districts/aa/calendar.yaml', path: 'workdays[0]', message: '应为 YYYY-MM-DD，例如 2026-10-10' },
    ]);
    expect(bad({ workdays: [{ date: '2026-10-10', asWeekday: 8 }] })).toEqual([
      { file: 'districts/aa/calendar.yaml', path: 'workdays[0].asWeekday', message: '应为 1–7（周一至周日）' },
    ]);
    expect(bad({ publicHolidays: [{ name: '国庆节', start: '2026-10-07', end: '2026-10-01' }] })).toEqual([
      { file: 'districts/aa/calendar.yaml', path: 'publicHolidays[0].end', message: '结束日期不能早于开始日期' },
    ]);
    expect(bad({ holidays: [{ name: '寒假', start: '2027-02-29' }] })).toEqual([
      { file: 'districts/aa/calendar.yaml', path: 'holidays[0].start', message: '不是有效的日期（该月没有这一天）' },
    ]);
  });

  it('lets a district override the number of a national duty by code, keeping where it comes from', () => {
    const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
    const national = byCode(packs.get('national')?.obligations ?? [], 'safety_education_weekly');
    const yj = byCode(packs.get('yunjiang')?.obligations ?? [], 'safety_education_weekly');
    expect([national.period, national.count, national.per]).toEqual(['weekly', 0.5, 'school']);
    expect([yj.period, yj.count, yj.per]).toEqual(['monthly', 2, 'class']);
    expect(yj.origin).toEqual({ pack: 'yunjiang', version: '2026.1', file: 'obligations.yaml', overrides: 'national@2026.1' });
    const kinds = new Set(packs.get('yunjiang')?.obligations.map((o) => o.kind));
    expect([...kinds].sort()).toEqual([
      'alarm_drill',
      'bus_check',
      'bus_study',
      'document',
      'drill',
      'education',
      'inspection',
      'letter',
      'patrol',
      'risk_review',
      'roster',
      'screening',
      'training',
    ]);
    expect(packs.get('yunjiang')?.obligations.filter((o) => o.subject === 'department').length).toBe(7); // six department duties and the communities' monthly screening (migration 0037)
  });
});
