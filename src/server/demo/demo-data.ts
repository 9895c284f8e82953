import type { DepartmentType } from '../../domain/roles.js';
import { type CreateSchoolInput, gradesOfType, type SchoolType } from '../../domain/school.js';

/**
 * The demo district, generated from a fixed seed so every new database holds the same
 * 270 schools in 20 townships and centres: names, enrollments, boarding and coordinates
 * shaped like a real district around one city (a fictional 云江区 near 29.4°N 106.6°E).
 */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}

export const DEMO_DISTRICT = { name: '云江区教育委员会', code: 'YJ' };

const streets = ['龙洲湾', '鱼洞', '花溪', '南泉', '李家沱', '莲花', '龙岗', '界石', '一品', '木洞', '南彭'];
const towns = ['东温泉', '石滩', '姜家', '丰盛', '二圣', '麻柳嘴', '惠民', '接龙', '石龙'];
const places = [
  '桂花',
  '长江',
  '滨江',
  '白鹤',
  '青松',
  '新华',
  '红光',
  '向阳',
  '民主',
  '胜利',
  '光明',
  '金竹',
  '马家',
  '清溪',
  '黄桷',
  '杨柳',
  '东风',
  '育才',
  '朝阳',
  '和平',
  '文星',
  '凤凰',
  '石桥',
  '水井',
  '柏树',
  '梨园',
  '双河',
  '大坪',
  '新村',
  '仁和',
];
const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '胡',
  '朱',
  '郭',
  '何',
  '罗',
  '高',
  '林',
  '谭',
  '邓',
  '冉',
  '蒋',
  '唐',
];
const givenNames = [
  '建华',
  '丽',
  '志勇',
  '海燕',
  '晓东',
  '静',
  '国庆',
  '红梅',
  '明',
  '秀英',
  '伟',
  '芳',
  '德兵',
  '小琴',
  '世平',
  '春燕',
  '家富',
  '玉兰',
  '长江',
  '雪梅',
  '永红',
  '光辉',
  '淑贞',
  '勇',
  '俊杰',
];

export type DemoUnit = { code: string; name: string; kind: 'township' | 'centre'; lat: number; lng: number; rural: boolean };

export function demoUnits(): DemoUnit[] {
  const rnd = seededRandom(20261122);
  const units: DemoUnit[] = streets.map((s, i) => ({
    code: `T${String(i + 1).padStart(2, '0')}`,
    name: `${s}街道`,
    kind: 'township',
    lat: 29.38 + (rnd.next() - 0.5) * 0.16,
    lng: 106.55 + (rnd.next() - 0.5) * 0.16,
    rural: false,
  }));
  for (const [i, t] of towns.entries()) {
    units.push({
      code: `C${String(i + 1).padStart(2, '0')}`,
      name: `${t}镇教管中心`,
      kind: 'centre',
      lat: 29.38 + (rnd.next() - 0.5) * 0.5,
      lng: 106.62 + (rnd.next() - 0.5) * 0.5,
      rural: true,
    });
  }
  return units;
}

/** School type mix per unit (14 slots, schools per unit 13 or 14 to reach 270). */
const typeMix: SchoolType[] = [
  'kindergarten',
  'kindergarten',
  'kindergarten',
  'kindergarten',
  'kindergarten',
  'primary',
  'primary',
  'primary',
  'primary',
  'primary',
  'junior',
  'nine_year',
  'senior',
  'primary',
];

const enrollmentRange: Record<SchoolType, [number, number]> = {
  kindergarten: [60, 420],
  primary: [180, 2600],
  junior: [400, 2200],
  senior: [900, 3600],
  nine_year: [500, 2400],
  complete_secondary: [1200, 4200],
  vocational: [800, 3000],
  special: [60, 180],
};
const pupilsPerStaff: Record<SchoolType, number> = {
  kindergarten: 8,
  primary: 18,
  junior: 13,
  senior: 12,
  nine_year: 15,
  complete_secondary: 12,
  vocational: 15,
  special: 4,
};
const suffix: Record<SchoolType, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  junior: '中学',
  senior: '高级中学',
  nine_year: '学校',
  complete_secondary: '中学校',
  vocational: '职业教育中心',
  special: '特殊教育学校',
};

const personName = (rnd: ReturnType<typeof seededRandom>) => `${rnd.pick(surnames)}${rnd.pick(givenNames)}`;
const mobile = (rnd: ReturnType<typeof seededRandom>) =>
  `1${rnd.pick(['35', '38', '39', '58', '77', '86', '89'])}${String(rnd.int(0, 99999999)).padStart(8, '0')}`;

/**
 * The class list (one class per 45 pupils of a grade, as the demo's timetables assume) and the
 * school buses: rural primary, nine-year schools and kindergartens of every third place run 1–2.
 */
function demoClassesAndBuses(type: SchoolType, enrollment: number, rural: boolean, i: number) {
  const grades = gradesOfType[type];
  const perGrade = Math.max(1, Math.min(12, Math.round(enrollment / grades.length / 45)));
  const classCounts = Array.from({ length: Math.max(...grades) }, (_, g) => (grades.includes(g + 1) ? perGrade : 0));
  const busRoute = rural && ['primary', 'nine_year', 'kindergarten'].includes(type) && i % 3 === 1;
  return { classCounts, busCount: busRoute ? 1 + (enrollment % 2) : 0 };
}

