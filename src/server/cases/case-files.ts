import type { Actor } from '../auth/actor.js';
import type { Db } from '../db/database.js';
import { canSeeCase } from './case-standing.js';
import * as repo from './cases.repository.js';

/** Whether the actor may open a case's documents: exactly who may open the case. */
export async function canReadCaseFiles(db: Db, actor: Actor, caseId: string): Promise<boolean> {
  const c = await repo.findCase(db, actor.districtId, caseId);
  if (!c) return false;
  return canSeeCase(actor, c, await repo.findCaseUnits(db, actor.districtId, caseId));
}
