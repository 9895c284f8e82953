import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, notFound } from '../../domain/errors.js';
import type { Period } from '../../domain/periods.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { ReportTypeDef } from '../../domain/policy/reports-schema.js';
import { currentReportPeriod, dueDayOf, isFileable, type ReportTypeRule, reportPeriodByKey, reportPeriodLabels } from '../../domain/reports.js';
import type { Role } from '../../domain/roles.js';
import { canRead } from '../../domain/scope.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { resolveView } from '../dashboard/dashboard.view.js';
import { packOf } from '../policy/policy.service.js';
import { reportCellOf } from './report-cells.registry.js';
import { findUnit } from './reports.repository.js';

/** What every report use case resolves first: the pack's type, the period and the filing unit, in scope. */
export type ReportType = ReportTypeDef & { rule: ReportTypeRule };

export const ruleOf = (t: ReportTypeDef): ReportTypeRule => ({ code: t.code, label: t.label, period: t.period, due: t.due, from: t.from });

export async function reportTypesOf(app: AppContext, districtId: string): Promise<{ pack: ResolvedPack; types: ReportType[] }> {
  const pack = await packOf(app, districtId);
  return { pack, types: pack.reports.map((t) => ({ ...t, rule: ruleOf(t) })) };
}

export async function reportTypeOf(app: AppContext, districtId: string, code: string): Promise<ReportType> {
  const t = (await reportTypesOf(app, districtId)).types.find((x) => x.code === code);
  if (!t) throw notFound('报表类型');
  return t;
}

const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/** The period a key names (default: the one to file now); a bad key is a 400, a period not over yet too. */
export function periodOfType(t: ReportType, key: string | undefined, today: string): Period {
  let p: Period | null;
  try {
    p = key ? reportPeriodByKey(t.rule, key) : currentReportPeriod(t.rule, today);
  } catch {
    throw bad('periodKey', `报送周期「${key}」无效，${reportPeriodLabels[t.period]}报表的周期编码如 ${examples[t.period]}`);
  }
  if (!p || !isFileable(t.rule, p, today)) throw bad('periodKey', `${p?.label ?? t.label}尚未结束，还不能填报`);
  return p;
}
const examples = { daily: '2026-12-06', weekly: '2026-W49', monthly: '2026-11', yearly: '2026', once: 'once' } as const;

export const dueOf = (t: ReportType, p: Period) => dueDayOf(t.rule, p);
export const todayOf = (now: Date) => shanghaiDay(now);

export type ReportUnit = { id: string; name: string; kind: string; parent_id: string | null; department_type?: string | null };

/** A type limited to some department types (派出所) is filed by those departments only. */
export const departmentFits = (t: ReportTypeDef, u: { kind: string; department_type?: string | null | undefined }) =>
  u.kind !== 'department' || !t.departmentTypes.length || (t.departmentTypes as readonly (string | null | undefined)[]).includes(u.department_type);

/** The filing unit: in the actor's read scope (else 404) and of a kind that files this type (else 400). */
export async function filingUnitOf(app: AppContext, actor: Actor, t: ReportType, unitId: string | undefined): Promise<ReportUnit> {
  const id = unitId ?? actor.orgUnitId;
  const u = canRead(actor.scope, id) ? await findUnit(app.db, actor.districtId, id) : undefined;
  if (!u?.is_active) throw notFound('单位');
  if (!(t.filers as readonly string[]).includes(u.kind)) throw bad('unitId', `${u.name}不填报「${t.label}」`);
  if (!departmentFits(t, u)) throw bad('unitId', `${u.name}不填报「${t.label}」`);
  return u;
}

/** Who files for a unit of each kind: the unit's own managers. */
export const filingRoles: Record<string, readonly Role[]> = {
  school: ['principal', 'school_safety_officer'],
  centre: ['centre_officer'],
  township: ['centre_officer'],
  department: ['department_officer', 'police_officer'],
};
export const canFileFor = (actor: Actor, unit: ReportUnit) => actor.orgUnitId === unit.id && (filingRoles[unit.kind] ?? []).includes(actor.role);

/** Who may return a report: the district's admins, or for a report to the parent, that parent's officers. */
export const canReturnFrom = (actor: Actor, t: ReportType, unit: ReportUnit) =>
  actor.role === 'district_admin' || (t.to === 'parent' && actor.role === 'centre_officer' && unit.parent_id === actor.orgUnitId);

export type CellValue = { key: string; label: string; group: string; unit: string; computed: number | null };

/**
 * The type's cells computed for the unit and period over the dashboard's view (the unit as the
 * level picker's unit, the period as a custom period): the same functions and filters as the
 * dashboard's panels, so the numbers agree. A department has no dashboard level: a cell with a
 * department figure computes it for the unit (report-cells.registry.ts), the others are the filer's.
 */
export async function computeCells(app: AppContext, actor: Actor, t: ReportType, unit: ReportUnit, p: Period, now: Date): Promise<CellValue[]> {
  const cells = t.cells
    .map((k) => reportCellOf(k))
    .filter((c) => c !== undefined)
    .filter((c) => !c.filers || c.filers.includes(unit.kind));
  if (unit.kind === 'department') {
    const d = { app, actor, unitId: unit.id, from: p.start, to: p.end, memo: new Map<string, Promise<unknown>>() };
    const values = await Promise.all(cells.map((c) => (c.department ? c.department(d) : Promise.resolve(null))));
    return cells.map((c, i) => ({ key: c.key, label: c.label, group: c.group, unit: c.unit, computed: values[i] ?? null }));
  }
  const v = await resolveView(app, actor, { period: 'custom', from: p.start, to: p.end, orgUnitId: unit.id }, now);
  const values = await Promise.all(cells.map((c) => c.compute(v)));
  return cells.map((c, i) => ({ key: c.key, label: c.label, group: c.group, unit: c.unit, computed: values[i] ?? null }));
}
