import { AppError } from '../../domain/errors.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import type { PolicyRegistry } from './policy.registry.js';
import { findDistrictCode } from './templates.repository.js';

/**
 * The pack a district runs on. The district's code picks it (policies/districts/<x>/pack.yaml
 * names its districts); the answer is cached per registry, since both only change on restart.
 */
const cache = new WeakMap<PolicyRegistry, Map<string, ResolvedPack>>();

export async function packForDistrict(db: Db, policies: PolicyRegistry, districtId: string): Promise<ResolvedPack> {
  let byDistrict = cache.get(policies);
  if (!byDistrict) {
    byDistrict = new Map();
    cache.set(policies, byDistrict);
  }
  const hit = byDistrict.get(districtId);
  if (hit) return hit;
  const code = await findDistrictCode(db, districtId);
  const pack = policies.forDistrictCode(code ?? '');
  byDistrict.set(districtId, pack);
  return pack;
}

export const packOf = (app: AppContext, districtId: string) => packForDistrict(app.db, app.policies, districtId);

/** The resolved pack as the API shows it: every rule with the pack and file it came from. */
export function policyPackDto(pack: ResolvedPack) {
  return {
    id: pack.id,
    name: pack.name,
    version: pack.version,
    chain: pack.chain,
    hazardCategories: pack.hazardCategories,
    hazardPlaces: pack.hazardPlaces,
    deadlineDays: pack.deadlineDays,
    levels: pack.levels,
    departmentFunctions: pack.departmentFunctions,
    calendar: pack.calendar,
    obligations: pack.obligations,
    /** Record vocabularies (drill types, education topics …): the obligations name their codes. */
    vocab: pack.vocab,
    sanfang: pack.sanfang,
    checklists: pack.checklists.map(({ items, ...c }) => ({ ...c, itemCount: items.length })),
  };
}

/** A hazard category must be one of the district's (its pack may add or retire categories). */
export function assertHazardCategory(pack: ResolvedPack, code: string | undefined, path = 'category') {
  if (code === undefined || pack.hazardCategories.some((c) => c.code === code)) return;
  const choices = pack.hazardCategories.map((c) => c.label).join('、');
  throw new AppError('VALIDATION_FAILED', `隐患类别「${code}」不在本区政策包中，可选：${choices}`, [{ path, message: '隐患类别无效' }]);
}
