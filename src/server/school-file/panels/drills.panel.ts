import { shanghaiDay } from '../../../domain/calendar.js';
import { periodOf } from '../../../domain/periods.js';
import { countDrillsByType, listDrills } from '../../drills/drills.service.js';
import { packOf } from '../../policy/policy.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/**
 * 应急演练: the school's submitted drills this semester, in all and by type (listDrills and its
 * by-type count, the same filter and scope as GET /api/drills), and the latest one.
 */
export const drillsPanel: SchoolFilePanel = {
  key: 'drills',
  title: '应急演练',
  async summarize(app, actor, school, now) {
    const pack = await packOf(app, actor.districtId);
    const today = shanghaiDay(now);
    const semester = periodOf('semester', today, pack.calendar.semesters);
    const query = { schoolId: school.id, status: 'submitted' as const, from: semester.start, to: semester.end };
    const [r, byType] = await Promise.all([listDrills(app, actor, { ...query, page: 1, pageSize: 1 }), countDrillsByType(app, actor, query)]);
    const n = new Map(byType.map((x) => [x.type_code, x.n]));
    const types = pack.vocab.drillTypes.map((t) => ({ code: t.code, label: t.label, count: n.get(t.code) ?? 0 }));
    const latest = r.items[0];
    return {
      counts: [
        { key: 'semester', label: `${semester.label}演练`, value: r.total, list: { path: '/api/drills', query }, href: href('/drills', query) },
        ...types
          .filter((t) => t.count > 0)
          .map((t) => {
            const q = { ...query, type: t.code };
            return { key: `type_${t.code}`, label: t.label, value: t.count, list: { path: '/api/drills', query: q }, href: href('/drills', q) };
          }),
      ],
      detail: {
        semester: { label: semester.label, start: semester.start, end: semester.end },
        byType: types,
        latest: latest ? { id: latest.id, drilledOn: latest.drilledOn, typeLabel: latest.typeLabel, slowCount: latest.slowCount } : null,
      },
    };
  },
};
