import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/domain/errors.js';
import { sanitizeFileName } from '../../src/domain/file-types.js';
import { linkAttachments, listAttachmentsOf } from '../../src/server/attachments/attachments.service.js';
import type { Actor } from '../../src/server/auth/actor.js';
import { authenticate } from '../../src/server/auth/auth.service.js';
import { auditEventsFor, type Client, createTestApp, type TestApp } from '../support/harness.js';

/** A 1×1 RGB PNG, chunk CRCs and all. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = zlib.deflateSync(Buffer.from([0, 0xd0, 0x30, 0x30]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 grey baseline JPEG: one-code Huffman tables, DC category 0 then end-of-block. */
function tinyJpeg(): Buffer {
  const oneCodeTable = (classAndId: number) => [0xff, 0xc4, 0x00, 0x14, classAndId, 1, ...Array(15).fill(0), 0x00];
  return Buffer.from([
    ...[0xff, 0xd8],
    ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...Array(64).fill(1)],
    ...[0xff, 0xc0, 0x00, 0x0b, 8, 0, 1, 0, 1, 1, 1, 0x11, 0],
    ...oneCodeTable(0x00),
    ...oneCodeTable(0x10),
    ...[0xff, 0xda, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0],
    0x3f,
    ...[0xff, 0xd9],
  ]);
}

const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let t: TestApp;
let admin: Client;
let principal: Client;
let officer: Client;
let staff: Client;
let otherAdmin: Client;
let ownSchool: string;
let otherSchool: string;
let foreignSchool: string;

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const { error } = res.json();
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  return error as { code: string; message: string };
}

const upload = (c: Client, q: { purpose?: string; schoolId?: string; fileName?: string }, file: Buffer, contentType = 'application/octet-stream') => {
  const query = new URLSearchParams({ purpose: q.purpose ?? 'hazard_found', schoolId: q.schoolId ?? ownSchool, fileName: q.fileName ?? 'photo.png' });
  return c.request({ method: 'POST', url: `/api/attachments?${query}`, payload: file, headers: { 'content-type': contentType } });
};
async function uploaded(c: Client, q: Parameters<typeof upload>[1] = {}, file = tinyPng()) {
  const res = await upload(c, q, file, 'image/png');
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; fileName: string; contentType: string; sizeBytes: number; purpose: string; createdAt: string; url: string };
}

