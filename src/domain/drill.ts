import { z } from 'zod';
import { hazardLevels } from './hazard.js';
import { isoDateTime } from './input-dates.js';

/**
 * Emergency drills (应急演练, RULES.md YJ-01..03): type from the pack's vocabulary, time, scenario,
 * organiser and outside guidance, who took part against the enrolment, evacuation time per
 * building against the target (YJ-02), assembly point, problems found (each may become a
 * hazard), photos, summary and evaluation, the plan (预案). A draft is saved as the school goes;
 * completeness is checked on submit, and only submitted drills count as duties.
 */
export const drillStatuses = ['draft', 'submitted'] as const;
export type DrillStatus = (typeof drillStatuses)[number];
export const drillStatusLabels: Record<DrillStatus, string> = { draft: '草稿', submitted: '已提交' };

export const guidanceKinds = ['police', 'fire', 'medical', 'other'] as const;
export type GuidanceKind = (typeof guidanceKinds)[number];
export const guidanceKindLabels: Record<GuidanceKind, string> = { police: '公安/派出所', fire: '消防救援', medical: '医疗卫生', other: '其他单位' };

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, `${label}不超过 ${max} 个字`);
const count = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .int(`${label}应为整数`)
    .min(0, `${label}不能为负数`)
    .max(100_000, `${label}过大`);

export const drillBuildingInput = z
  .object({
    name: text('楼名', 40).min(1, '请填写楼名'),
    floors: z.number({ error: '层数应为数字' }).int('层数应为整数').min(1, '层数至少为 1').max(100, '层数不超过 100'),
    /** Seconds from the signal until everyone in the building is out; null while not yet timed. */
    seconds: z.number({ error: '用时应为秒数' }).int('用时应为整数秒').min(1, '用时至少 1 秒').max(36_000, '用时过长').nullable().default(null),
    /** A target the school set for this building (taller buildings); else the pack's. */
    targetSeconds: z.number({ error: '目标用时应为秒数' }).int().min(10, '目标用时至少 10 秒').max(3600, '目标用时不超过 1 小时').nullable().default(null),
  })
  .strict();
export type DrillBuildingInput = z.infer<typeof drillBuildingInput>;

export const drillProblemInput = z
  .object({
    description: text('问题描述', 500).min(1, '请描述发现的问题'),
    place: text('部位', 40).default(''),
    /** A hazard category code of the district's pack (checked by the server). */
    category: z.string({ error: '请选择隐患类别' }).trim().min(1, '请选择隐患类别').max(40),
    level: z.enum(hazardLevels, { error: '隐患等级应为一般或重大' }).default('general'),
    attachmentIds: z.array(z.uuid('附件编号无效')).max(9, '每个问题照片最多 9 张').default([]),
    /** Register it as a hazard when the drill is submitted. */
    raiseHazard: z.boolean({ error: '应为是或否' }).default(false),
  })
  .strict();
export type DrillProblemInput = z.infer<typeof drillProblemInput>;

const guidanceInput = z
  .object({
    kind: z.enum(guidanceKinds, { error: '指导单位类别无效' }),
    unit: text('指导单位', 60).min(1, '请填写指导单位名称'),
  })
  .strict();

export const drillContentFields = {
  type: z.string({ error: '请选择演练类型' }).trim().min(1, '请选择演练类型').max(40),
  startedAt: isoDateTime('演练时间格式无效'),
  scenario: text('演练情景', 1000).default(''),
  organiser: text('组织者', 60).default(''),
  guidance: z.array(guidanceInput).max(5, '指导单位最多 5 个').default([]),
  studentParticipants: count('参演学生人数').default(0),
  staffParticipants: count('参演教职工人数').default(0),
  buildings: z.array(drillBuildingInput).max(50, '疏散楼栋最多 50 栋').default([]),
  assemblyPoint: text('集合地点', 100).default(''),
  problems: z.array(drillProblemInput).max(30, '问题最多 30 条').default([]),
  photoIds: z.array(z.uuid('附件编号无效')).max(20, '照片最多 20 张').default([]),
  planAttachmentId: z.uuid('预案附件无效').nullable().default(null),
  summary: text('演练总结', 2000).default(''),
  evaluation: text('演练评估', 2000).default(''),
};

