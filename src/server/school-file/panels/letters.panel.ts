import { shanghaiDay } from '../../../domain/calendar.js';
import { listSchoolDocuments } from '../../documents/documents.service.js';
import { listResponsibilityLetters } from '../../letters/letters.service.js';
import { href, type SchoolFilePanel } from '../panel.js';

/** 一岗双责 letters this year: listResponsibilityLetters (GET /api/responsibility-letters) with the school as the filter. */
export const lettersPanel: SchoolFilePanel = {
  key: 'letters',
  title: '安全责任书',
  async summarize(app, actor, school, now) {
    const schoolId = school.id;
    const year = shanghaiDay(now).slice(0, 4);
    const r = await listResponsibilityLetters(app.db, actor, { year: Number(year), schoolId, page: 1, pageSize: 1 });
    const list = (countKey: string) => ({ path: '/api/responsibility-letters', query: { schoolId, year }, countKey });
    const page = href('/letters', { schoolId, year });
    return {
      counts: [
        { key: 'holders', label: `${year} 年岗位责任人`, value: r.counts.holders, list: list('holders'), href: page },
        { key: 'signed', label: '已签订', value: r.counts.signed, list: list('signed'), href: page },
        { key: 'unsigned', label: '未签订', value: r.counts.unsigned, list: list('unsigned'), href: page, alert: true },
      ],
      detail: { year: Number(year), principalSigned: r.counts.principalSigned > 0 },
    };
  },
};

/** 制度、应急预案和流程图: listSchoolDocuments (GET /api/school-documents) with the school as the filter. */
export const documentsPanel: SchoolFilePanel = {
  key: 'documents',
  title: '制度和预案',
  async summarize(app, actor, school, now) {
    const schoolId = school.id;
    const r = await listSchoolDocuments(app, actor, { schoolId, page: 1, pageSize: 1 }, now);
    const list = (countKey: string) => ({ path: '/api/school-documents', query: { schoolId }, countKey });
    const page = (reviewState: string) => href('/documents', { schoolId, reviewState });
    return {
      counts: [
        { key: 'total', label: '安全文件', value: r.counts.total, list: list('total'), href: page('') },
        { key: 'pending', label: '待审核', value: r.counts.pending, list: list('pending'), href: page('pending') },
        { key: 'returned', label: '退回修改', value: r.counts.returned, list: list('returned'), href: page('returned'), alert: true },
        { key: 'revisionDue', label: '到期修订', value: r.counts.revisionDue, list: list('revisionDue'), href: page(''), alert: true },
      ],
    };
  },
};
