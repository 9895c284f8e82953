import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDay } from '../../domain/calendar.js';
import { CHAIN_POST, partyUnitOf } from '../../domain/letters.js';
import type { ResolvedPack } from '../../domain/policy/pack-schema.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { systemActor } from '../auth/actor.js';
import { findSchoolFacts } from '../coverage/coverage.repository.js';
import type { Db } from '../db/database.js';
import { findSchoolManagerNames, insertHolders, insertLetters, type NewLetter } from '../letters/letters.repository.js';
import { personName, seededRandom } from './demo-data.js';

/** The posts a demo school names holders for (a kindergarten has 保育员, a boarding school 宿舍管理员). */
function postsFor(s: { schoolType: string; boarding: boolean }, rnd: ReturnType<typeof seededRandom>): string[] {
  const posts = [
    CHAIN_POST,
    'party_secretary',
    'vice_principal_safety',
    'general_affairs_director',
    'safety_officer',
    'school_doctor',
    'canteen_manager',
    'gatekeeper',
    'guard',
  ];
  const classes = s.schoolType === 'kindergarten' ? 0 : rnd.int(3, 6);
  for (let i = 0; i < classes; i++) posts.push('head_teacher');
  if (s.schoolType === 'kindergarten') posts.push('carer', 'carer');
  else posts.push('pe_teacher', 'lab_manager');
  if (s.boarding) posts.push('dorm_manager');
  return posts;
}

/**
 * Post holders and signed letters for the demo schools: last year all signed in its first quarter
 * (on paper, filed at the school); this year most signed, a few not yet — the first school of each area keeps
 * its gate staff unsigned so the signing flow has someone to sign.
 */
export async function loadDemoLetters(db: Db, pack: ResolvedPack, districtId: string, now = new Date()): Promise<number> {
  const known = new Set(pack.vocab.posts.map((p) => p.code));
  const today = shanghaiDay(now);
  const year = Number(today.slice(0, 4));
  const rnd = seededRandom(2028);
  const schools = await findSchoolFacts(db, districtId, null);
  const managers = new Map((await findSchoolManagerNames(db, districtId)).map((m) => [m.id, m]));
  const holders: Parameters<typeof insertHolders>[1] = [];
  const letters: NewLetter[] = [];
  for (const s of schools) {
    const firstOfArea = s.code.endsWith('01');
    const posts = postsFor(s, rnd).filter((p) => known.has(p));
    // The profile's principal and safety officer hold those posts; the rest get demo names.
    const m = managers.get(s.id);
    const names = posts.map((p) => (p === CHAIN_POST && m?.principal_name) || (p === 'safety_officer' && m?.safety_officer_name) || personName(rnd));
    for (const y of [year - 1, year]) {
      posts.forEach((post, i) => {
        const id = randomUUID();
        const name = names[i] as string;
        holders.push({ id, district_id: districtId, school_id: s.id, year: y, post_code: post, holder_name: name, user_id: null, created_by: null });
        // The first school of each area keeps its gate staff unsigned this year: the signing flow has someone to sign.
        const signs = y < year || (firstOfArea && (post === 'guard' || post === 'gatekeeper') ? false : rnd.next() < 0.85);
        if (!signs) return;
        const start = `${y}-01-04`;
        const day = y < year ? addDays(start, rnd.int(0, 80)) : [addDays(start, rnd.int(0, 80)), today].sort()[0];
        letters.push({
          district_id: districtId,
          holder_id: id,
          school_id: s.id,
          year: y,
          post_code: post,
          party_unit_id: partyUnitOf(post, { id: s.id, parentId: s.parentId }, s.id),
          signer_name: name,
          signer_user_id: null,
          method: 'paper',
          attachment_id: null,
          signed_on: day as string,
          signed_at: new Date(`${day}T10:00:00+08:00`),
          recorded_by: null,
          recorded_by_name: '演示数据',
        });
      });
    }
  }
  await insertHolders(db, holders);
  await insertLetters(db, letters);
  await appendAuditEvent(db, systemActor(districtId, '演示数据'), {
    action: 'demo.letters',
    entityType: 'org_unit',
    entityId: districtId,
    orgUnitId: districtId,
    summary: `载入演示岗位责任人 ${holders.length} 人、已签订安全责任书 ${letters.length} 份`,
  });
  return letters.length;
}