export type DemoSchool = Omit<CreateSchoolInput, 'parentId'> & { unitCode: string };

export function demoSchools(units: DemoUnit[]): DemoSchool[] {
  const rnd = seededRandom(7);
  const schools: DemoSchool[] = [];
  const used = new Set<string>();
  units.forEach((u, ui) => {
    const count = ui < 10 ? 14 : 13; // 10×14 + 10×13 = 270
    const prefix = u.name.replace(/(街道|镇教管中心)$/, '');
    for (let i = 0; i < count; i++) {
      let type = typeMix[i] as SchoolType;
      if (ui === 0 && i === 12) type = 'complete_secondary';
      if (ui === 1 && i === 12) type = 'vocational';
      if (ui === 2 && i === 12) type = 'special';
      let name = '';
      for (let attempt = 0; !name || used.has(name); attempt++) {
        const lead = i === 0 || attempt > 3 ? `${prefix}${attempt > 3 ? rnd.pick(places) : ''}` : `云江区${rnd.pick(places)}`;
        name =
          i === 0
            ? `${prefix}中心${type === 'kindergarten' ? '幼儿园' : '小学'}`
            : `${lead}${type === 'primary' && rnd.next() < 0.3 ? '实验' : ''}${suffix[type]}`;
        if (attempt > 10) name = `${prefix}第${i + 1}${suffix[type]}`;
      }
      used.add(name);
      const [lo, hi] = enrollmentRange[type];
      const enrollment = rnd.int(lo, hi);
      const boards = u.rural && (type === 'junior' || type === 'senior' || type === 'nine_year' || (type === 'primary' && rnd.next() < 0.3));
      const boardingStudents = boards ? Math.round(enrollment * (0.2 + rnd.next() * 0.5)) : type === 'senior' ? Math.round(enrollment * 0.3) : 0;
      schools.push({
        unitCode: u.code,
        code: `${DEMO_DISTRICT.code}${u.code}${String(i + 1).padStart(2, '0')}`,
        name,
        schoolType: type,
        ownership: type === 'kindergarten' && rnd.next() < 0.45 ? 'private' : 'public',
        enrollment,
        boardingStudents,
        staffCount: Math.max(6, Math.round(enrollment / pupilsPerStaff[type])),
        gateCount: enrollment > 1500 ? rnd.int(2, 4) : rnd.int(1, 2),
        address: `重庆市云江区${u.name.replace('教管中心', '')}${rnd.pick(places)}路${rnd.int(1, 300)}号`,
        longitude: Math.round((u.lng + (rnd.next() - 0.5) * 0.04) * 1e6) / 1e6,
        latitude: Math.round((u.lat + (rnd.next() - 0.5) * 0.04) * 1e6) / 1e6,
        principalName: personName(rnd),
        principalPhone: mobile(rnd),
        safetyOfficerName: personName(rnd),
        safetyOfficerPhone: mobile(rnd),
        phone: `023-6${String(rnd.int(0, 9999999)).padStart(7, '0')}`,
        // Derived without the random stream, so every other demo value stays as it was.
        ...demoClassesAndBuses(type, enrollment, u.rural, i),
      });
    }
  });
  return schools;
}

export const demoDepartments: { code: string; name: string; type: DepartmentType }[] = [
  { code: 'D-OFFICE', name: '区教委安全稳定科', type: 'commission_office' },
  { code: 'D-JOINT', name: '区校园安全联合督检组', type: 'commission_office' },
  ...['龙洲湾', '鱼洞', '花溪', '南泉', '李家沱', '界石', '木洞', '东温泉'].map((n, i) => ({
    code: `D-PS${String(i + 1).padStart(2, '0')}`,
    name: `${n}派出所`,
    type: 'police_station' as const,
  })),
  { code: 'D-TRAFFIC', name: '区公安局交巡警支队', type: 'traffic_police' },
  { code: 'D-HEALTH', name: '区卫生健康委员会', type: 'health' },
  { code: 'D-MARKET', name: '区市场监督管理局', type: 'market_supervision' },
  { code: 'D-FIRE', name: '区消防救援支队', type: 'fire_emergency' },
  { code: 'D-EMERG', name: '区应急管理局', type: 'fire_emergency' },
  { code: 'D-URBAN', name: '区城市管理综合执法支队', type: 'urban_enforcement' },
  { code: 'D-CULTURE', name: '区文化市场综合行政执法支队', type: 'culture_tourism' },
  { code: 'D-HOUSING', name: '区住房和城乡建设委员会', type: 'housing_construction' },
  { code: 'D-WATER', name: '区水利局', type: 'water_resources' },
  { code: 'D-JUSTICE', name: '区司法局', type: 'justice' },
  { code: 'D-COMM01', name: '龙洲湾街道龙海社区', type: 'community' },
  { code: 'D-COMM02', name: '鱼洞街道新市社区', type: 'community' },
];

export { personName };
