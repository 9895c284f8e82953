import { shanghaiDay } from '../../domain/calendar.js';
import { AppError, type ErrorDetail, forbidden, notFound } from '../../domain/errors.js';
import { CHAIN_POST, canSignAsParty, type LetterMethod, letterMethodLabels, partyUnitOf, signedShare } from '../../domain/letters.js';
import { canRead, canWrite } from '../../domain/scope.js';
import { linkAttachments } from '../attachments/attachments.service.js';
import { appendAuditEvent } from '../audit/audit.repository.js';
import { type Actor, auditActorOf } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { findOrgUnit } from '../org/org.repository.js';
import { packOf } from '../policy/policy.service.js';
import * as repo from './letters.repository.js';

/** A school of the district inside the actor's read scope, or 404. */
export async function loadReadableSchool(db: Db, actor: Actor, schoolId: string) {
  const unit = canRead(actor.scope, schoolId) ? await findOrgUnit(db, actor.districtId, schoolId) : undefined;
  if (unit?.kind !== 'school') throw notFound('学校');
  return unit;
}

/** The school itself (principal, safety officer) or whoever may write its records (centre, district) names the holders. */
export const canManageLetters = (actor: Actor, schoolId: string) => canWrite(actor.scope, schoolId) && actor.role !== 'staff';

async function postsOf(app: AppContext, districtId: string) {
  const pack = await packOf(app, districtId);
  return pack.vocab.posts.map((p) => ({ code: p.code, label: p.label, description: p.description }));
}

const letterPdfUrl = (id: string) => `/api/responsibility-letters/${id}/pdf`;

export type ListLettersInput = {
  year: number;
  schoolId?: string | undefined;
  parentId?: string | undefined;
  state?: 'complete' | 'incomplete' | undefined;
  page: number;
  pageSize: number;
};

/** Per school in scope: post holders named for the year, letters signed, and the principal's letter with the supervising unit. */
export async function listResponsibilityLetters(db: Db, actor: Actor, input: ListLettersInput) {
  const ids = actor.scope.read.all ? null : [...actor.scope.read.ids];
  let rows = await repo.countLettersBySchool(
    db,
    actor.districtId,
    input.year,
    input.schoolId ? (ids && !ids.includes(input.schoolId) ? [] : [input.schoolId]) : ids,
  );
  if (input.parentId) rows = rows.filter((r) => r.parent_id === input.parentId);
  const complete = (r: repo.SchoolLetterCount) => r.holders > 0 && r.signed === r.holders;
  if (input.state) rows = rows.filter((r) => complete(r) === (input.state === 'complete'));
  const counts = {
    schools: rows.length,
    complete: rows.filter(complete).length,
    holders: rows.reduce((n, r) => n + r.holders, 0),
    signed: rows.reduce((n, r) => n + r.signed, 0),
    unsigned: rows.reduce((n, r) => n + (r.holders - r.signed), 0),
    principalSigned: rows.filter((r) => r.principal_signed > 0).length,
  };
  const page = rows.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  return {
    year: input.year,
    items: page.map((r) => ({
      schoolId: r.school_id,
      schoolName: r.school_name,
      holders: r.holders,
      signed: r.signed,
      unsigned: r.holders - r.signed,
      share: signedShare(r.signed, r.holders),
      principalSigned: r.principal_signed > 0,
    })),
    total: rows.length,
    counts,
    page: input.page,
    pageSize: input.pageSize,
  };
}

