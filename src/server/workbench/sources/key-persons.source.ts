import { isKeyPersonRole } from '../../../domain/key-persons.js';
import { countMyOverdueKeyPersons } from '../../key-persons/key-persons.service.js';
import type { WorkbenchSource } from '../workbench.types.js';

/**
 * 重点人员走访逾期: for a police officer only, the key persons they are responsible for whose next
 * follow-up is past due. Counted with the list's own filter (`?overdue=true&mine=true`) but
 * without reading any person's data, so the workbench writes no audit row. No other role gets
 * this source, or any other count of key persons.
 */
export const keyPersonsSource: WorkbenchSource = {
  key: 'key_persons',
  section: 'duties',
  when: (actor) => isKeyPersonRole(actor.role),
  async items({ app, actor, now }) {
    const count = await countMyOverdueKeyPersons(app, actor, now);
    if (!count) return [];
    return [
      {
        key: 'key_persons.overdue',
        label: '重点人员走访逾期',
        count,
        link: '/key-persons?overdue=true&mine=true',
        tone: 'danger',
        hint: `您负责的 ${count} 名重点人员已过下次走访日期`,
      },
    ];
  },
};
