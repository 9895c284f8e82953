import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { SchoolDto } from '../schools/schools.service.js';

/**
 * One figure of a panel. `list` names the list endpoint (and query) whose answer it equals:
 * its `total`, or `counts[countKey]` when set. Tests compare every such figure with that
 * endpoint, so a panel can never count differently from the list a user drills into.
 */
export type PanelCount = {
  key: string;
  label: string;
  value: number;
  list: { path: string; query: Record<string, string>; countKey?: string } | null;
  /** The page that lists the same rows (the web's URL). */
  href: string | null;
  /** Shown in red when not zero (overdue, unacknowledged). */
  alert?: boolean;
};

export type PanelSummary = {
  key: string;
  title: string;
  counts: PanelCount[];
  /** Whatever the web's panel needs beyond the counts (a coverage row, obligation cards). */
  detail?: unknown;
};

/**
 * A panel of the one-school file. A module adds one: a file under panels/ that computes its
 * summary with the SAME service function its full list uses (the school as the filter, the
 * actor's scope applied inside that service), and one line in school-file.registry.ts.
 */
export type SchoolFilePanel = {
  key: string;
  title: string;
  summarize: (app: AppContext, actor: Actor, school: SchoolDto, now: Date) => Promise<Omit<PanelSummary, 'key' | 'title'>>;
};

/** A web URL with a query string (empty values left out). */
export const href = (path: string, query: Record<string, string>) => {
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString();
  return qs ? `${path}?${qs}` : path;
};
