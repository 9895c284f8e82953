import { shanghaiDay } from '../../domain/calendar.js';
import { AppError } from '../../domain/errors.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { recordHazardChange } from '../hazards/hazards.service.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './gap-close.repository.js';
import type { AfterRegisterWrite } from './register-write.js';
import { loadStandings } from './sanfang-standing.service.js';

/**
 * The gap → hazard loop closes on both sides (docs/ARCHITECTURE.md, "三防 gap hazards close with
 * the register"):
 * - A hazard raised from a 三防 gap (sanfang_hazard) cannot pass verification (验收通过/销号) while
 *   the register still shows that rule unmet for its school: 409 naming the gap. 验收不通过 stays
 *   possible. So the hazard is closed only when the register agrees.
 * - After every write to the school's register, each open linked hazard whose rule has become met
 *   gets one timeline entry 「三防登记表已达标」 (state unchanged: the workflow still asks for the
 *   school's submission and a verifier's acceptance); if the rule later shows unmet again, an entry
 *   「三防登记表又显示未达标」. sanfang_hazard.register_met_at remembers which was written last,
 *   so repeated writes add nothing.
 */

/**
 * The step every register write runs inside its own transaction (the services take it as their
 * last argument), so the write, its audit row and the hazards' timeline entries commit together.
 */
export const gapSync =
  (app: AppContext, actor: Actor, now = new Date()): AfterRegisterWrite =>
  async (trx, schoolId) => {
    await syncGapHazards({ ...app, db: trx }, actor, schoolId, now);
  };

/**
 * Re-evaluates one school's linked rules after a register write; answers how many timeline entries
 * it wrote. Given a transaction (app.db), it reads and writes in it; else in one of its own.
 */
export async function syncGapHazards(app: AppContext, actor: Actor, schoolId: string, now = new Date()): Promise<number> {
  const links = await repo.findOpenLinks(app.db, actor.districtId, [schoolId]);
  if (!links.length) return 0;
  const pack = await packOf(app, actor.districtId);
  const today = shanghaiDay(now);
  const [standing] = await loadStandings(app, actor, { schoolId }, pack, today);
  if (!standing) return 0;
  const changes = links.flatMap((l) => {
    const r = standing.results.find((x) => x.code === l.rule_code);
    const met = !r || r.met; // a rule the district retired no longer holds the hazard open
    if (met === (l.register_met_at !== null)) return [];
    return [{ link: l, met, label: r?.label ?? l.rule_code, detail: r?.detail ?? '' }];
  });
  if (!changes.length) return 0;
  const write = async (trx: Db) => {
    for (const c of changes) {
      const ok = await repo.setRegisterMet(trx, actor.districtId, c.link.hazard_id, c.met ? now : null, c.link.register_met_at);
      if (!ok) continue; // another write recorded the same change first
      await recordHazardChange(
        trx,
        actor,
        { id: c.link.hazard_id, code: c.link.code, school_id: c.link.school_id },
        {
          action: c.met ? 'register_met' : 'register_unmet',
          fromState: c.link.state,
          toState: c.link.state,
          note: c.met
            ? `三防登记表显示「${c.label}」已达标${c.link.state === 'pending_verification' ? '，可验收销号' : c.link.state === 'rectifying' ? '，整改完成后请提交验收' : ''}`
            : `三防登记表显示「${c.label}」仍未达标${c.detail ? `：${c.detail}` : ''}`,
          data: { ruleCode: c.link.rule_code, met: c.met },
          summary: c.met ? '三防登记表已达标' : '三防登记表又显示未达标',
          before: { registerMet: !c.met },
          after: { registerMet: c.met },
        },
      );
    }
  };
  await (app.db.isTransaction ? write(app.db) : app.db.transaction().execute(write));
  return changes.length;
}

/**
 * Refuses 验收通过 of a gap hazard while the register still shows the gap (called by the hazard
 * workflow before verify_pass). A school outside the verifier's 三防 scope is not evaluated.
 */
export async function assertGapClosedForVerification(app: AppContext, actor: Actor, hazardId: string, now = new Date()) {
  const link = await repo.findLinkOfHazard(app.db, actor.districtId, hazardId);
  if (!link) return;
  const pack = await packOf(app, actor.districtId);
  const [standing] = await loadStandings(app, actor, { schoolId: link.school_id }, pack, shanghaiDay(now));
  const r = standing?.results.find((x) => x.code === link.rule_code);
  if (r && !r.met) {
    throw new AppError(
      'CONFLICT',
      `三防登记表仍显示「${r.label}」未达标${r.detail ? `（${r.detail}）` : ''}，请先在学校三防台账中更新，登记表达标后才能验收销号`,
    );
  }
}
