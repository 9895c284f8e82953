import { describe, expect, it } from 'vitest';
import '../../src/domain/zod-locale.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import type { ResolvedPack, SanfangRule, WithOrigin } from '../../src/domain/policy/pack-schema.js';
import {
  ageOn,
  type DeviceFact,
  evaluateRule,
  evaluateSchool,
  guardGapSentence,
  nationalRateStatus,
  type PersonFact,
  requiredGuards,
  rollUp,
  type SchoolFacts,
} from '../../src/domain/sanfang.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

const { packs } = resolvePacks(readPackFolders(defaultPolicyDir));
const national = packs.get('national') as ResolvedPack;
const yunjiang = packs.get('yunjiang') as ResolvedPack;
const rule = <C extends SanfangRule['code']>(p: ResolvedPack, code: C) =>
  p.sanfang.find((r) => r.code === code) as WithOrigin<Extract<SanfangRule, { code: C }>>;
const today = '2026-12-06';

const guard = (over: Partial<PersonFact> = {}): PersonFact => ({
  role: 'guard',
  active: true,
  birthDate: '1980-01-01',
  certificateNo: 'BA123',
  certificateExpiry: '2030-01-01',
  trained: true,
  ...over,
});
const device = (over: Partial<DeviceFact>): DeviceFact => ({
  kind: 'camera',
  place: null,
  retentionDays: null,
  networked: false,
  linked110: false,
  mainGate: false,
  antiRam: null,
  item: null,
  quantity: 1,
  working: true,
  ...over,
});
const site = { perimeterType: 'wall', wallHeightM: 2.2, antiClimb: true, closedManagement: true, location: 'urban' } as const;
const school = (over: Partial<SchoolFacts> = {}): SchoolFacts => ({
  schoolType: 'primary',
  ownership: 'public',
  enrollment: 500,
  boardingStudents: 0,
  gateCount: 1,
  site: { ...site },
  persons: [],
  devices: [],
  ...over,
});

describe('HF-01 guard count at every band boundary (national pack)', () => {
  const r = rule(national, 'guard_count');
  it.each([
    [0, 1],
    [99, 1],
    [100, 2],
    [999, 2],
    [1000, 3],
    [1499, 3],
    [1500, 4],
    [1999, 4],
    [2000, 5],
  ])('%i non-boarding students need %i guards', (n, expected) => {
    expect(requiredGuards(r, { enrollment: n, boardingStudents: 0, gateCount: 1 })).toBe(expected);
  });
  it('counts non-boarding students only (national: no boarding addition)', () => {
    expect(requiredGuards(r, { enrollment: 1100, boardingStudents: 200, gateCount: 1 })).toBe(2);
  });
});

describe('the yunjiang additions for boarding and several gates', () => {
  const r = rule(yunjiang, 'guard_count');
  it('is the district rule, overriding the national one', () => {
    expect(r.origin).toMatchObject({ pack: 'yunjiang', file: 'sanfang.yaml', overrides: expect.stringMatching(/^national@/) });
  });
  it('a boarding school needs at least 3, plus one per full 300 boarders', () => {
    expect(requiredGuards(r, { enrollment: 400, boardingStudents: 1, gateCount: 1 })).toBe(3);
    expect(requiredGuards(r, { enrollment: 400, boardingStudents: 299, gateCount: 1 })).toBe(3);
    expect(requiredGuards(r, { enrollment: 400, boardingStudents: 300, gateCount: 1 })).toBe(4);
    expect(requiredGuards(r, { enrollment: 400, boardingStudents: 0, gateCount: 1 })).toBe(2);
  });
  it('adds one per gate beyond the first', () => {
    expect(requiredGuards(r, { enrollment: 99, boardingStudents: 0, gateCount: 3 })).toBe(3);
    expect(requiredGuards(r, { enrollment: 1500, boardingStudents: 0, gateCount: 2 })).toBe(5);
  });
});

describe('the wall: 2 m nationally, 2.5 m in yunjiang, on the same 2.2 m wall', () => {
  const s = school();
  it('meets the national 2 m', () => {
    const res = evaluateRule(rule(national, 'wall_height'), s, today);
    expect(res).toMatchObject({ required: 2, actual: 2.2, gap: 0, met: true });
    expect(res.origin.pack).toBe('national');
  });
  it('fails the yunjiang 2.5 m by 0.3 m, with the district origin', () => {
    const res = evaluateRule(rule(yunjiang, 'wall_height'), s, today);
    expect(res).toMatchObject({ required: 2.5, actual: 2.2, gap: 0.3, met: false });
    expect(res.origin.pack).toBe('yunjiang');
  });
  it('a wall without anti-climb measures fails even when high enough', () => {
    const res = evaluateRule(rule(national, 'wall_height'), school({ site: { ...site, antiClimb: false } }), today);
    expect(res.met).toBe(false);
  });
});

