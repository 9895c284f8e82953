import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import { hazardLevels } from '../../domain/hazard.js';
import type { TemplateItem } from '../../domain/inspection.js';
import { type ChecklistTemplateDef, type InspectionLevel, type PeriodKind, periodKindLabels, type ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Role } from '../../domain/roles.js';
import { int4Max } from '../../domain/validation.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf, systemActor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { packForDistrict, packOf } from './policy.service.js';
import * as repo from './templates.repository.js';

/** Checklist templates are edited by the district admin (the workbench's 权限 line reads this too). */
export const canEditTemplates = (role: Role): boolean => role === 'district_admin';

/**
 * Checklist templates as stored versions. The pack's templates are copied in at start
 * (syncPackTemplates); an admin's save makes a new version with origin 'district', after which
 * pack changes to that template no longer replace it. Inspections keep the version they used.
 */
type Content = Pick<ChecklistTemplateDef, 'name' | 'description' | 'period' | 'levels' | 'report' | 'source'> & { items: TemplateItem[] };

export const contentHash = (c: Content) =>
  createHash('sha256')
    .update(JSON.stringify([c.name, c.description, c.period ?? null, c.levels, c.report ?? null, c.source, c.items]))
    .digest('hex');

const contentOf = (def: ChecklistTemplateDef): Content => ({
  name: def.name,
  description: def.description,
  period: def.period,
  levels: def.levels,
  report: def.report,
  source: def.source,
  items: def.items,
});

/** Copies new or changed pack templates into a district; returns the codes that got a new version. */
export async function syncPackTemplates(db: Db, pack: ResolvedPack, districtId: string): Promise<string[]> {
  const changed: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const def of pack.checklists) {
      const content = contentOf(def);
      const hash = contentHash(content);
      const latest = await repo.findTemplate(trx, districtId, def.code);
      if (latest && (latest.origin === 'district' || latest.content_hash === hash)) continue;
      const packRef = `${def.origin.pack}@${def.origin.version}`;
      const row = await repo.insertTemplate(trx, {
        district_id: districtId,
        code: def.code,
        version: (latest?.version ?? 0) + 1,
        ...content,
        period: content.period ?? null,
        report: content.report ?? null,
        origin: 'pack',
        pack_ref: packRef,
        content_hash: hash,
        created_by: null,
        created_by_name: `政策包 ${packRef}`,
      });
      await appendAuditEvent(trx, systemActor(districtId, '政策包同步'), {
        action: 'checklist_template.sync',
        entityType: 'checklist_template',
        entityId: row.id,
        orgUnitId: districtId,
        summary: `检查表「${def.name}」第 ${row.version} 版（来自 ${packRef}）`,
        after: { code: def.code, version: row.version, items: def.items.length },
      });
      changed.push(def.code);
    }
  });
  return changed;
}

export type TemplateSummaryDto = ReturnType<typeof toSummary>;

function toSummary(r: repo.TemplateRecord, pack: ResolvedPack) {
  const items = r.items as TemplateItem[];
  const levels = r.levels as InspectionLevel[];
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    description: r.description,
    period: r.period,
    periodLabel: r.period ? periodKindLabels[r.period as PeriodKind] : null,
    levels,
    levelLabels: levels.map((l) => pack.levels.find((x) => x.code === l)?.label ?? l),
    report: r.report as ChecklistTemplateDef['report'] | null,
    source: r.source,
    origin: r.origin,
    packRef: r.pack_ref,
    itemCount: items.filter((i) => !i.retired).length,
    createdAt: r.created_at.toISOString(),
    createdByName: r.created_by_name,
  };
}

const categoryLabelOf = (pack: ResolvedPack, code: string) => pack.hazardCategories.find((c) => c.code === code)?.label ?? code;

export function toTemplateDetail(r: repo.TemplateRecord, pack: ResolvedPack) {
  return {
    ...toSummary(r, pack),
    items: (r.items as TemplateItem[]).map((i) => ({ ...i, retired: i.retired ?? false, categoryLabel: categoryLabelOf(pack, i.category) })),
  };
}

export async function listChecklistTemplates(app: AppContext, actor: Actor) {
  const pack = await packOf(app, actor.districtId);
  const rows = await repo.findLatestTemplates(app.db, actor.districtId);
  // The pack's order (daily, weekly, monthly …) reads better than alphabetical codes.
  const order = new Map(pack.checklists.map((c, i) => [c.code, i]));
  rows.sort((a, b) => (order.get(a.code) ?? 999) - (order.get(b.code) ?? 999) || a.code.localeCompare(b.code));
  return { items: rows.map((r) => toSummary(r, pack)) };
}

export async function getChecklistTemplate(app: AppContext, actor: Actor, code: string, version?: number) {
  const pack = await packOf(app, actor.districtId);
  const row = await repo.findTemplate(app.db, actor.districtId, code, version);
  if (!row) throw notFound(version ? `检查表「${code}」第 ${version} 版` : `检查表「${code}」`);
  const versions = await repo.listTemplateVersions(app.db, actor.districtId, code);
  return {
    ...toTemplateDetail(row, pack),
    versions: versions.map((v) => ({
      version: v.version,
      origin: v.origin,
      packRef: v.pack_ref,
      createdByName: v.created_by_name,
      createdAt: v.created_at.toISOString(),
    })),
  };
}