/** One school's posts, holders and their letters for a year. */
export async function getSchoolResponsibilityLetters(app: AppContext, actor: Actor, schoolId: string, year: number) {
  const school = await loadReadableSchool(app.db, actor, schoolId);
  const [posts, holders, parent] = await Promise.all([
    postsOf(app, actor.districtId),
    repo.findHolders(app.db, actor.districtId, schoolId, year),
    school.parent_id ? findOrgUnit(app.db, actor.districtId, school.parent_id) : undefined,
  ]);
  const label = new Map(posts.map((p) => [p.code, p.label]));
  const order = new Map(posts.map((p, i) => [p.code, i]));
  const rank = (code: string) => order.get(code) ?? posts.length;
  const manage = canManageLetters(actor, schoolId);
  // In the pack's post order (校长 first), holders of one post by name.
  const sorted = [...holders].sort((a, b) => rank(a.post_code) - rank(b.post_code) || a.holder_name.localeCompare(b.holder_name, 'zh-CN'));
  const items = sorted.map((h) => ({
    id: h.id,
    postCode: h.post_code,
    postLabel: label.get(h.post_code) ?? h.post_code,
    name: h.holder_name,
    userId: h.user_id,
    chain: h.post_code === CHAIN_POST,
    letter: h.letter_id
      ? {
          id: h.letter_id,
          method: h.method as LetterMethod,
          methodLabel: letterMethodLabels[h.method as LetterMethod],
          signedOn: h.signed_on as string,
          signerName: h.signer_name as string,
          recordedByName: h.recorded_by_name as string,
          attachmentUrl: h.attachment_id ? `/api/attachments/${h.attachment_id}` : null,
          pdfUrl: letterPdfUrl(h.letter_id),
          /** 甲方's signature: the principal, or the supervising unit for the principal's letter. */
          partySignerName: h.party_signer_name,
          partySignedAt: h.party_signed_at ? h.party_signed_at.toISOString() : null,
          canPartySign: !h.party_signed_at && canSignAsParty(actor, { partyUnitId: h.party_unit_id as string, schoolId }),
        }
      : null,
    canSign: !h.letter_id && (manage || (h.user_id !== null && h.user_id === actor.userId)),
  }));
  const signed = items.filter((i) => i.letter).length;
  const accounts = manage ? await repo.listSchoolAccounts(app.db, actor.districtId, schoolId) : [];
  return {
    school: { id: school.id, name: school.name },
    supervisingUnit: parent ? { id: parent.id, name: parent.name } : null,
    year,
    posts,
    holders: items,
    counts: { holders: items.length, signed, unsigned: items.length - signed, share: signedShare(signed, items.length) },
    canManage: manage,
    /** The school's accounts a holder can be linked to (so they sign their own letter); managers only. */
    accounts: accounts.map((a) => ({ id: a.id, name: a.display_name })),
  };
}

export type HolderInput = { id?: string | undefined; postCode: string; name: string; userId?: string | null | undefined };

/**
 * Replaces the school's holders for a year with the list: rows with an id are updated, new ones
 * added, missing ones removed. A holder who has signed can be neither removed nor moved to
 * another post or name (the letter names them); every problem is reported at once.
 */
