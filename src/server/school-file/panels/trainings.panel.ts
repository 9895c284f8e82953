import { shanghaiDay } from '../../../domain/calendar.js';
import { listTrainings, trainingsByKind } from '../../education/trainings.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/** 教职工培训: this year's trainings (listTrainings, as GET /api/trainings) and attendances, by kind. */
export const trainingsPanel: SchoolFilePanel = {
  key: 'trainings',
  title: '教职工培训',
  async summarize(app, actor, school, now) {
    const today = shanghaiDay(now);
    const query = { schoolId: school.id, from: `${today.slice(0, 4)}-01-01`, to: today };
    const [r, byKind] = await Promise.all([listTrainings(app, actor, { ...query, page: 1, pageSize: 1 }), trainingsByKind(app, actor, query)]);
    const list = { path: '/api/trainings', query };
    return {
      counts: [
        { key: 'trainings', label: '本年培训', value: r.total, list, href: href('/trainings', query) },
        { key: 'attendees', label: '参训人次', value: r.counts.attendees, list: { ...list, countKey: 'attendees' }, href: href('/trainings', query) },
      ],
      detail: { year: today.slice(0, 4), byKind },
    };
  },
};
