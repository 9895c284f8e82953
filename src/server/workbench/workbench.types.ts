import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';

/**
 * The workbench (工作台) is a list of to-do sources. Each source belongs to one module, decides
 * for which users it applies, and answers its items: a count, and the link to the list that
 * produced that count. The count is always read through the same service function and the
 * same filter as the linked list, so a number and its rows never disagree.
 */
export type WorkbenchSectionKey = 'duties' | 'school_hazards' | 'supervision' | 'cases' | 'notices' | 'inbox';

export type WorkbenchTone = 'danger' | 'warning' | 'normal';

/** A hazard shown under a queue (the overdue rows), with whether the user may 催办 it now. */
export type WorkbenchRow = {
  id: string;
  title: string;
  subtitle: string;
  link: string;
  /** The school a hazard row belongs to (its name opens the school's file, /schools/<id>). */
  school?: { id: string; name: string };
  deadline: string | null;
  canUrge: boolean;
};

/** One of the school's own checks this period: its state and the page that starts it. */
export type WorkbenchDuty = {
  status: 'done' | 'open' | 'overdue' | 'upcoming' | 'none';
  periodLabel: string;
  done: number;
  required: number;
  unit: string;
  dueDate: string | null;
  /** The page that starts one (a check the user may run), or null. */
  start: string | null;
};

export type WorkbenchItem = {
  key: string;
  label: string;
  count: number;
  /** The list (web route with its filter in the query string) that shows exactly `count` rows; null when the rows are shown here. */
  link: string | null;
  tone: WorkbenchTone;
  hint?: string;
  duty?: WorkbenchDuty;
  rows?: WorkbenchRow[];
};

export type WorkbenchContext = { app: AppContext; actor: Actor; now: Date; today: string };

export type WorkbenchSource = {
  /** Unique in the registry; items of a source are keyed `<source key>` or `<source key>:<part>`. */
  key: string;
  section: WorkbenchSectionKey;
  /** Whether the signed-in user gets this source at all (by role, unit, scope). */
  when: (actor: Actor) => boolean;
  items: (c: WorkbenchContext) => Promise<WorkbenchItem[]>;
};

export const workbenchSectionTitles: Record<WorkbenchSectionKey, string> = {
  duties: '今日与本周任务',
  school_hazards: '待本单位处理的隐患', // titled per role in workbench.service
  supervision: '督导待办',
  cases: '案件（信访、纠纷、举报、事故）',
  notices: '整改通知书',
  inbox: '未读消息',
};