const itemEdit = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, '检查项编码无效')
      .optional(),
    text: z.string().trim().min(1, '请填写检查内容').max(200, '检查内容不超过 200 个字'),
    category: z.string().trim().min(1, '请选择隐患类别').max(40),
    place: z.string().trim().max(20, '部位不超过 20 个字').optional(),
    guidance: z.string().trim().max(1000, '检查方法不超过 1000 个字').default(''),
    photoRequiredOnFail: z.boolean().default(true),
    failLevel: z.enum(hazardLevels, { error: '不合格时的隐患等级应为一般或重大' }).default('general'),
    retired: z.boolean().default(false),
  })
  .strict();

export const saveTemplateSchema = z
  .object({
    baseVersion: z.number({ error: '缺少版本号' }).int().min(1).max(int4Max, '版本号无效'),
    name: z.string().trim().min(1, '请填写检查表名称').max(60, '名称不超过 60 个字'),
    description: z.string().trim().max(1000, '说明不超过 1000 个字').default(''),
    items: z.array(itemEdit).min(1, '至少保留一个检查项').max(300, '检查项最多 300 项'),
  })
  .strict();

/** New items get the next free code `d<n>`; existing codes keep their meaning across versions. */
function assignCodes(items: z.infer<typeof itemEdit>[], previous: readonly TemplateItem[]): TemplateItem[] {
  const used = new Set(previous.map((i) => i.code));
  for (const i of items) if (i.code) used.add(i.code);
  let n = 1;
  return items.map(({ code, place, ...rest }) => {
    let c = code;
    if (!c) {
      while (used.has(`d${n}`)) n++;
      c = `d${n}`;
      used.add(c);
    }
    return { code: c, ...rest, ...(place ? { place } : {}) };
  });
}

export async function saveChecklistTemplate(app: AppContext, actor: Actor, code: string, input: z.infer<typeof saveTemplateSchema>) {
  if (!canEditTemplates(actor.role)) throw forbidden('只有区教委管理员可以修改检查表');
  const pack = await packOf(app, actor.districtId);
  const categories = new Set(pack.hazardCategories.map((c) => c.code));
  const problems = input.items.flatMap((i, index) =>
    categories.has(i.category) ? [] : [{ path: `items[${index}].category`, message: `隐患类别「${i.category}」不在本区政策包中` }],
  );
  const seen = new Set<string>();
  input.items.forEach((i, index) => {
    if (i.code && seen.has(i.code)) problems.push({ path: `items[${index}].code`, message: `检查项编码「${i.code}」重复` });
    if (i.code) seen.add(i.code);
  });
  if (!input.items.some((i) => !i.retired)) problems.push({ path: 'items', message: '至少保留一个未停用的检查项' });
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]?.message ?? '检查表无效', problems);
  const id = await app.db.transaction().execute(async (trx) => {
    const latest = await repo.findTemplate(trx, actor.districtId, code);
    if (!latest) throw notFound(`检查表「${code}」`);
    if (latest.version !== input.baseVersion) throw new AppError('CONFLICT', `检查表已被他人修改为第 ${latest.version} 版，请刷新后再改`);
    const previous = latest.items as TemplateItem[];
    const items = assignCodes(input.items, previous);
    const content: Content = {
      name: input.name,
      description: input.description,
      period: (latest.period ?? undefined) as PeriodKind | undefined,
      levels: latest.levels as InspectionLevel[],
      report: (latest.report ?? undefined) as ChecklistTemplateDef['report'],
      source: latest.source,
      items,
    };
    const row = await repo.insertTemplate(trx, {
      district_id: actor.districtId,
      code,
      version: latest.version + 1,
      ...content,
      period: latest.period,
      report: latest.report ?? null,
      origin: 'district',
      pack_ref: latest.pack_ref,
      content_hash: contentHash(content),
      created_by: actor.userId,
      created_by_name: actor.displayName,
    });
    const before = new Map(previous.map((i) => [i.code, i]));
    const added = items.filter((i) => !before.has(i.code)).length;
    const retired = items.filter((i) => i.retired && !before.get(i.code)?.retired).length;
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'checklist_template.save',
      entityType: 'checklist_template',
      entityId: row.id,
      orgUnitId: actor.districtId,
      summary: `修改检查表「${input.name}」为第 ${row.version} 版（新增 ${added} 项，停用 ${retired} 项）`,
      before: { version: latest.version, name: latest.name, items: previous.map((i) => i.text) },
      after: { version: row.version, name: input.name, items: items.map((i) => (i.retired ? `（停用）${i.text}` : i.text)) },
    });
    return row.id;
  });
  const row = await repo.findTemplateById(app.db, actor.districtId, id);
  return toTemplateDetail(row as repo.TemplateRecord, pack);
}

/** At start: every district's templates brought up to its pack (new or changed pack templates). */
export async function syncAllDistricts(db: Db, policies: AppContext['policies']): Promise<{ districtId: string; changed: string[] }[]> {
  const out = [];
  for (const districtId of await repo.listDistrictIds(db)) {
    const pack = await packForDistrict(db, policies, districtId);
    out.push({ districtId, changed: await syncPackTemplates(db, pack, districtId) });
  }
  return out;
}
