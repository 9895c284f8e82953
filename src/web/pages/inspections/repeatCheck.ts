import type { App } from 'antd';
import { shanghaiDay } from '../../../domain/calendar';
import { periodOf } from '../../../domain/periods';
import { type PeriodKind, periodKinds, type Semester } from '../../../domain/policy/pack-schema';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';
import { formatTime } from '../../lib/format';
import type { InspectionSummary, TemplateSummary } from './inspectionApi';

type Modal = ReturnType<typeof App.useApp>['modal'];

const isPeriod = (p: string | null): p is PeriodKind => p !== null && (periodKinds as readonly string[]).includes(p);

/**
 * A checklist with a cadence (周检查 each week) already submitted for the school in the current
 * period: the inspector is asked before a second one starts (a double tap on 开始检查, or a
 * colleague already did it). Offline or when the server cannot answer, nothing is asked.
 */
export async function confirmRepeat(
  modal: Modal,
  schoolId: string,
  template: TemplateSummary | undefined,
  semesters: Semester[] | undefined,
): Promise<boolean> {
  if (!template || !isPeriod(template.period) || !navigator.onLine) return true;
  let done: InspectionSummary | undefined;
  let periodLabel = '';
  try {
    const period = periodOf(template.period, shanghaiDay(new Date()), semesters ?? []);
    periodLabel = period.label;
    const r = await api.get<Paged<InspectionSummary>>('/api/inspections', {
      schoolId,
      templateCode: template.code,
      status: 'submitted',
      from: period.start,
      to: period.end,
      pageSize: 1,
    });
    done = r.items[0];
  } catch {
    return true;
  }
  if (!done) return true;
  const found = done;
  return new Promise((resolve) =>
    modal.confirm({
      title: `${periodLabel}的${template.name}已经做过`,
      content: `${found.schoolName} 已于 ${formatTime(found.inspectedAt)} 提交（${found.code}，检查人 ${found.inspectorNames.join('、') || found.createdByName}）。仍要再查一次吗？`,
      okText: '再查一次',
      cancelText: '不用了',
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    }),
  );
}
