import { getCampaignProgress, listCampaigns } from '../../campaigns/campaigns.service.js';
import type { DashboardPanel } from '../dashboard.registry.js';

/**
 * 专项行动: the running campaigns (open, today inside their span) with each running or ended
 * phase's completion over the view's schools (scope narrowed to the picked unit), from
 * getCampaignProgress — the numbers of the campaign's progress page and its Excel.
 */
export const campaignsPanel: DashboardPanel = {
  key: 'campaigns',
  title: '专项行动进度',
  load: async (v) => {
    const list = await listCampaigns(v.app, v.actor, { running: true });
    const schoolIds = v.schools.map((s) => s.id);
    const campaigns = [];
    for (const c of list.items) {
      const p = await getCampaignProgress(v.app, v.actor, c.id, { schoolIds });
      campaigns.push({
        id: c.id,
        name: c.name,
        kindLabel: c.kindLabel,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        link: `/campaigns/${c.id}`,
        schools: p.schoolCount,
        hazards: p.hazards,
        phases: p.phases.map((ph) => ({
          code: ph.code,
          label: ph.label,
          state: ph.state,
          stateLabel: ph.stateLabel,
          startsOn: ph.startsOn,
          endsOn: ph.endsOn,
          done: ph.done,
          schools: ph.schools,
          rate: ph.rate,
          laggards: ph.laggards.length,
        })),
      });
    }
    return { campaigns };
  },
};
