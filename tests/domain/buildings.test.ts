import { describe, expect, it } from 'vitest';
import {
  addMonths,
  appraisalDueOn,
  appraisalOverdue,
  assessmentOverdue,
  type BuildingFact,
  type FireFacilityFact,
  isDangerous,
  maintenanceProblem,
  pastDesignLife,
} from '../../src/domain/buildings.js';
import { gateLogWindow, retentionStart } from '../../src/domain/gate-log.js';
import type { SanfangRule, WithOrigin } from '../../src/domain/policy/pack-schema.js';
import { evaluateRule, type SchoolFacts } from '../../src/domain/sanfang.js';

const rule = { compliantYears: 5, otherYears: 1 };
const building = (over: Partial<BuildingFact> = {}): BuildingFact => ({
  name: '教学楼',
  active: true,
  yearBuilt: 2010,
  seismicCompliant: true,
  designLifeYears: 50,
  grade: 'A',
  appraisedOn: '2022-03-01',
  ...over,
});
const facility = (over: Partial<FireFacilityFact> = {}): FireFacilityFact => ({
  kind: 'extinguisher',
  location: '一楼',
  serviceCompany: '消防维保公司',
  lastMaintainedOn: '2026-01-15',
  nextMaintenanceOn: null,
  working: true,
  ...over,
});
const origin = { pack: 'national', version: '2026.1', file: 'sanfang.yaml' };
const facts = (over: Partial<SchoolFacts> = {}): SchoolFacts => ({
  schoolType: 'primary',
  ownership: 'public',
  enrollment: 500,
  boardingStudents: 0,
  gateCount: 1,
  site: null,
  persons: [],
  devices: [],
  ...over,
});
const r = <T extends SanfangRule>(x: T): WithOrigin<SanfangRule> => ({ ...x, origin }) as WithOrigin<SanfangRule>;
const base = { label: 'x', description: '', source: '' };

describe('building appraisal (RULES.md §6)', () => {
  it('is due 5 years on for a building at the seismic standard within its design life, else yearly', () => {
    expect(appraisalDueOn(building(), '2026-12-06', rule)).toBe('2027-03-01');
    expect(appraisalDueOn(building({ seismicCompliant: false }), '2026-12-06', rule)).toBe('2023-03-01');
    // built 1970 + 50 = 2020 < 2026: past its design life, yearly even at the standard
    expect(pastDesignLife(building({ yearBuilt: 1970 }), '2026-12-06')).toBe(true);
    expect(pastDesignLife(building({ yearBuilt: 1976 }), '2026-12-06')).toBe(false); // 2026: still within
    expect(appraisalDueOn(building({ yearBuilt: 1970 }), '2026-12-06', rule)).toBe('2023-03-01');
  });
  it('is overdue from the day after its due day; never appraised is overdue', () => {
    const b = building({ appraisedOn: '2021-12-06' });
    expect(appraisalOverdue(b, '2026-12-06', rule)).toBe(false); // due today
    expect(appraisalOverdue(b, '2026-12-07', rule)).toBe(true);
    expect(appraisalOverdue(building({ appraisedOn: null, grade: null }), '2026-12-06', rule)).toBe(true);
  });
  it('a leap day appraisal falls due on the 28th of February', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  });
  it('counts overdue buildings as the gap, with the due day in words', () => {
    const res = evaluateRule(
      r({ code: 'building_appraisal', ...base, compliantYears: 5, otherYears: 1 }),
      facts({ buildings: [building(), building({ name: '宿舍楼', seismicCompliant: false }), building({ name: '旧楼', active: false })] }),
      '2026-12-06',
    );
    expect(res).toMatchObject({ required: 2, actual: 1, gap: 1, met: false });
    expect(res.detail).toContain('宿舍楼（应于2023-03-01前）');
  });
  it('is not evaluated before any building is registered', () => {
    const res = evaluateRule(r({ code: 'building_appraisal', ...base, compliantYears: 5, otherYears: 1 }), facts(), '2026-12-06');
    expect(res).toMatchObject({ applies: false, met: true, gap: 0 });
  });
});

