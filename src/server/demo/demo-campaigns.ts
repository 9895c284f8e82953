import { addDays } from '../../domain/calendar.js';
import { campaignTemplatesOf, createCampaignSchema, instantiateTemplate } from '../../domain/campaign.js';
import { periodOf } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { createCampaign } from '../campaigns/campaigns.service.js';
import type { AppContext } from '../context.js';
import type { DemoActors } from './demo-actors.js';
import type { findDemoUnits } from './demo-units.repository.js';

/**
 * The demo's campaigns, created by the district admin through the campaign service from the pack's
 * templates: this year's 护校安园 行动 (seed 001's four phases 摸排 → 整改 → 验收 / 巩固提高, laid over
 * this semester so the demo's inspections fill its progress: 摸排 in the term's first month, 整改 until
 * last week, 验收 and 巩固提高 running now), and the seasonal check whose window holds today (寒假前
 * in December, 防溺水 in spring …), if any. Progress is computed on every read from the duty engine.
 */
export async function loadDemoCampaigns(
  app: AppContext,
  pack: ResolvedPack,
  a: DemoActors,
  units: Awaited<ReturnType<typeof findDemoUnits>>,
  clock: { today: string },
): Promise<number> {
  const templates = campaignTemplatesOf(pack);
  const { today } = clock;
  let n = 0;
  const main = templates.find((t) => t.code === 'huxiao_anyuan');
  if (main) {
    const semester = periodOf('semester', today, pack.calendar.semesters);
    // The term's start, but at least 60 days back: every phase gets a real window.
    const start = [addDays(semester.start, 2), addDays(today, -60)].sort()[0] as string;
    const year = Number(start.slice(0, 4));
    const draft = instantiateTemplate(main, year);
    const mopaiEnd = addDays(start, 27);
    const fixEnd = [addDays(today, -12), addDays(mopaiEnd, 14)].sort().reverse()[0] as string;
    const windows: Record<string, [string, string]> = {
      mopai: [start, mopaiEnd],
      zhenggai: [addDays(mopaiEnd, 1), fixEnd],
      yanshou: [addDays(fixEnd, 1), addDays(today, 45)],
      gonggu: [addDays(fixEnd, 1), addDays(today, 45)],
    };
    const departments = [...units.values()].filter((u) => u.code?.startsWith('D-PS') || u.code === 'D-JOINT').map((u) => u.id);
    const input = createCampaignSchema.parse({
      ...draft,
      name: `${year}年中小学幼儿园“护校安园”专项行动`,
      description: `${draft.description}（依据种子 001《“护校安园”专项工作方案》，各阶段日期按本学期安排。）`,
      participants: { schoolTypes: [], parentIds: [], departmentIds: departments },
      phases: draft.phases.map((p) => {
        const w = windows[p.code];
        return w ? { ...p, startsOn: w[0], endsOn: w[1] } : p;
      }),
    });
    await createCampaign(app, a.admin, input);
    n++;
  }
  // A seasonal push running today (the instance of this year, or of last year for one that ends in January).
  const year = Number(today.slice(0, 4));
  for (const t of templates.filter((x) => x.kind === 'seasonal')) {
    const draft = [instantiateTemplate(t, year), instantiateTemplate(t, year - 1)].find((d) => {
      const from = d.phases.map((p) => p.startsOn).sort()[0] as string;
      const to = d.phases
        .map((p) => p.endsOn)
        .sort()
        .reverse()[0] as string;
      return from <= today && today <= to;
    });
    if (!draft) continue;
    await createCampaign(app, a.admin, createCampaignSchema.parse(draft));
    n++;
    break;
  }
  return n;
}