describe('other standards', () => {
  it('video retention 30 (national) vs 90 days (yunjiang)', () => {
    const s = school({ devices: [device({ kind: 'recorder', retentionDays: 30 })] });
    expect(evaluateRule(rule(national, 'video_retention'), s, today).met).toBe(true);
    expect(evaluateRule(rule(yunjiang, 'video_retention'), s, today)).toMatchObject({ met: false, gap: 60 });
  });
  it('guard age and certificate are counted per guard', () => {
    const s = school({ persons: [guard(), guard({ birthDate: '1960-01-01' }), guard({ certificateExpiry: '2026-01-01' })] });
    expect(ageOn('1960-12-07', today)).toBe(65);
    expect(ageOn('1960-12-06', today)).toBe(66);
    expect(evaluateRule(rule(yunjiang, 'guard_age'), s, today)).toMatchObject({ gap: 1, met: false });
    expect(evaluateRule(rule(national, 'guard_certificate'), s, today)).toMatchObject({ gap: 1, met: false });
  });
  it('dormitory managers do not apply to a day school; boarding needs 1 per 150', () => {
    expect(evaluateRule(rule(yunjiang, 'dorm_managers'), school(), today)).toMatchObject({ applies: false, met: true });
    const b = school({ boardingStudents: 301, persons: [{ ...guard(), role: 'dorm_manager' }] });
    expect(evaluateRule(rule(yunjiang, 'dorm_managers'), b, today)).toMatchObject({ required: 3, actual: 1, gap: 2, met: false });
  });
  it('anti-ram applies to urban schools, not to ordinary rural ones', () => {
    const rural = school({ site: { ...site, location: 'rural' } });
    expect(evaluateRule(rule(national, 'anti_ram'), rural, today)).toMatchObject({ applies: false, met: true });
    expect(evaluateRule(rule(national, 'anti_ram'), school(), today)).toMatchObject({ applies: true, met: false });
    expect(nationalRateStatus('anti_ram', rural)).toBeNull();
  });
  it('camera places list what is missing', () => {
    const s = school({ devices: [device({ place: 'gate_outside' }), device({ place: 'main_entrance' })] });
    const res = evaluateRule(rule(national, 'camera_places'), s, today);
    expect(res).toMatchObject({ required: 6, actual: 2, gap: 4, met: false });
    expect(res.detail).toContain('门卫室');
  });
  it('the gatehouse alarm must be linked to 110 and the police platform', () => {
    const s = (linked: boolean) => school({ devices: [device({ kind: 'alarm', place: 'gatehouse', linked110: linked, networked: true })] });
    expect(evaluateRule(rule(national, 'gate_alarm'), s(false), today).met).toBe(false);
    expect(evaluateRule(rule(national, 'gate_alarm'), s(true), today).met).toBe(true);
  });
});

describe('roll-up', () => {
  const r = [rule(national, 'guard_count')];
  it('sums shortfalls per school and never nets a surplus against a shortage', () => {
    // A: 1200 students → 3 required, has 6 (surplus 3). B: 1200 → 3, has 0 (short 3).
    const a = { schoolId: 'a', results: evaluateSchool(r, school({ enrollment: 1200, persons: Array.from({ length: 6 }, () => guard()) }), today) };
    const b = { schoolId: 'b', results: evaluateSchool(r, school({ enrollment: 1200 }), today) };
    const total = rollUp([a, b]);
    expect(total).toMatchObject({ guardsRequired: 6, guardsOnPost: 6, guardsShort: 3, schoolsShort: 1 });
    expect(guardGapSentence(total)).toBe('按目前规模应配保安6名，现有6名，缺3名');
    expect(total.rules[0]).toMatchObject({ applicable: 2, met: 1 });
  });
  it('inactive guards are not on post', () => {
    const s = evaluateSchool(r, school({ enrollment: 50, persons: [guard({ active: false })] }), today);
    expect(rollUp([{ schoolId: 'x', results: s }])).toMatchObject({ guardsRequired: 1, guardsOnPost: 0, guardsShort: 1 });
  });
});
