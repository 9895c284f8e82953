import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';
import '../../src/domain/zod-locale.js';
import { boundingBox, distanceMetres, type LatLng } from '../../src/domain/geo.js';
import { resolvePacks } from '../../src/domain/policy/pack-resolve.js';
import type { ResolvedPack, SurroundingsPolicy } from '../../src/domain/policy/pack-schema.js';
import { inYearlySpan, nearSchools, type SchoolGate, zoneBreaches } from '../../src/domain/surroundings.js';
import { defaultPolicyDir, readPackFolders } from '../../src/server/policy/policy.registry.js';

const wgs84 = geodesic.Geodesic.WGS84;
/** The point `metres` from `p` towards `azimuth` degrees (GeographicLib's direct problem). */
function moved(p: LatLng, metres: number, azimuth = 0): LatLng {
  const r = wgs84.Direct(p.lat, p.lng, azimuth, metres);
  return { lat: r.lat2 as number, lng: r.lon2 as number };
}

const gate: SchoolGate = { schoolId: 's1', schoolName: '云江一小', schoolType: 'primary', gateName: '南门', lat: 29.5628, lng: 106.5528 };
const kindergartenGate: SchoolGate = { schoolId: 'k1', schoolName: '云江幼儿园', schoolType: 'kindergarten', gateName: '正门', lat: 29.5628, lng: 106.5528 };

const national = (): ResolvedPack => {
  const p = resolvePacks(readPackFolders(defaultPolicyDir)).packs.get('national');
  if (!p) throw new Error('没有国家政策包');
  return p;
};