export async function savePostHolders(app: AppContext, actor: Actor, schoolId: string, input: { year: number; holders: HolderInput[] }) {
  await loadReadableSchool(app.db, actor, schoolId);
  if (!canManageLetters(actor, schoolId)) throw forbidden('只有本校校长、安全干部或上级主管单位可以设置岗位责任人');
  const posts = new Set((await postsOf(app, actor.districtId)).map((p) => p.code));
  const existing = await repo.findHolders(app.db, actor.districtId, schoolId, input.year);
  const byId = new Map(existing.map((h) => [h.id, h]));
  const userIds = [...new Set(input.holders.map((h) => h.userId).filter((u): u is string => !!u))];
  const users = new Set((await repo.findSchoolUsers(app.db, actor.districtId, schoolId, userIds)).map((u) => u.id));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  input.holders.forEach((h, i) => {
    if (!posts.has(h.postCode)) details.push({ path: `holders.${i}.postCode`, message: `岗位「${h.postCode}」不在政策包的岗位列表中` });
    if (h.userId && !users.has(h.userId)) details.push({ path: `holders.${i}.userId`, message: '关联账号不存在或不属于本校' });
    const key = `${h.postCode}\u0000${h.name}`;
    if (seen.has(key)) details.push({ path: `holders.${i}.name`, message: `「${h.name}」在同一岗位重复` });
    seen.add(key);
    if (h.id) {
      const old = byId.get(h.id);
      if (!old) details.push({ path: `holders.${i}.id`, message: '该岗位责任人不存在（可能已被他人删除），请刷新后重试' });
      else if (old.letter_id && (old.post_code !== h.postCode || old.holder_name !== h.name)) {
        details.push({ path: `holders.${i}`, message: `${old.holder_name} 已签订责任书，不能再改岗位或姓名` });
      }
    }
  });
  const kept = new Set(input.holders.map((h) => h.id).filter(Boolean));
  const removed = existing.filter((h) => !kept.has(h.id));
  for (const h of removed) if (h.letter_id) details.push({ path: 'holders', message: `${h.holder_name} 已签订责任书，不能删除` });
  if (details.length)
    throw new AppError('VALIDATION_FAILED', `岗位责任人有误：${details[0]?.message}${details.length > 1 ? ` 等 ${details.length} 处问题` : ''}`, details);

  await app.db.transaction().execute(async (trx) => {
    await repo.deleteHolders(
      trx,
      actor.districtId,
      removed.map((h) => h.id),
    );
    for (const h of input.holders) {
      if (h.id) await repo.updateHolder(trx, actor.districtId, h.id, { post_code: h.postCode, holder_name: h.name, user_id: h.userId ?? null });
    }
    await repo.insertHolders(
      trx,
      input.holders
        .filter((h) => !h.id)
        .map((h) => ({
          district_id: actor.districtId,
          school_id: schoolId,
          year: input.year,
          post_code: h.postCode,
          holder_name: h.name,
          user_id: h.userId ?? null,
          created_by: actor.userId,
        })),
    );
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'post_holder.save',
      entityType: 'post_holder',
      entityId: schoolId,
      orgUnitId: schoolId,
      summary: `保存 ${input.year} 年岗位责任人：共 ${input.holders.length} 人（新增 ${input.holders.filter((h) => !h.id).length}，删除 ${removed.length}）`,
      before: { holders: existing.map((h) => ({ id: h.id, postCode: h.post_code, name: h.holder_name })) },
      after: { holders: input.holders.map((h) => ({ id: h.id ?? null, postCode: h.postCode, name: h.name, userId: h.userId ?? null })) },
    });
  });
  return getSchoolResponsibilityLetters(app, actor, schoolId, input.year);
}

export type SignLetterInput = {
  holderId: string;
  method: 'screen' | 'scan';
  attachmentId: string;
  signerName?: string | undefined;
  signedOn?: string | undefined;
};

/**
 * Records the holder's signed letter for the year: drawn on the screen (a PNG signature) or a
 * signed paper letter uploaded as a scan. Once per holder and year.
 */
