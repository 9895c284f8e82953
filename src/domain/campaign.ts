import { z } from 'zod';
import { dutyKinds } from './duty.js';
import { isoDay } from './input-dates.js';
import type { CampaignTemplateDef } from './policy/campaigns-schema.js';
import { campaignKinds, dutySubjects } from './policy/campaigns-schema.js';
import type { ResolvedPack, WithOrigin } from './policy/pack-schema.js';
import { schoolTypes } from './school.js';

export { type DutySubjects, dutySubjectLabels, dutySubjects } from './policy/campaigns-schema.js';

/**
 * 专项行动 (campaigns): pure rules. A campaign is a set of phases (阶段) with Shanghai-day windows;
 * each phase names duties (records of a duty kind every taking-part school must have inside the
 * window) and may set the target that every hazard found in the campaign is closed by its end.
 * Phase windows are judged against "today": upcoming, running, ended.
 */

const codeRe = /^[a-z][a-z0-9_]{0,39}$/;
const codeOf = (what: string) => z.string({ error: `${what}无效` }).regex(codeRe, `${what}无效`);
const day = isoDay('日期格式应为 YYYY-MM-DD');
const name = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}不超过 ${max} 个字`);

export const phaseDutySchema = z
  .object({
    code: codeOf('任务编码'),
    label: name('任务名称', 40),
    kind: z.enum(dutyKinds, { error: '记录种类无效' }),
    types: z.array(codeOf('类型')).max(20, '类型最多 20 个').default([]),
    levels: z.array(codeOf('督查层级')).max(10).default([]),
    min: z.number({ error: '次数应为 1–100' }).int('次数应为整数').min(1, '次数至少为 1').max(100, '次数不超过 100').default(1),
    /**
     * Who carries it out: every taking-part school (the default), or every taking-part department —
     * its records credited to it as the coverage engine credits department duties (records filed by
     * the department, or that its people took part in, such as a 派出所's inspections of schools).
     */
    subjects: z.enum(dutySubjects, { error: '任务对象应为 schools 或 departments' }).default('schools'),
  })
  .strict();
export type PhaseDuty = z.infer<typeof phaseDutySchema>;

export const campaignPhaseSchema = z
  .object({
    code: codeOf('阶段编码'),
    label: name('阶段名称', 20),
    startsOn: day,
    endsOn: day,
    description: z.string().trim().max(500, '阶段说明不超过 500 个字').default(''),
    duties: z.array(phaseDutySchema).max(10, '每个阶段最多 10 项任务').default([]),
    closeHazards: z.boolean().default(false),
  })
  .strict()
  .refine((p) => p.startsOn <= p.endsOn, { message: '阶段结束日期不能早于开始日期', path: ['endsOn'] });
export type CampaignPhase = z.infer<typeof campaignPhaseSchema>;

export const participantsSchema = z
  .object({
    /** School types taking part; empty = every type. */
    schoolTypes: z
      .array(z.enum(schoolTypes, { error: '学校类型无效' }))
      .max(schoolTypes.length)
      .default([]),
    /** Townships/centres whose schools take part; empty = the whole district. */
    parentIds: z.array(z.uuid('街道/教管中心无效')).max(200).default([]),
    /** Departments taking part: they carry out the phases' department duties (subjects: departments). */
    departmentIds: z.array(z.uuid('部门无效')).max(200).default([]),
  })
  .strict();
export type CampaignParticipants = z.infer<typeof participantsSchema>;

const campaignFields = {
  name: name('行动名称', 60),
  kind: z.enum(campaignKinds, { error: '行动类型无效' }),
  year: z.number({ error: '年度无效' }).int('年度无效').min(2000, '年度无效').max(2100, '年度无效'),
  description: z.string().trim().max(2000, '行动说明不超过 2000 个字').default(''),
  participants: participantsSchema.default({ schoolTypes: [], parentIds: [], departmentIds: [] }),
  phases: z
    .array(campaignPhaseSchema)
    .min(1, '至少一个阶段')
    .max(8, '最多 8 个阶段')
    .refine((ps) => new Set(ps.map((p) => p.code)).size === ps.length, { message: '阶段编码重复' })
    .refine((ps) => ps.every((p) => new Set(p.duties.map((d) => d.code)).size === p.duties.length), { message: '同一阶段的任务编码重复' }),
};

export const createCampaignSchema = z.object({ templateCode: codeOf('模板').optional(), ...campaignFields }).strict();
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

export const updateCampaignSchema = z
  .object({ baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(2_147_483_647, '版本号无效'), ...campaignFields })
  .strict();
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;

/* ---- templates ---- */

export type CampaignTemplate = CampaignTemplateDef & { origin: string };

/** The surroundings clean-ups (surroundings.yaml `cleanups`) as templates: one 集中整治 phase, the surroundings checklist, hazards closed by its end. */
export function cleanupTemplates(pack: Pick<ResolvedPack, 'surroundings' | 'checklists'>): CampaignTemplateDef[] {
  const checklist = pack.checklists.some((c) => c.code === 'surroundings') ? ['surroundings'] : [];
  return pack.surroundings.cleanups.map((c) => ({
    code: `cleanup_${c.code}`,
    label: c.label,
    kind: 'cleanup' as const,
    description: '校园周边环境集中整治：逐校开展周边环境检查（校园周边检查表），发现的问题登记为隐患，整治期结束前整改销号。',
    source: '../shared/RULES.md §9（春秋两季集中整治）；surroundings.yaml cleanups',
    schoolTypes: [],
    phases: [
      {
        code: 'zhengzhi',
        label: '集中整治',
        from: c.from,
        to: c.to,
        fromNextYear: false,
        toNextYear: c.to < c.from,
        description: '每校至少完成 1 次校园周边检查，发现的问题整治期内整改销号。',
        duties: [
          {
            code: 'surroundings_check',
            label: '校园周边检查',
            kind: 'inspection' as const,
            types: checklist,
            levels: [],
            min: 1,
            subjects: 'schools' as const,
          },
        ],
        closeHazards: true,
      },
    ],
  }));
}

/** Every template of a district's pack: campaigns.yaml's, then the clean-ups of surroundings.yaml. */
export function campaignTemplatesOf(
  pack: Pick<ResolvedPack, 'surroundings' | 'checklists'> & { campaigns: WithOrigin<CampaignTemplateDef>[] },
): CampaignTemplate[] {
  return [
    ...pack.campaigns.map((t) => ({ ...t, origin: `${t.origin.pack}@${t.origin.version} ${t.origin.file}` })),
    ...cleanupTemplates(pack).map((t) => ({ ...t, origin: 'surroundings.yaml cleanups' })),
  ];
}

/** A month-day of a year as a real day; 02-29 in a common year becomes 02-28. */
export function dayOfYear(year: number, monthDay: string): string {
  const [m, d] = monthDay.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A template made into a campaign of `year` (the form's starting point; the district can still edit every field). */
export function instantiateTemplate(t: CampaignTemplateDef, year: number) {
  return {
    templateCode: t.code,
    name: `${year}年${t.label}`,
    kind: t.kind,
    year,
    description: t.description,
    participants: {
      schoolTypes: t.schoolTypes.filter((x): x is (typeof schoolTypes)[number] => (schoolTypes as readonly string[]).includes(x)),
      parentIds: [],
      departmentIds: [],
    },
    phases: t.phases.map((p) => ({
      code: p.code,
      label: p.label,
      startsOn: dayOfYear(year + (p.fromNextYear ? 1 : 0), p.from),
      endsOn: dayOfYear(year + (p.toNextYear ? 1 : 0), p.to),
      description: p.description,
      duties: p.duties.map((d) => ({ ...d })),
      closeHazards: p.closeHazards,
    })),
  };
}

/* ---- windows and targets ---- */

export type PhaseState = 'upcoming' | 'running' | 'ended';
export const phaseStateLabels: Record<PhaseState, string> = { upcoming: '未开始', running: '进行中', ended: '已结束' };

export function phaseState(p: { startsOn: string; endsOn: string }, today: string): PhaseState {
  if (today < p.startsOn) return 'upcoming';
  if (today > p.endsOn) return 'ended';
  return 'running';
}

/** The days of a phase that have records to count: none before it starts, up to today while it runs. */
export function countedWindow(p: { startsOn: string; endsOn: string }, today: string): { from: string; to: string } | null {
  if (today < p.startsOn) return null;
  return { from: p.startsOn, to: today < p.endsOn ? today : p.endsOn };
}

export type DutyCellStatus = 'done' | 'open' | 'missed' | 'upcoming';
export const dutyCellStatusLabels: Record<DutyCellStatus, string> = { done: '已完成', open: '进行中', missed: '未完成', upcoming: '未开始' };

/** A school's duty in a phase: done once it has `min` records; otherwise open while the phase runs and missed after. */
export function dutyCell(count: number, min: number, state: PhaseState): DutyCellStatus {
  if (state === 'upcoming') return 'upcoming';
  if (count >= min) return 'done';
  return state === 'running' ? 'open' : 'missed';
}

export type CampaignHazard = { schoolId: string; foundOn: string; closedOn: string | null };
export type HazardTarget = { found: number; closedInTime: number; open: number; status: 'met' | 'open' | 'missed' | 'upcoming' };

/**
 * The hazards target of a phase for one school: the campaign's hazards found by the phase's end
 * must be closed by it. Met when all are (or none were found), open while the phase runs, missed after.
 */
export function hazardTarget(hazards: readonly CampaignHazard[], p: { startsOn: string; endsOn: string }, today: string): HazardTarget {
  const state = phaseState(p, today);
  const inScope = hazards.filter((h) => h.foundOn <= p.endsOn);
  const closedInTime = inScope.filter((h) => h.closedOn !== null && h.closedOn <= p.endsOn).length;
  const open = inScope.filter((h) => h.closedOn === null || h.closedOn > p.endsOn).length;
  const status = state === 'upcoming' ? 'upcoming' : open === 0 ? 'met' : state === 'running' ? 'open' : 'missed';
  return { found: inScope.length, closedInTime, open, status };
}

/** A share in percent with one decimal; null when there is nothing to count. */
export const rateOf = (done: number, total: number): number | null => (total === 0 ? null : Math.round((done / total) * 1000) / 10);

/** The whole campaign's window: first phase start to last phase end. */
export function campaignSpan(phases: readonly { startsOn: string; endsOn: string }[]) {
  return {
    startsOn: phases.map((p) => p.startsOn).sort()[0] ?? '',
    endsOn:
      phases
        .map((p) => p.endsOn)
        .sort()
        .at(-1) ?? '',
  };
}
