import { listCases } from '../../cases/cases.service.js';
import type { MeasureContext, MeasureDef, MeasureValue } from '../measures.registry.js';
import { MAX_EVIDENCE_ROWS } from '../measures.registry.js';
import { spanOf } from './span.js';

/**
 * Incidents (安全事故/突发事件 with a level) registered in the round's span at a school, through
 * the case engine's own list (listCases, one read over the district, partitioned by school): the
 * same cases the case list shows. Cases seen only by their own units (bullying) are not incidents.
 */
async function incidentsOf(ctx: MeasureContext) {
  const { start, end } = spanOf(ctx);
  const all = await listCases(ctx.app, ctx.actor, { from: start, to: end, page: 1, pageSize: 100_000 }, ctx.now);
  const incidents = all.items.filter((c) => c.level !== null && (!ctx.params.level || c.level === ctx.params.level));
  const out = new Map<string, typeof incidents>();
  for (const unit of ctx.units)
    out.set(
      unit.id,
      incidents.filter((c) => c.schoolId === unit.id),
    );
  return out;
}

const link = (id: string) => `/cases/${id}`;

export const incidentsMeasure: MeasureDef = {
  code: 'incidents',
  label: '安全事故起数（期内登记、定了等级的事故；可限定等级 level）',
  unit: '起',
  unitTypes: ['school'],
  checkParams: (params, pack) =>
    params.level && !pack.cases.incident?.levels.some((l) => l.code === params.level) ? `事故等级「${String(params.level)}」未在 cases.yaml 中定义` : null,
  compute: async (ctx) => {
    const out = new Map<string, MeasureValue>();
    for (const [unitId, items] of await incidentsOf(ctx)) {
      out.set(unitId, {
        value: items.length,
        detail: `期内事故 ${items.length} 起`,
        rows: items
          .slice(0, MAX_EVIDENCE_ROWS)
          .map((c) => ({ text: `${c.code} ${c.title}（${c.levelLabel ?? ''}，${c.createdAt.slice(0, 10)}）`, link: link(c.id) })),
      });
    }
    return out;
  },
};

export const incidentDeathsMeasure: MeasureDef = {
  code: 'incident_deaths',
  label: '事故死亡人数（期内登记的事故）',
  unit: '人',
  unitTypes: ['school'],
  checkParams: () => null,
  compute: async (ctx) => {
    const out = new Map<string, MeasureValue>();
    for (const [unitId, items] of await incidentsOf(ctx)) {
      const fatal = items.filter((c) => c.deaths > 0);
      const deaths = fatal.reduce((n, c) => n + c.deaths, 0);
      out.set(unitId, {
        value: deaths,
        detail: deaths ? `期内事故造成 ${deaths} 人死亡` : '期内无死亡事故',
        rows: fatal.map((c) => ({ text: `${c.code} ${c.title}：死亡 ${c.deaths} 人（${c.createdAt.slice(0, 10)}）`, link: link(c.id) })),
      });
    }
    return out;
  },
};

export const incidentReportsLateMeasure: MeasureDef = {
  code: 'incident_reports_late',
  label: '事故迟报、漏报次数（期内登记的事故，按等级要求的首报、书面报告、续报、终报逾时或逾期未报）',
  unit: '次',
  unitTypes: ['school'],
  checkParams: () => null,
  compute: async (ctx) => {
    const out = new Map<string, MeasureValue>();
    for (const [unitId, items] of await incidentsOf(ctx)) {
      const rows = items.flatMap((c) =>
        c.faultyReports.map((r) => ({ text: `${c.code} ${c.title}：${r.label}${r.lateText ?? ''}（时限 ${r.dueAt?.slice(0, 16) ?? '—'}）`, link: link(c.id) })),
      );
      out.set(unitId, {
        value: rows.length,
        detail: rows.length ? `期内事故迟报、漏报 ${rows.length} 次` : items.length ? `期内事故 ${items.length} 起，均按时报告` : '期内无事故',
        rows: rows.slice(0, MAX_EVIDENCE_ROWS),
      });
    }
    return out;
  },
};

export const incidentsConcealedMeasure: MeasureDef = {
  code: 'incidents_concealed',
  label: '事故瞒报起数（区教委认定瞒报的事故；可作一票否决项）',
  unit: '起',
  unitTypes: ['school'],
  checkParams: () => null,
  compute: async (ctx) => {
    const out = new Map<string, MeasureValue>();
    for (const [unitId, items] of await incidentsOf(ctx)) {
      const concealed = items.filter((c) => c.concealed);
      out.set(unitId, {
        value: concealed.length,
        detail: concealed.length ? `期内瞒报事故 ${concealed.length} 起` : '期内无瞒报',
        rows: concealed.slice(0, MAX_EVIDENCE_ROWS).map((c) => ({ text: `${c.code} ${c.title}（${c.createdAt.slice(0, 10)}，瞒报）`, link: link(c.id) })),
      });
    }
    return out;
  },
};
