import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, forbidden, notFound } from '../../domain/errors.js';
import type { HazardLevel, HazardSource } from '../../domain/hazard.js';
import { hazardFromItem, type TemplateItem } from '../../domain/inspection.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { toHazardDto } from '../hazards/hazards.dto.js';
import { findHazardById, type HazardRecord } from '../hazards/hazards.repository.js';
import { insertHazardInTransaction } from '../hazards/hazards.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './inspections.repository.js';
import { canRaiseFrom, loadVisible, schoolRoles } from './inspections.service.js';

type Row = NonNullable<repo.InspectionRecord>;
type Target = Pick<Row, 'id' | 'code' | 'school_id' | 'template_name' | 'level' | 'inspected_at'>;

export type HazardOverrides = {
  title?: string | undefined;
  description?: string | undefined;
  level?: HazardLevel | undefined;
  place?: string | undefined;
  category?: string | undefined;
};

/**
 * One failed item → one hazard, prefilled from the item (text, category, place, level, the note,
 * the item's photos shown through the link) with the inspection's level as the source. A school
 * may report a failure but not declare it 重大: the level is then left for the supervisor to assess.
 */
async function raiseOne(trx: Db, actor: Actor, row: Target, item: repo.ItemRow, pack: ResolvedPack, now: Date, over: HazardOverrides = {}): Promise<string> {
  const tplItem: TemplateItem = {
    code: item.code,
    text: item.text,
    category: item.category,
    guidance: item.guidance,
    photoRequiredOnFail: item.photo_required,
    failLevel: item.fail_level as HazardLevel,
    ...(item.place ? { place: item.place } : {}),
  };
  const proposed = hazardFromItem(tplItem, item.note, `${row.template_name}（${row.code}）`);
  const school = schoolRoles.has(actor.role);
  const level = over.level ?? proposed.level;
  if (school && over.level === 'major') throw forbidden('学校可上报隐患，重大隐患由上级研判认定');
  const source: HazardSource = school ? 'school_self' : (row.level as HazardSource);
  const category = over.category ?? proposed.category;
  if (!pack.hazardCategories.some((c) => c.code === category)) {
    throw new AppError('VALIDATION_FAILED', `隐患类别「${category}」不在本区政策包中`, [{ path: 'category', message: '隐患类别无效' }]);
  }
  const id = await insertHazardInTransaction(
    trx,
    actor,
    {
      schoolId: row.school_id,
      title: over.title ?? proposed.title,
      description: over.description ?? proposed.description,
      place: over.place ?? proposed.place,
      category,
      // A school's own major finding waits for the supervisor's assessment (研判).
      level: school && level === 'major' ? undefined : level,
      source,
      attachmentIds: [],
    },
    row.inspected_at,
    now,
    { inspectionId: row.id, itemCode: item.code },
  );
  if (!(await repo.setItemHazard(trx, actor.districtId, row.id, item.code, id))) {
    throw new AppError('CONFLICT', `检查项「${item.text}」已转为隐患`);
  }
  return id;
}

/** At submission: every failed item marked 转为隐患 becomes a hazard in the same transaction. */
export async function raiseHazardsOnSubmit(
  trx: Db,
  actor: Actor,
  row: Target,
  items: readonly repo.ItemRow[],
  pack: ResolvedPack,
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const item of items) {
    if (item.result === 'fail' && item.raise_hazard && !item.hazard_id) ids.push(await raiseOne(trx, actor, row, item, pack, now));
  }
  return ids;
}

export async function createHazardFromItem(app: AppContext, actor: Actor, id: string, code: string, over: HazardOverrides, now = new Date()) {
  const row = await loadVisible(app.db, actor, id);
  if (row.status !== 'submitted') throw new AppError('CONFLICT', '请先提交检查，再把不合格项转为隐患');
  if (!canRaiseFrom(actor, row)) throw forbidden('只有检查人、本校校长或安全干部、区教委可以把不合格项转为隐患');
  const item = (await repo.findItems(app.db, actor.districtId, id)).find((i) => i.code === code);
  if (!item) throw notFound('检查项');
  if (item.result !== 'fail') throw new AppError('CONFLICT', `检查项「${item.text}」不是不合格，不能转为隐患`);
  if (item.hazard_id) throw new AppError('CONFLICT', `检查项「${item.text}」已转为隐患`);
  const pack = await packOf(app, actor.districtId);
  const hazardId = await app.db.transaction().execute(async (trx) => {
    const hid = await raiseOne(trx, actor, row, item, pack, now, over);
    await repo.incrementHazardCount(trx, actor.districtId, id);
    return hid;
  });
  return { hazard: toHazardDto((await findHazardById(app.db, actor.districtId, hazardId)) as HazardRecord, shanghaiDay(now)) };
}
