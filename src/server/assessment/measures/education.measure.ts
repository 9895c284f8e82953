import { getEducationHours } from '../../education/education.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';

/**
 * Safety-education class hours (安全教育课时): the share of a school's classes that had at least
 * `hours` class hours in the round's span (of one `topic` when given, e.g. 消防 for “每学期不少于 4
 * 课时的消防安全教育”), from the hours page's own computation (getEducationHours, one call for the
 * district, its rows partitioned by school): a class counts its own sessions, its grade's and the
 * whole school's; a class without any lesson is a row with 0 hours, and a school with
 * neither classes nor lessons scores 0.
 */
const hoursOf = (params: MeasureContext['params']) => Number(params.hours);

export const educationClassRateMeasure: MeasureDef = {
  code: 'education_class_rate',
  label: '安全教育课时达标班级比例（课时统计同一算法；hours 每班应达课时，可限定 topic 专题）',
  unit: '%',
  unitTypes: ['school'],
  checkParams: (params, pack) => {
    const h = hoursOf(params);
    if (!Number.isFinite(h) || h <= 0) return 'hours 应写每班应达到的课时数（大于 0）';
    if (params.topic && !pack.vocab.educationTopics.some((t) => t.code === params.topic)) return `本区政策包中没有安全教育专题「${String(params.topic)}」`;
    return null;
  },
  compute: async (ctx) => {
    const need = hoursOf(ctx.params);
    const topic = ctx.params.topic ? String(ctx.params.topic) : null;
    const all = await getEducationHours(ctx.app, ctx.actor, { from: ctx.from, to: ctx.to, page: 1, pageSize: 1_000_000 });
    const bySchool = new Map<string, typeof all.items>();
    for (const c of all.items) bySchool.set(c.schoolId, [...(bySchool.get(c.schoolId) ?? []), c]);
    const hoursIn = (c: (typeof all.items)[number]) => (topic ? (c.byTopic.find((x) => x.topic === topic)?.hours ?? 0) : c.hours);
    const what = topic ? `「${ctx.pack.vocab.educationTopics.find((t) => t.code === topic)?.label ?? topic}」专题` : '安全教育';
    const out = new Map<string, MeasureValue>();
    for (const unit of ctx.units) {
      const classes = bySchool.get(unit.id) ?? [];
      const short = classes.filter((c) => hoursIn(c) < need);
      out.set(unit.id, {
        // Nothing recorded and no class list is not “nothing to judge”: no lesson was given, 0 %.
        value: classes.length ? Math.round(((classes.length - short.length) / classes.length) * 1000) / 10 : 0,
        detail: classes.length
          ? `${what}课时：${classes.length} 个班级（或年级、全校）中 ${classes.length - short.length} 个达到 ${need} 课时，${short.length} 个未达到`
          : '未登记班级，也没有安全教育记录（按 0 计）',
        rows: short.slice(0, MAX_EVIDENCE_ROWS).map((c) => ({ text: `${c.audienceLabel}：${hoursIn(c)} 课时（应 ${need} 课时）`, link: '/education' })),
      });
    }
    return out;
  },
};