export async function signResponsibilityLetter(app: AppContext, actor: Actor, input: SignLetterInput, now = new Date()) {
  const holder = await repo.findHolder(app.db, actor.districtId, input.holderId);
  if (!holder || !canRead(actor.scope, holder.school_id)) throw notFound('岗位责任人');
  const self = holder.user_id !== null && holder.user_id === actor.userId;
  if (!self && !canManageLetters(actor, holder.school_id)) throw forbidden('只有责任人本人、本校校长或安全干部可以签订责任书');
  const today = shanghaiDay(now);
  const signedOn = input.signedOn ?? today;
  if (signedOn > today) throw new AppError('VALIDATION_FAILED', '签订日期不能晚于今天', [{ path: 'signedOn', message: '签订日期不能晚于今天' }]);
  if (Number(signedOn.slice(0, 4)) !== holder.year) {
    throw new AppError('VALIDATION_FAILED', `签订日期应在 ${holder.year} 年内`, [{ path: 'signedOn', message: `签订日期应在 ${holder.year} 年内` }]);
  }
  const school = await findOrgUnit(app.db, actor.districtId, holder.school_id);
  if (!school) throw notFound('学校');
  // A school always hangs under a centre/township or the district; were it a root, it would sign with itself.
  const party = partyUnitOf(holder.post_code, { id: school.id, parentId: school.parent_id }, school.id);
  const signerName = input.signerName?.trim() || holder.holder_name;
  const id = await app.db.transaction().execute(async (trx) => {
    const newId = await repo.insertLetter(trx, {
      district_id: actor.districtId,
      holder_id: holder.id,
      school_id: holder.school_id,
      year: holder.year,
      post_code: holder.post_code,
      party_unit_id: party,
      signer_name: signerName,
      signer_user_id: holder.user_id,
      method: input.method,
      attachment_id: input.attachmentId,
      signed_on: signedOn,
      signed_at: now,
      recorded_by: actor.userId,
      recorded_by_name: actor.displayName,
    });
    if (!newId) throw new AppError('CONFLICT', `${holder.holder_name} 的 ${holder.year} 年责任书已经签订，无需重复签订`);
    await linkAttachments(trx, actor, [input.attachmentId], { type: 'responsibility_letter', id: newId, schoolId: holder.school_id });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'letter.sign',
      entityType: 'responsibility_letter',
      entityId: newId,
      orgUnitId: holder.school_id,
      summary: `${signerName} 签订 ${holder.year} 年安全责任书（${holder.post_code}，${letterMethodLabels[input.method]}）`,
      after: {
        holderId: holder.id,
        postCode: holder.post_code,
        year: holder.year,
        method: input.method,
        attachmentId: input.attachmentId,
        signedOn,
        partyUnitId: party,
      },
    });
    return newId;
  });
  return { id, pdfUrl: letterPdfUrl(id), ...(await getSchoolResponsibilityLetters(app, actor, holder.school_id, holder.year)) };
}

/** A letter the actor may read, with its post's duties from the pack. */
export async function loadVisibleLetter(app: AppContext, actor: Actor, id: string) {
  const l = await repo.findLetter(app.db, actor.districtId, id);
  if (!l || !canRead(actor.scope, l.school_id)) throw notFound('安全责任书');
  const post = (await postsOf(app, actor.districtId)).find((p) => p.code === l.post_code);
  return { ...l, postLabel: post?.label ?? l.post_code, duties: post?.description ?? '' };
}

/**
 * 甲方 signs a letter the holder has signed: the principal for the school's posts, the centre or the
 * commission for the principal's letter (domain/letters.ts canSignAsParty). Once; drawn on screen.
 */
export async function signResponsibilityLetterAsParty(
  app: AppContext,
  actor: Actor,
  id: string,
  input: { attachmentId: string; signerName?: string | undefined },
  now = new Date(),
) {
  const l = await loadVisibleLetter(app, actor, id);
  if (!canSignAsParty(actor, { partyUnitId: l.party_unit_id, schoolId: l.school_id })) {
    throw forbidden(l.party_unit_id === l.school_id ? '甲方由本校校长签署' : `甲方由${l.party_unit_name}签署`);
  }
  if (l.party_signed_at) throw new AppError('CONFLICT', '甲方已经签署该责任书，无需重复签署');
  const signerName = input.signerName?.trim() || actor.displayName;
  await app.db.transaction().execute(async (trx) => {
    const done = await repo.setPartySignature(trx, actor.districtId, id, {
      party_signer_name: signerName,
      party_signer_user_id: actor.userId,
      party_attachment_id: input.attachmentId,
      party_signed_at: now,
    });
    if (!done) throw new AppError('CONFLICT', '甲方已经签署该责任书，无需重复签署');
    await linkAttachments(trx, actor, [input.attachmentId], { type: 'responsibility_letter', id, schoolId: l.school_id });
    await appendAuditEvent(trx, auditActorOf(actor), {
      action: 'letter.party_sign',
      entityType: 'responsibility_letter',
      entityId: id,
      orgUnitId: l.school_id,
      summary: `${signerName} 代表甲方（${l.party_unit_name}）签署 ${l.year} 年安全责任书（${l.postLabel}：${l.holder_name}）`,
      after: { partySignerName: signerName, partyAttachmentId: input.attachmentId, partyUnitId: l.party_unit_id },
    });
  });
  return { id, pdfUrl: letterPdfUrl(id), ...(await getSchoolResponsibilityLetters(app, actor, l.school_id, l.year)) };
}