describe('geodesic distance', () => {
  it('matches published geodesic distances on WGS-84', () => {
    // One degree of latitude from the equator along a meridian, and of longitude along the equator.
    expect(distanceMetres({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(110_574.389, 2);
    expect(distanceMetres({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(111_319.491, 2);
    // GeographicLib's worked example: Wellington to Salamanca, 19,959,679.267 m.
    expect(distanceMetres({ lat: -41.32, lng: 174.81 }, { lat: 40.96, lng: -5.5 })).toBeCloseTo(19_959_679.267, 2);
  });

  it('is not planar degrees: 0.0018° of longitude is much shorter than 0.0018° of latitude at 40°N', () => {
    const p = { lat: 40, lng: 116 };
    const north = distanceMetres(p, { lat: 40.0018, lng: 116 });
    const east = distanceMetres(p, { lat: 40, lng: 116.0018 });
    expect(north).toBeGreaterThan(199);
    expect(east).toBeLessThan(160);
  });

  it('the bounding box used to pick candidates in SQL always contains the radius', () => {
    for (const lat of [18, 29.56, 45, 53]) {
      for (const az of [0, 45, 90, 135, 180, 225, 270, 315]) {
        const p = { lat, lng: 106 };
        const q = moved(p, 200, az);
        const b = boundingBox(p, 200);
        expect(q.lat).toBeGreaterThan(b.minLat);
        expect(q.lat).toBeLessThan(b.maxLat);
        expect(q.lng).toBeGreaterThan(b.minLng);
        expect(q.lng).toBeLessThan(b.maxLng);
      }
    }
  });
});

describe('zone rules at the boundary', () => {
  const policy = national().surroundings;

  it('an internet café 199 m from a primary school gate breaks the 200 m rule; at 201 m it does not', () => {
    const at199 = zoneBreaches({ ...moved(gate, 199, 30), typeCode: 'internet_cafe' }, [gate], policy);
    expect(at199.breaches).toHaveLength(1);
    expect(at199.breaches[0]?.message).toBe('网吧（上网服务场所）距云江一小南门 199 米，违反 200 米内禁设规定');
    const at201 = zoneBreaches({ ...moved(gate, 201, 30), typeCode: 'internet_cafe' }, [gate], policy);
    expect(at201.breaches).toHaveLength(0);
    expect(at201.near.map((n) => Math.round(n.distanceM))).toEqual([201]);
  });

  it('tobacco within 49 m of the gate breaks the 50 m rule; 51 m does not', () => {
    expect(zoneBreaches({ ...moved(gate, 49, 200), typeCode: 'tobacco_alcohol' }, [gate], policy).breaches).toHaveLength(1);
    expect(zoneBreaches({ ...moved(gate, 51, 200), typeCode: 'tobacco_alcohol' }, [gate], policy).breaches).toHaveLength(0);
  });

  it('the internet-café ban protects the school types the rule names (中小学), not a kindergarten at the same gate', () => {
    const r = zoneBreaches({ ...moved(gate, 100, 0), typeCode: 'internet_cafe' }, [kindergartenGate], policy);
    expect(r.near).toHaveLength(1);
    expect(r.breaches).toHaveLength(0);
  });

  it('a kind without a forbidden zone is registered and measured but never a breach', () => {
    const r = zoneBreaches({ ...moved(gate, 10, 0), typeCode: 'rental' }, [gate], policy);
    expect(r.near).toHaveLength(1);
    expect(r.breaches).toHaveLength(0);
  });

  it('measures from the nearest gate of a school with several gates, and lists each school once', () => {
    const north: SchoolGate = { ...gate, gateName: '北门', ...moved(gate, 400, 0) };
    const cafe = moved(north, 150, 90);
    const near = nearSchools(cafe, [gate, north], 200);
    expect(near).toHaveLength(1);
    expect(near[0]?.gateName).toBe('北门');
    expect(Math.round(near[0]?.distanceM ?? 0)).toBe(150);
  });

  it('names the nearest gate in the breach: 网吧距云江一小南门 126 米, not the farther 北门', () => {
    const north: SchoolGate = { ...gate, gateName: '北门', ...moved(gate, 350, 0) };
    const cafe = { ...moved(gate, 126, 180), typeCode: 'internet_cafe' };
    const r = zoneBreaches(cafe, [north, gate], policy);
    expect(r.breaches).toHaveLength(1);
    expect(r.breaches[0]?.message).toBe('网吧（上网服务场所）距云江一小南门 126 米，违反 200 米内禁设规定');
    expect(r.breaches[0]?.fromSchoolPoint).toBe(false);
  });

  it('a second gate brings a premise into the zone: 201 m from 南门 is no breach until 东门 is 199 m away', () => {
    const cafe = { ...moved(gate, 201, 90), typeCode: 'internet_cafe' };
    expect(zoneBreaches(cafe, [gate], policy).breaches).toHaveLength(0);
    const east: SchoolGate = { ...gate, gateName: '东门', ...moved(cafe, 199, 270) };
    const r = zoneBreaches(cafe, [gate, east], policy);
    expect(r.breaches.map((b) => [b.gateName, Math.round(b.distanceM)])).toEqual([['东门', 199]]);
  });

  it('at 49/51 m of the nearer of two gates the 50 m rule holds', () => {
    const west: SchoolGate = { ...gate, gateName: '西门', ...moved(gate, 300, 270) };
    expect(zoneBreaches({ ...moved(west, 49, 10), typeCode: 'tobacco_alcohol' }, [gate, west], policy).breaches[0]?.gateName).toBe('西门');
    expect(zoneBreaches({ ...moved(west, 51, 10), typeCode: 'tobacco_alcohol' }, [gate, west], policy).breaches).toHaveLength(0);
  });

  it('each school is measured from its own nearest gate; two schools are both listed, nearest first', () => {
    const other: SchoolGate = { schoolId: 's2', schoolName: '云江二小', schoolType: 'primary', gateName: '正门', ...moved(gate, 300, 90) };
    const otherBack: SchoolGate = { ...other, gateName: '后门', ...moved(other, 200, 90) };
    const cafe = moved(gate, 120, 90);
    const near = nearSchools(cafe, [otherBack, gate, other], 500);
    expect(near.map((n) => [n.schoolName, n.gateName, Math.round(n.distanceM)])).toEqual([
      ['云江一小', '南门', 120],
      ['云江二小', '正门', 180],
    ]);
  });

  it('a district that widens the zone to 300 m flags a café at 250 m that the national pack allows', () => {
    const wider: SurroundingsPolicy = { ...policy, zones: policy.zones.map((z) => (z.code === 'safety_zone' ? { ...z, radiusM: 300 } : z)) };
    const cafe = { ...moved(gate, 250, 120), typeCode: 'internet_cafe' };
    expect(zoneBreaches(cafe, [gate], policy).breaches).toHaveLength(0);
    expect(zoneBreaches(cafe, [gate], wider).breaches[0]?.radiusM).toBe(300);
  });
});

describe('the surroundings pack file', () => {
  it('a district pack overrides a zone by code and the national kinds stay', () => {
    const folders = readPackFolders(defaultPolicyDir);
    const district = {
      'pack.yaml': 'id: testdistrict\nname: 测试区\nversion: "2026.1"\nextends: national\ndistricts: [TESTD]\n',
      'surroundings.yaml': 'zones:\n  - { code: safety_zone, label: 学生安全区域（300米）, radiusM: 300, source: 区县规定 }\n',
    };
    const { packs } = resolvePacks({ ...folders, testdistrict: district });
    const p = packs.get('testdistrict') as ResolvedPack;
    const zone = p.surroundings.zones.find((z) => z.code === 'safety_zone');
    expect(zone?.radiusM).toBe(300);
    expect(zone?.origin.pack).toBe('testdistrict');
    expect(p.surroundings.premiseTypes.map((t) => t.code)).toContain('internet_cafe');
  });

  it('a kind that names an undefined zone is refused with its file and path', () => {
    const folders = readPackFolders(defaultPolicyDir);
    const district = {
      'pack.yaml': 'id: testdistrict\nname: 测试区\nversion: "2026.1"\nextends: national\ndistricts: [TESTD]\n',
      'surroundings.yaml': 'premiseTypes:\n  - { code: arcade, label: 街机厅, departmentType: culture_tourism, forbiddenWithin: zone_500 }\n',
    };
    expect(() => resolvePacks({ ...folders, testdistrict: district })).toThrow(/zone_500/);
  });

  it('spans over New Year and the drowning season', () => {
    expect(inYearlySpan('2026-07-15', { from: '04-01', to: '10-31' })).toBe(true);
    expect(inYearlySpan('2026-11-01', { from: '04-01', to: '10-31' })).toBe(false);
    expect(inYearlySpan('2027-01-05', { from: '12-01', to: '02-28' })).toBe(true);
    expect(national().surroundings.drowningSeason?.from).toBe('04-01');
  });
});