describe('危房', () => {
  it('C and D buildings in use are 危房; A, B and demolished ones are not', () => {
    expect(isDangerous(building({ grade: 'C' }))).toBe(true);
    expect(isDangerous(building({ grade: 'D' }))).toBe(true);
    expect(isDangerous(building({ grade: 'B' }))).toBe(false);
    expect(isDangerous(building({ grade: 'D', active: false }))).toBe(false);
    expect(isDangerous(building({ grade: null }))).toBe(false);
    const res = evaluateRule(
      r({ code: 'dangerous_buildings', ...base, grades: ['C', 'D'] }),
      facts({ buildings: [building(), building({ name: '食堂', grade: 'D' })] }),
      '2026-12-06',
    );
    expect(res).toMatchObject({ gap: 1, met: false, detail: '危房1栋：食堂（D级）' });
  });
});

describe('fire facility maintenance', () => {
  it('is due on the recorded next day, else the last plus the interval; overdue from the next day', () => {
    expect(maintenanceProblem(facility({ lastMaintainedOn: '2025-12-06' }), '2026-12-06', 12)).toBe('');
    expect(maintenanceProblem(facility({ lastMaintainedOn: '2025-12-06' }), '2026-12-07', 12)).toBe('维保逾期（应于2026-12-06前）');
    expect(maintenanceProblem(facility({ lastMaintainedOn: '2025-01-01', nextMaintenanceOn: '2026-12-31' }), '2026-12-07', 12)).toBe('');
    expect(maintenanceProblem(facility({ lastMaintainedOn: null }), '2026-12-07', 12)).toBe('无维保记录');
    expect(maintenanceProblem(facility({ serviceCompany: ' ' }), '2026-12-07', 12)).toBe('无具备资质的维保单位');
    expect(maintenanceProblem(facility({ working: false }), '2026-12-07', 12)).toBe('故障');
  });
  it('a missing required kind is a gap too', () => {
    const rule = r({ code: 'fire_maintenance', ...base, intervalMonths: 12, requiredKinds: ['extinguisher', 'hydrant'] });
    const res = evaluateRule(rule, facts({ fireFacilities: [facility()] }), '2026-12-06');
    expect(res).toMatchObject({ required: 2, actual: 1, gap: 1, met: false, detail: '缺少消火栓' });
    expect(evaluateRule(rule, facts(), '2026-12-06')).toMatchObject({ applies: true, gap: 2, met: false });
  });
});

describe('火灾高危单位 assessment', () => {
  const rule = r({ code: 'fire_assessment', ...base, everyMonths: 12 });
  it('applies only to a 火灾高危单位, yearly, overdue from the day after', () => {
    expect(evaluateRule(rule, facts({ fireUnit: { highRisk: false, assessedOn: null } }), '2026-12-06')).toMatchObject({ applies: false, met: true });
    expect(assessmentOverdue({ highRisk: true, assessedOn: '2025-12-06' }, '2026-12-06', 12)).toBe(false);
    expect(assessmentOverdue({ highRisk: true, assessedOn: '2025-12-06' }, '2026-12-07', 12)).toBe(true);
    expect(evaluateRule(rule, facts({ fireUnit: { highRisk: true, assessedOn: null } }), '2026-12-06')).toMatchObject({
      applies: true,
      met: false,
      detail: '火灾高危单位未开展消防安全评估',
    });
  });
});

describe('gate log', () => {
  it('keeps the last 365 days and counts the last 7, today included', () => {
    expect(retentionStart('2026-12-06', 365)).toBe('2025-12-07');
    const pack = { sanfang: [r({ code: 'gate_log', ...base, retentionDays: 365, windowDays: 7, minDays: 5 })] };
    expect(gateLogWindow(pack, '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    const rule = pack.sanfang[0] as WithOrigin<SanfangRule>;
    expect(evaluateRule(rule, facts({ gateLogDays: 4 }), '2026-12-06')).toMatchObject({ required: 5, actual: 4, gap: 1, met: false });
    expect(evaluateRule(rule, facts({ gateLogDays: 5 }), '2026-12-06')).toMatchObject({ met: true });
  });
});
