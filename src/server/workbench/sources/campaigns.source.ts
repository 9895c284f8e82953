import { daysBetween } from '../../../domain/calendar.js';
import { recordLink } from '../../../domain/duty.js';
import type { Actor } from '../../auth/actor.js';
import { type CampaignDto, getCampaignProgress, listCampaigns } from '../../campaigns/campaigns.service.js';
import type { AppContext } from '../../context.js';
import type { WorkbenchItem, WorkbenchSource } from '../workbench.types.js';

const keepers = new Set(['principal', 'school_safety_officer']);
const departmentRoles = new Set(['department_officer', 'police_officer']);

/**
 * 专项行动待完成: for a school's principal and safety officer, each running phase of a running
 * campaign in which the school still has a duty to do (or a campaign hazard to close by the phase's
 * end), from getCampaignProgress (the school's own row: the numbers the campaign's page shows).
 * The start link opens the first open duty's form with the campaign preselected. A taking-part
 * department's officers get their department duties the same way (their row of the progress).
 */
export const campaignsSource: WorkbenchSource = {
  key: 'campaigns',
  section: 'duties',
  when: (actor) => keepers.has(actor.role) || departmentRoles.has(actor.role),
  async items({ app, actor, now, today }) {
    const list = await listCampaigns(app, actor, { running: true }, now);
    const out: WorkbenchItem[] = [];
    if (departmentRoles.has(actor.role)) {
      for (const c of list.items.filter((x) => x.participants.departmentIds.includes(actor.orgUnitId)))
        out.push(...(await departmentItems(app, actor, c, now, today)));
      return out;
    }
    for (const c of list.items) {
      const p = await getCampaignProgress(app, actor, c.id, { schoolIds: [actor.orgUnitId] }, now);
      for (const ph of p.phases) {
        const row = ph.rows[0];
        if (ph.state !== 'running' || !row || row.done) continue;
        const open = ph.duties.filter((d) => row.duties.find((x) => x.code === d.code)?.status !== 'done');
        const hazardsOpen = row.hazards?.open ?? 0;
        const first = open[0] ? c.phases.find((x) => x.code === ph.code)?.duties.find((d) => d.code === open[0]?.code) : undefined;
        const base = first ? recordLink(first.kind, first.types[0]) : null;
        const start = base ? `${base}${base.includes('?') ? '&' : '?'}campaignId=${c.id}` : null;
        const days = daysBetween(today, ph.endsOn);
        const parts = [...open.map((d) => d.label), ...(hazardsOpen ? [`${hazardsOpen} 条本行动隐患未销号`] : [])];
        out.push({
          key: `campaigns:${c.id}:${ph.code}`,
          label: `${c.name}·${ph.label}阶段：${parts.join('、')}`,
          count: open.length + (hazardsOpen ? 1 : 0),
          link: `/campaigns/${c.id}`,
          tone: days <= 3 ? 'danger' : 'warning',
          hint: `${ph.endsOn} 截止${days === 0 ? '（今天）' : `（还有 ${days} 天）`}`,
          duty: {
            status: 'open',
            periodLabel: `${ph.label}阶段（${ph.startsOn} 至 ${ph.endsOn}）`,
            done: ph.duties.length - open.length,
            required: ph.duties.length,
            unit: '项',
            dueDate: ph.endsOn,
            start,
          },
        });
      }
    }
    return out;
  },
};

/** A taking-part department's open duties of each running phase (its own row of getCampaignProgress). */
async function departmentItems(app: AppContext, actor: Actor, c: CampaignDto, now: Date, today: string): Promise<WorkbenchItem[]> {
  const p = await getCampaignProgress(app, actor, c.id, { departmentId: actor.orgUnitId }, now);
  const out: WorkbenchItem[] = [];
  for (const ph of p.phases) {
    const row = ph.departments[0];
    if (ph.state !== 'running' || !row || row.done || !ph.departmentDuties.length) continue;
    const open = ph.departmentDuties.filter((d) => row.duties.find((x) => x.code === d.code)?.status !== 'done');
    const days = daysBetween(today, ph.endsOn);
    out.push({
      key: `campaigns:${c.id}:${ph.code}:department`,
      label: `${c.name}·${ph.label}阶段：${open.map((d) => d.label).join('、')}`,
      count: open.length,
      link: `/campaigns/${c.id}`,
      tone: days <= 3 ? 'danger' : 'warning',
      hint: `${ph.endsOn} 截止${days === 0 ? '（今天）' : `（还有 ${days} 天）`}`,
      duty: {
        status: 'open',
        periodLabel: `${ph.label}阶段（${ph.startsOn} 至 ${ph.endsOn}）`,
        done: ph.departmentDuties.length - open.length,
        required: ph.departmentDuties.length,
        unit: '项',
        dueDate: ph.endsOn,
        start: null,
      },
    });
  }
  return out;
}