/** Every stored file under the data directory (the file store lives there). */
function storedFiles(dir = t.ctx.config.dataDir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? storedFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const attachmentCount = async () => (await t.db.selectFrom('attachment').select('id').execute()).length;
const rowOf = (id: string) => t.db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** The Actor the server builds for a signed-in client. */
async function actorOf(c: Client): Promise<Actor> {
  const token = /hx_session=([^;]+)/.exec(c.cookie)?.[1] as string;
  return (await authenticate(t.ctx, token, '127.0.0.1')) as Actor;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  principal = await t.login('principal');
  officer = await t.login('school_officer');
  staff = await t.login('staff');
  otherAdmin = await t.login('other_admin');
  ownSchool = (await principal.get('/api/auth/me')).json().orgUnitId;
  const other = await t.db
    .selectFrom('org_unit')
    .select('id')
    .where('district_id', '=', (await actorOf(admin)).districtId)
    .where('kind', '=', 'school')
    .where('id', '!=', ownSchool)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  otherSchool = other.id;
  foreignSchool = (await t.db.selectFrom('org_unit').select('id').where('code', '=', 'LCT0101').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

describe('upload and download', () => {
  it('stores a PNG and a JPEG and gives them back byte for byte', async () => {
    for (const [file, type, name] of [
      [tinyPng(), 'image/png', '操场围墙裂缝.png'],
      [tinyJpeg(), 'image/jpeg', '校门口.jpg'],
    ] as const) {
      const res = await upload(principal, { fileName: name }, file, type);
      expect(res.statusCode, res.body).toBe(201);
      const dto = res.json();
      expect(dto).toMatchObject({ fileName: name, contentType: type, sizeBytes: file.length, purpose: 'hazard_found', url: `/api/attachments/${dto.id}` });
      expect(Object.keys(dto).sort()).toEqual(['contentType', 'createdAt', 'fileName', 'id', 'purpose', 'sizeBytes', 'url']);
      const row = await rowOf(dto.id);
      expect(row).toMatchObject({ school_id: ownSchool, owner_type: null, owner_id: null, uploaded_by: (await actorOf(principal)).userId });
      expect(row.storage_key).toMatch(new RegExp(`^${row.district_id}/\\d{4}/${dto.id}\\.${type === 'image/png' ? 'png' : 'jpg'}$`));
      const got = await principal.get(dto.url);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe(type);
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['cache-control']).toMatch(/^private/);
      expect(got.headers['content-disposition']).toContain(`inline; filename="`);
      expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect(Buffer.compare(got.rawPayload, file)).toBe(0);
    }
  });

  it('decides the type by content, whatever the name or declared type says', async () => {
    const res = await upload(staff, { fileName: 'photo.png', purpose: 'rectification' }, tinyJpeg(), 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().contentType).toBe('image/jpeg');
    const pdf = await upload(principal, { fileName: '整改方案.pdf', purpose: 'plan' }, PDF_BYTES, 'application/pdf');
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json().contentType).toBe('application/pdf');
    // The file on disk is named by the detected type, not by the client's name.
    const stored = [(await rowOf(res.json().id)).storage_key, (await rowOf(pdf.json().id)).storage_key];
    expect(stored.map((k) => path.extname(k))).toEqual(['.jpg', '.pdf']);
    for (const key of stored) expect(fs.existsSync(path.join(t.ctx.config.dataDir, 'files', key))).toBe(true);
  });

  it('refuses a text file named .jpg (415) and stores nothing', async () => {
    const [rows, files] = [await attachmentCount(), storedFiles().length];
    const err = expectError(await upload(principal, { fileName: 'x.jpg' }, Buffer.from('not an image at all'), 'image/jpeg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(err.message).toContain('JPG');
    // A PDF is a document, not a photo of the hazard.
    expectError(await upload(principal, { purpose: 'hazard_found', fileName: 'a.pdf' }, PDF_BYTES, 'application/pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await attachmentCount()).toBe(rows);
    expect(storedFiles().length).toBe(files);
  });

  it('refuses a file over the limit with 413 in the API error shape, and an empty one with 400', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0);
    tinyPng().copy(big);
    expectError(await upload(principal, {}, big, 'image/png'), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await upload(principal, {}, Buffer.alloc(0), 'image/png'), 400, 'BAD_REQUEST');
  });

  it('validates purpose, school id and file name, and cleans the name', async () => {
    expectError(await upload(principal, { purpose: 'selfie' }, tinyPng()), 400, 'VALIDATION_FAILED');
    expectError(await upload(principal, { schoolId: 'abc' }, tinyPng()), 400, 'VALIDATION_FAILED');
    const dto = await uploaded(principal, { fileName: `C:\\Users\\张三\\..\\报告\u202e\u0007${'长'.repeat(200)}.png` });
    expect(dto.fileName).toBe(`报告${'长'.repeat(114)}.png`);
    expect((await uploaded(principal, { fileName: '../../' })).fileName).toBe('附件.png');
    expect(sanitizeFileName('a/b/../c.jpg', { contentType: 'image/jpeg', extension: 'jpg' })).toBe('c.jpg');
  });

  it('writes the audit event with the school as its unit', async () => {
    const dto = await uploaded(officer, { fileName: '消防通道.png' });
    const [ev] = await auditEventsFor(t.db, dto.id);
    expect(ev).toMatchObject({ action: 'attachment.upload', entity_type: 'attachment', org_unit_id: ownSchool, actor_name: '黄国平' });
    expect(ev?.after).toMatchObject({ fileName: '消防通道.png', contentType: 'image/png', purpose: 'hazard_found', schoolId: ownSchool });
  });

  it('removes the stored file when the row cannot be written', async () => {
    const files = storedFiles().length;
    await sql`create function attachment_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(t.db);
    await sql`create trigger attachment_refuse before insert on attachment for each row execute function attachment_refuse()`.execute(t.db);
    try {
      const res = await upload(principal, {}, tinyPng(), 'image/png');
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger attachment_refuse on attachment`.execute(t.db);
      await sql`drop function attachment_refuse()`.execute(t.db);
    }
    expect(storedFiles().length).toBe(files);
  });
});

describe('who may upload and read', () => {
  it('answers 404 for a school outside the read scope or another district, and for an unknown id', async () => {
    expectError(await upload(principal, { schoolId: otherSchool }, tinyPng()), 404, 'NOT_FOUND');
    expectError(await upload(otherAdmin, { schoolId: ownSchool }, tinyPng()), 404, 'NOT_FOUND');
    // Not a school at all: the district's own unit.
    expectError(await upload(admin, { schoolId: (await actorOf(admin)).districtId }, tinyPng()), 404, 'NOT_FOUND');
    expectError(await principal.get(`/api/attachments/${randomUUID()}`), 404, 'NOT_FOUND');
  });

  it('shows a file only to readers of its school', async () => {
    const theirs = await uploaded(admin, { schoolId: otherSchool });
    expectError(await principal.get(theirs.url), 404, 'NOT_FOUND');
    expectError(await otherAdmin.get(theirs.url), 404, 'NOT_FOUND');
    expect((await admin.get(theirs.url)).statusCode).toBe(200);
    const ours = await uploaded(staff);
    expect((await principal.get(ours.url)).statusCode).toBe(200);
    expect((await admin.get(ours.url)).statusCode).toBe(200);
    expectError(await principal.get('/api/attachments/not-a-uuid'), 400, 'VALIDATION_FAILED');
  });

  it('needs a session and, for the upload, the CSRF token', async () => {
    const mine = await uploaded(principal);
    const anon = t.anonymous();
    expectError(await upload(anon, {}, tinyPng(), 'image/png'), 401, 'UNAUTHENTICATED');
    expectError(await anon.get(mine.url), 401, 'UNAUTHENTICATED');
    const before = await attachmentCount();
    const noCsrf = await principal.request({
      method: 'POST',
      url: `/api/attachments?purpose=other&schoolId=${ownSchool}&fileName=a.png`,
      payload: tinyPng(),
      headers: { 'content-type': 'image/png', 'x-csrf-token': '' },
    });
    expectError(noCsrf, 403, 'CSRF_REJECTED');
    expect(await attachmentCount()).toBe(before);
  });
});

/**
 * The phone's outbox uploads a photo under the id it chose (the photo's blob id) before the record
 * that lists it, and again when an answer was lost: one row, one file, one audit event.
 */
describe('uploads with a client id (the offline outbox)', () => {
  const withId = (c: Client, clientId: string, q: { purpose?: string; schoolId?: string; fileName?: string } = {}, file = tinyPng()) => {
    const query = new URLSearchParams({ purpose: q.purpose ?? 'patrol', schoolId: q.schoolId ?? ownSchool, fileName: q.fileName ?? '巡查.png', clientId });
    return c.request({ method: 'POST', url: `/api/attachments?${query}`, payload: file, headers: { 'content-type': 'image/png' } });
  };
  const rowsOf = async (id: string) => (await t.db.selectFrom('attachment').select(['district_id', 'storage_key']).where('id', '=', id).execute()).length;

  it('names the attachment after the client id, and a resend answers the first upload without storing or auditing again', async () => {
    const clientId = randomUUID();
    const files = storedFiles().length;
    const first = await withId(staff, clientId);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ id: clientId, purpose: 'patrol', fileName: '巡查.png', url: `/api/attachments/${clientId}` });
    const again = await withId(staff, clientId, { fileName: '另一个名字.png' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await rowsOf(clientId)).toBe(1);
    expect(storedFiles().length).toBe(files + 1);
    const events = await auditEventsFor(t.db, clientId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'attachment.upload', org_unit_id: ownSchool, actor_name: '吴德明' });
    expect(events[0]?.after).toMatchObject({ clientId, purpose: 'patrol', schoolId: ownSchool });
    expect((await staff.get(`/api/attachments/${clientId}`)).rawPayload).toEqual(tinyPng());
  });

  it('two copies arriving at once store one file and one row', async () => {
    const clientId = randomUUID();
    const files = storedFiles().length;
    const [a, b] = await Promise.all([withId(staff, clientId), withId(staff, clientId)]);
    expect([a.statusCode, b.statusCode], `${a.body}\n${b.body}`).toEqual([201, 201]);
    expect(a.json().id).toBe(clientId);
    expect(b.json().id).toBe(clientId);
    expect(await rowsOf(clientId)).toBe(1);
    expect(storedFiles().length).toBe(files + 1);
    expect(await auditEventsFor(t.db, clientId)).toHaveLength(1);
    expect((await staff.get(`/api/attachments/${clientId}`)).statusCode).toBe(200);
  });

  it('refuses the id for other bytes, another purpose or another user (409), and a malformed id (400)', async () => {
    const clientId = randomUUID();
    expect((await withId(staff, clientId)).statusCode).toBe(201);
    const before = storedFiles().length;
    expectError(await withId(staff, clientId, {}, tinyJpeg()), 409, 'CONFLICT');
    expectError(await withId(staff, clientId, { purpose: 'drill' }), 409, 'CONFLICT');
    expectError(await withId(officer, clientId), 409, 'CONFLICT');
    expectError(await withId(staff, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    expect(storedFiles().length).toBe(before);
    expect(await rowsOf(clientId)).toBe(1);
    expect(await auditEventsFor(t.db, clientId)).toHaveLength(1);
  });

  it('keeps to the school scope and to the district: another school is 404, another district has its own id space', async () => {
    const clientId = randomUUID();
    expectError(await withId(staff, clientId, { schoolId: otherSchool }), 404, 'NOT_FOUND');
    expect(await rowsOf(clientId)).toBe(0);
    expect((await withId(staff, clientId)).statusCode).toBe(201);
    // The other district's admin may use the same id for a file of their own school: a separate row, nothing shared.
    const theirs = await withId(otherAdmin, clientId, { schoolId: foreignSchool });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(await rowsOf(clientId)).toBe(2);
    expect((await otherAdmin.get(`/api/attachments/${clientId}`)).statusCode).toBe(200);
    expectError(await otherAdmin.get(`/api/attachments/${randomUUID()}`), 404, 'NOT_FOUND');
    expect((await staff.get(`/api/attachments/${clientId}`)).rawPayload).toEqual(tinyPng());
  });

  it('a record sent after its photos links them; a late resend of a photo still answers the same file', async () => {
    const photo = randomUUID();
    expect((await withId(staff, photo)).statusCode).toBe(201);
    const body = {
      clientId: randomUUID(),
      schoolId: ownSchool,
      route: 'key_places',
      patrolledAt: new Date(Date.now() - 60_000).toISOString(),
      points: ['校门'],
      findings: [{ text: '围墙裂缝', place: '校门', raiseHazard: false, attachmentIds: [photo] }],
    };
    const res = await staff.post('/api/patrol-logs', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(await rowOf(photo)).toMatchObject({ owner_type: 'patrol_log', owner_id: res.json().patrolLog.id });
    const late = await withId(staff, photo);
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json().id).toBe(photo);
    expect(await auditEventsFor(t.db, photo)).toHaveLength(1);
  });
});

describe('linkAttachments and listAttachmentsOf', () => {
  const link = async (c: Client, ids: string[], owner: { type: 'hazard' | 'notice'; id: string; schoolId: string }) => {
    const actor = await actorOf(c);
    return t.ctx.db.transaction().execute((trx) => linkAttachments(trx, actor, ids, owner));
  };
  const rejection = async (p: Promise<unknown>) => {
    const err = (await p.then(
      () => null,
      (e: unknown) => e,
    )) as AppError | null;
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(err?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(err?.details?.[0]?.path).toBe('attachmentIds');
    return err as AppError;
  };

  it('links the actor’s own uploads, idempotently, and lists them grouped by owner', async () => {
    const [a, b] = [await uploaded(principal), await uploaded(principal, { fileName: 'b.png' })];
    const hazard = { type: 'hazard' as const, id: randomUUID(), schoolId: ownSchool };
    await link(principal, [a.id, b.id, a.id], hazard);
    await link(principal, [a.id], hazard); // same owner again: fine
    expect(await rowOf(a.id)).toMatchObject({ owner_type: 'hazard', owner_id: hazard.id });
    const districtId = (await actorOf(principal)).districtId;
    const empty = randomUUID();
    const map = await listAttachmentsOf(t.db, districtId, 'hazard', [hazard.id, empty]);
    expect(map.get(hazard.id)?.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(map.get(hazard.id)?.[0]).toEqual(a);
    expect(map.get(empty)).toEqual([]);
    expect((await listAttachmentsOf(t.db, districtId, 'notice', [hazard.id])).get(hazard.id)).toEqual([]);
    expect((await listAttachmentsOf(t.db, (await actorOf(otherAdmin)).districtId, 'hazard', [hazard.id])).get(hazard.id)).toEqual([]);
  });

  it('refuses another user’s upload, except for the district admin', async () => {
    const a = await uploaded(principal);
    const owner = { type: 'hazard' as const, id: randomUUID(), schoolId: ownSchool };
    const err = await rejection(link(officer, [a.id], owner));
    expect(err.message).toContain('不是您上传的');
    expect((await rowOf(a.id)).owner_id).toBeNull();
    await link(admin, [a.id], owner);
    expect((await rowOf(a.id)).owner_id).toBe(owner.id);
  });

  it('refuses a file of another school, an already-linked file, an unknown id or another district’s, and links none of the batch', async () => {
    const good = await uploaded(principal);
    const linked = await uploaded(principal);
    await link(principal, [linked.id], { type: 'hazard', id: randomUUID(), schoolId: ownSchool });
    const owner = { type: 'notice' as const, id: randomUUID(), schoolId: ownSchool };
    expect((await rejection(link(principal, [good.id, linked.id], owner))).message).toContain('已用于其他记录');
    expect((await rejection(link(principal, [good.id], { ...owner, schoolId: otherSchool }))).message).toContain('不属于该学校');
    await rejection(link(principal, [good.id, randomUUID()], owner));
    await rejection(link(principal, ['not-a-uuid'], owner));
    const foreign = await uploaded(otherAdmin, { schoolId: foreignSchool });
    await rejection(link(admin, [foreign.id], owner));
    expect((await rowOf(good.id)).owner_id).toBeNull();
    await link(principal, [], owner); // nothing to link: no-op
  });
});

describe('uploads from strangers', () => {
  it('are refused before the body is read: 401 without a session, not 413', async () => {
    const res = await t.anonymous().request({
      method: 'POST',
      url: '/api/attachments?purpose=hazard_found&schoolId=00000000-0000-4000-8000-000000000000&fileName=a.png',
      payload: Buffer.alloc(21 * 1024 * 1024),
      headers: { 'content-type': 'image/png' },
    });
    expect(res.statusCode).toBe(401);
  });
});
