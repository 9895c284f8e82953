import { hazardCategoryLabel, hazardLevelLabels } from '../../../domain/hazard';
import type { TimelineEntry } from '../../api/types';

type Line = { label: string; value: string; link?: string };

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const fieldNames: Record<string, string> = { title: '标题', description: '描述', place: '部位', category: '类别' };

/** The facts a timeline entry carries besides its note, as label/value lines (新期限, 交办单位 …). */
export function dataLines(e: TimelineEntry): Line[] {
  const d = e.data ?? {};
  const lines: Line[] = [];
  const add = (label: string, value: unknown, link?: string) => {
    const v = str(value);
    if (v) lines.push(link ? { label, value: v, link } : { label, value: v });
  };
  switch (e.action) {
    case 'assess':
      add('等级', hazardLevelLabels[d.level as keyof typeof hazardLevelLabels]);
      add('类别', d.category ? hazardCategoryLabel(str(d.category)) : '');
      break;
    case 'plan':
      add('整改期限', d.deadline);
      add('责任人', d.responsiblePerson);
      add('资金', d.funds);
      break;
    case 'hand_over':
      add('交办单位', d.unitName);
      add('交办期限', d.deadline);
      break;
    case 'request_extension':
      add('申请延期', d.from ? `${str(d.from)} → ${str(d.to)}` : d.to);
      break;
    case 'decide_extension':
      add('审批结果', d.approve === true ? `同意，期限延至 ${str(d.requested)}` : d.approve === false ? '不同意' : '');
      break;
    case 'verify_pass':
      add('销号', d.closedOnTime === true ? '按期' : d.closedOnTime === false ? '超期' : '');
      break;
    case 'report':
      add('复发自', d.recurrenceOfCode, d.recurrenceOf ? `/hazards/${str(d.recurrenceOf)}` : undefined);
      break;
    case 'recurred':
      add('重开为', d.newHazardCode, d.newHazardId ? `/hazards/${str(d.newHazardId)}` : undefined);
      break;
    case 'update':
      add('修改', Array.isArray(d.changed) ? d.changed.map((k) => fieldNames[String(k)] ?? String(k)).join('、') : '');
      break;
    case 'notice_issued':
      add('整改通知书', d.number ?? d.noticeNumber, d.noticeId ? `/notices/${str(d.noticeId)}` : undefined);
      break;
    default:
      add('期限', d.deadline);
  }
  return lines;
}

const colors: Record<string, string> = { verify_pass: 'green', verify_fail: 'red', report: 'gray', list_supervision: 'red', recurred: 'red' };
export const entryColor = (action: string): string => colors[action] ?? 'blue';