export const createDrillSchema = z
  .object({
    clientId: z.uuid('客户端编号无效'),
    schoolId: z.uuid('学校无效'),
    ...drillContentFields,
    submit: z.boolean({ error: '应为是或否' }).default(false),
  })
  .strict();
export type CreateDrillInput = z.infer<typeof createDrillSchema>;
export type DrillContent = Omit<CreateDrillInput, 'clientId' | 'schoolId' | 'submit'>;

export const updateDrillSchema = z
  .object({ baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(2_147_483_647, '版本号无效'), ...drillContentFields })
  .strict();

/** The pack's evacuation rule (ResolvedPack.drillEvacuation without its origin). */
export type EvacuationRule = { targetSeconds: number; lowRiseMaxFloors: number; highRiseTargetSeconds: number };
export const defaultEvacuationRule: EvacuationRule = { targetSeconds: 120, lowRiseMaxFloors: 4, highRiseTargetSeconds: 180 };

/** The target of one building: the school's own, else 2 minutes for low-rise, else the pack's taller-building target. */
export const evacuationTarget = (rule: EvacuationRule, b: Pick<DrillBuildingInput, 'floors' | 'targetSeconds'>): number =>
  b.targetSeconds ?? (b.floors <= rule.lowRiseMaxFloors ? rule.targetSeconds : rule.highRiseTargetSeconds);

export type JudgedBuilding = { name: string; floors: number; seconds: number | null; targetSeconds: number; ownTarget: boolean; slow: boolean };

/** Each building with the target it was judged against (stored with the drill) and whether it was slow. */
export const judgeBuildings = (rule: EvacuationRule, buildings: readonly DrillBuildingInput[]): JudgedBuilding[] =>
  buildings.map((b) => {
    const targetSeconds = evacuationTarget(rule, b);
    return {
      name: b.name,
      floors: b.floors,
      seconds: b.seconds,
      targetSeconds,
      ownTarget: b.targetSeconds !== null,
      slow: b.seconds !== null && b.seconds > targetSeconds,
    };
  });

/** Share of the base taking part, 0..1 (null when the base is unknown). */
export const participationShare = (participants: number, base: number): number | null => (base > 0 ? Math.min(1, participants / base) : null);

/** 1 分 30 秒 / 45 秒. */
export const formatSeconds = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)} 分${s % 60 ? ` ${s % 60} 秒` : '钟'}` : `${s} 秒`);

export type SubmissionProblem = { path: string; message: string };

/** What must be there before a drill is submitted (a draft may be incomplete). */
export function drillSubmissionProblems(c: DrillContent, base: { enrollment: number; staff: number }): SubmissionProblem[] {
  const out: SubmissionProblem[] = [];
  if (!c.scenario) out.push({ path: 'scenario', message: '请填写演练情景' });
  if (!c.organiser) out.push({ path: 'organiser', message: '请填写组织者' });
  if (c.studentParticipants + c.staffParticipants === 0) out.push({ path: 'studentParticipants', message: '请填写参演人数' });
  if (base.enrollment > 0 && c.studentParticipants > base.enrollment) {
    out.push({ path: 'studentParticipants', message: `参演学生 ${c.studentParticipants} 人，超过在校生 ${base.enrollment} 人` });
  }
  if (base.staff > 0 && c.staffParticipants > base.staff) {
    out.push({ path: 'staffParticipants', message: `参演教职工 ${c.staffParticipants} 人，超过教职工 ${base.staff} 人` });
  }
  c.buildings.forEach((b, i) => {
    if (b.seconds === null) out.push({ path: `buildings.${i}.seconds`, message: `请填写「${b.name}」的疏散用时` });
  });
  if (!c.summary) out.push({ path: 'summary', message: '请填写演练总结' });
  return out;
}
