import { currentSemester, educationHoursByTopic, listEducationSessions } from '../../education/education.service.js';
import { packOf } from '../../policy/policy.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/** 安全教育: this semester's sessions and class hours (listEducationSessions, as GET /api/education-sessions), hours by topic. */
export const educationPanel: SchoolFilePanel = {
  key: 'education',
  title: '安全教育',
  async summarize(app, actor, school, now) {
    const semester = currentSemester(await packOf(app, actor.districtId), now);
    // Sessions are recorded after they are held, so the semester's end is as good as today.
    const to = semester.end;
    const query = { schoolId: school.id, from: semester.start, to };
    const [r, byTopic] = await Promise.all([listEducationSessions(app, actor, { ...query, page: 1, pageSize: 1 }), educationHoursByTopic(app, actor, query)]);
    const list = { path: '/api/education-sessions', query };
    return {
      counts: [
        { key: 'sessions', label: `${semester.label}安全教育`, value: r.total, list, href: href('/education', query) },
        { key: 'hours', label: '课时合计', value: r.counts.hours, list: { ...list, countKey: 'hours' }, href: href('/education', query) },
      ],
      detail: { semester: semester.label, from: semester.start, to, byTopic },
    };
  },
};
