import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventsFor, type Client, createTestApp, idOfSchool, type TestApp } from '../support/harness.js';
import { uploadPhoto } from '../support/hazard-helpers.js';
import { inspectionBody, signature, template } from '../support/inspection-helpers.js';

let t: TestApp;
let admin: Client;
let officer: Client; // school_safety_officer of YJT0101
let principal: Client;
let staff: Client;
let inspector: Client; // 包校: YJT0101 among others
let joint: Client;
let other: Client; // admin of the second district
let school = '';
let otherSchool = '';

beforeAll(async () => {
  t = await createTestApp();
  [admin, officer, principal, staff, inspector, joint, other] = await t.loginAll([
    'admin',
    'school_officer',
    'principal',
    'staff',
    'inspector',
    'joint_inspector',
    'other_admin',
  ] as const);
  school = await idOfSchool(t.db, 'YJT0101');
  otherSchool = await idOfSchool(t.db, 'YJC0501');
});
afterAll(() => t.close());

const count = async (table: 'inspection' | 'hazard' | 'inspection_item', where = sql`true`) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(t.db)).rows[0]?.n);

describe('policy pack and checklist templates', () => {
  it('gives each district its pack: YJ runs on the district pack over the national one, with origins', async () => {
    const res = await officer.get('/api/policy-pack');
    expect(res.statusCode, res.body).toBe(200);
    const pack = res.json();
    expect(pack.chain.map((c: { id: string }) => c.id)).toEqual(['national', 'yunjiang']);
    expect(pack.deadlineDays.origin.general.pack).toBe('yunjiang');
    const overridden = pack.obligations.find((o: { code: string }) => o.code === 'semester_supervision');
    expect(overridden.origin).toMatchObject({ pack: 'yunjiang', overrides: 'national@2026.1' });
    const inherited = pack.obligations.find((o: { code: string }) => o.code === 'weekly_self_check');
    expect(inherited.origin.pack).toBe('national');
    const national = (await other.get('/api/policy-pack')).json();
    expect(national.chain.map((c: { id: string }) => c.id)).toEqual(['national']);
  });

  it("checks a hazard's category against the district's pack: a district category is valid there only", async () => {
    const body = { schoolId: school, title: '山体滑坡风险', place: '操场', category: 'flood_geology', source: 'school_self' };
    const ok = await officer.post('/api/hazards', body);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().categoryLabel).toBe('防汛与地质灾害');
    const lc = await idOfSchool(t.db, 'LCT0101');
    const refused = await other.post('/api/hazards', { ...body, schoolId: lc, source: 'district' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'category' }] });
  });

  it('lists the templates copied from the pack, and shows one with its items and versions', async () => {
    const list = (await staff.get('/api/checklist-templates')).json().items as { code: string; origin: string; itemCount: number }[];
    expect(list.map((x) => x.code)).toEqual(expect.arrayContaining(['daily_patrol', 'weekly_check', 'monthly_sweep', 'fire_self_check', 'sanfang']));
    expect(list.find((x) => x.code === 'weekly_check')?.itemCount).toBe(28);
    const weekly = await template(staff, 'weekly_check');
    expect(weekly.items).toHaveLength(28);
    expect((await staff.get('/api/checklist-templates/no_such')).statusCode).toBe(404);
    expect((await staff.get('/api/checklist-templates/weekly_check?version=99')).statusCode).toBe(404);
  });

  it('lets only the district admin save a new version; old versions stay readable; stale saves conflict', async () => {
    const before = await template(admin, 'daily_patrol');
    const items = before.items.map(({ code, text, category, photoRequiredOnFail, failLevel }) => ({ code, text, category, photoRequiredOnFail, failLevel }));
    const body = {
      baseVersion: before.version,
      name: before.name,
      description: '本区增加晚间宿舍巡查',
      items: [...items.slice(1), { ...items[0], retired: true }, { text: '晚自习后宿舍区巡查并登记', category: 'management', guidance: '查看巡查登记本' }],
    };
    expect((await officer.put('/api/checklist-templates/daily_patrol', body)).statusCode).toBe(403);
    const bad = await admin.put('/api/checklist-templates/daily_patrol', { ...body, items: [{ text: 'x', category: 'nope' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('items[0].category');
    const saved = await admin.put('/api/checklist-templates/daily_patrol', body);
    expect(saved.statusCode, saved.body).toBe(200);
    const after = saved.json();
    expect(after).toMatchObject({ version: before.version + 1, origin: 'district', itemCount: before.items.length });
    expect(after.items.at(-1).code).toMatch(/^d\d+$/);
    expect(after.items.find((i: { code: string }) => i.code === before.items[0]?.code).retired).toBe(true);
    expect((await admin.get(`/api/checklist-templates/daily_patrol?version=${before.version}`)).json().items).toHaveLength(before.items.length);
    expect((await admin.put('/api/checklist-templates/daily_patrol', body)).statusCode).toBe(409);
    expect((await auditEventsFor(t.db, after.id)).map((e) => e.action)).toEqual(['checklist_template.save']);
  });
});

describe('createInspection and submitInspection', () => {
  it('saves a draft, answers a repeated sync with the same inspection, then submits with the author only', async () => {
    const tpl = await template(officer, 'weekly_check');
    const clientId = randomUUID();
    const draft = { clientId, schoolId: school, templateCode: 'weekly_check', level: 'school_self', inspectedAt: new Date().toISOString(), items: [] };
    const first = await officer.post('/api/inspections', draft);
    expect(first.statusCode, first.body).toBe(201);
    const insp = first.json().inspection;
    expect(insp).toMatchObject({ status: 'draft', templateVersion: tpl.version, counts: { unanswered: 28 }, canSubmit: true });
    expect(insp.code).toMatch(/^JC\d{10}$/);
    const again = await officer.post('/api/inspections', draft);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, inspection: { id: insp.id, version: insp.version + 1 } });
    const version = again.json().inspection.version;
    expect(await count('inspection', sql`client_id = ${clientId}`)).toBe(1);
    // Others do not see a draft; submitting an incomplete check names every missing item.
    expect((await principal.get(`/api/inspections/${insp.id}`)).statusCode).toBe(404);
    const incomplete = await officer.post(`/api/inspections/${insp.id}/submit`, { baseVersion: version });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.details).toHaveLength(29); // 28 items + the signature
    const items = tpl.items.map((i) => ({ code: i.code, result: 'pass' }));
    const saved = await officer.put(`/api/inspections/${insp.id}`, {
      baseVersion: version,
      level: 'school_self',
      inspectedAt: draft.inspectedAt,
      items,
      signatures: [await signature(officer, school)],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await officer.put(`/api/inspections/${insp.id}`, { baseVersion: version, level: 'school_self', inspectedAt: draft.inspectedAt })).statusCode).toBe(
      409,
    );
    expect((await principal.post(`/api/inspections/${insp.id}/submit`, { baseVersion: saved.json().version })).statusCode).toBe(404);
    const submitted = await officer.post(`/api/inspections/${insp.id}/submit`, { baseVersion: saved.json().version });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', counts: { pass: 28, fail: 0, unanswered: 0 }, canEdit: false });
    expect((await principal.get(`/api/inspections/${insp.id}`)).statusCode).toBe(200);
    // Newest first: the repeat sync and the PUT each saved the draft.
    expect((await auditEventsFor(t.db, insp.id)).map((e) => e.action)).toEqual([
      'inspection.submit',
      'inspection.save',
      'inspection.save',
      'inspection.create',
    ]);
  });

  it('turns a failed item marked 转为隐患 into a linked hazard on submit; a repeated sync creates nothing twice', async () => {
    const body = await inspectionBody(officer, school, 'weekly_check', 'school_self', { fails: [{ index: 2, raiseHazard: true }] });
    const hazardsBefore = await count('hazard');
    const res = await officer.post('/api/inspections', body);
    expect(res.statusCode, res.body).toBe(201);
    const insp = res.json().inspection;
    expect(insp).toMatchObject({ status: 'submitted', hazardCount: 1, counts: { fail: 1, pass: 27 } });
    const failed = insp.items.find((i: { result: string }) => i.result === 'fail');
    expect(failed.attachments).toHaveLength(1);
    expect(failed.hazard).toMatchObject({ state: 'reported' });
    const detail = (await officer.get(`/api/hazards/${failed.hazard.id}`)).json();
    expect(detail.hazard).toMatchObject({
      source: 'school_self',
      schoolId: school,
      category: failed.category,
      inspectionId: insp.id,
      inspectionItemCode: failed.code,
    });
    // A short title from what was found (the note); the standard's whole text stays in the description.
    expect(detail.hazard.title).toBe('现场发现问题');
    expect(detail.hazard.description).toContain(failed.text);
    expect(detail.attachments.map((a: { id: string }) => a.id)).toEqual(failed.attachments.map((a: { id: string }) => a.id));
    expect(await count('hazard')).toBe(hazardsBefore + 1);
    // The phone did not hear the answer and syncs again: same inspection, no second hazard.
    const repeat = await officer.post('/api/inspections', body);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toMatchObject({ created: false, inspection: { id: insp.id } });
    expect(await count('hazard')).toBe(hazardsBefore + 1);
    // A different copy of an already submitted check is a conflict, never an overwrite.
    const changed = await officer.post('/api/inspections', { ...body, summary: '另一台手机上的内容' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('CONFLICT');
    expect((await officer.get(`/api/inspections/${insp.id}`)).json().summary).toBe('检查完毕');
  });

  it('refuses incomplete, badly typed or foreign input with a code and writes nothing', async () => {
    const before = await count('inspection');
    const noPhoto = await inspectionBody(officer, school, 'weekly_check', 'school_self', { fails: [{ index: 0, photo: false }] });
    const r1 = await officer.post('/api/inspections', noPhoto);
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0]).toMatchObject({ path: 'items[0].attachmentIds' });
    const unknownItem = await inspectionBody(officer, school, 'weekly_check', 'school_self');
    (unknownItem.items as unknown[]).push({ code: 'zz_nope', result: 'pass' });
    expect((await officer.post('/api/inspections', unknownItem)).json().error.code).toBe('VALIDATION_FAILED');
    const future = await inspectionBody(officer, school, 'weekly_check', 'school_self', { inspectedAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect((await officer.post('/api/inspections', future)).statusCode).toBe(400);
    expect((await officer.post('/api/inspections', { ...noPhoto, level: 'nope' })).statusCode).toBe(400);
    expect((await officer.post('/api/inspections', { clientId: 'x' })).statusCode).toBe(400);
    // The wrong level for the role, another school, another district, an unassigned school.
    const asJoint = await officer.post('/api/inspections', { ...(await inspectionBody(officer, school, 'weekly_check', 'school_self')), level: 'joint' });
    expect(asJoint.statusCode).toBe(403);
    expect((await officer.post('/api/inspections', await inspectionBody(officer, school, 'weekly_check', 'school_self'))).statusCode).toBe(201);
    const foreign = await officer.post('/api/inspections', {
      ...(await inspectionBody(officer, school, 'weekly_check', 'school_self')),
      schoolId: otherSchool,
    });
    expect(foreign.statusCode).toBe(404);
    const unassigned = await inspectionBody(inspector, school, 'sanfang', 'inspector');
    expect((await inspector.post('/api/inspections', { ...unassigned, schoolId: otherSchool })).statusCode).toBe(404);
    expect((await other.post('/api/inspections', { ...unassigned, clientId: randomUUID() })).statusCode).toBe(404);
    expect(await count('inspection')).toBe(before + 1);
  });

  it('keeps a template version for the inspections made with it', async () => {
    const body = await inspectionBody(staff, school, 'daily_patrol', 'school_self');
    const res = await staff.post('/api/inspections', body);
    expect(res.statusCode, res.body).toBe(201);
    const latest = await template(staff, 'daily_patrol');
    expect(res.json().inspection.templateVersion).toBe(latest.version);
    const older = await staff.post('/api/inspections', { ...body, clientId: randomUUID(), templateVersion: 1, items: [], signatures: [], submit: false });
    expect(older.statusCode, older.body).toBe(201);
    expect(older.json().inspection.templateVersion).toBe(1);
    expect(older.json().inspection.items).toHaveLength((await staff.get('/api/checklist-templates/daily_patrol?version=1')).json().items.length);
  });
});

describe('createHazardFromItem', () => {
  it('turns a failed item of a supervision into a hazard afterwards, prefilled and linked, once', async () => {
    const tpl = await template(inspector, 'sanfang');
    const body = await inspectionBody(inspector, school, 'sanfang', 'inspector', { fails: [{ index: 0 }] });
    const insp = (await inspector.post('/api/inspections', body)).json().inspection;
    expect(insp).toMatchObject({ status: 'submitted', hazardCount: 0, canRaiseHazards: true });
    const code = tpl.items[0]?.code as string;
    expect((await staff.post(`/api/inspections/${insp.id}/items/${code}/hazard`, {})).statusCode).toBe(403);
    const res = await inspector.post(`/api/inspections/${insp.id}/items/${code}/hazard`, {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().hazard).toMatchObject({ source: 'inspector', level: tpl.items[0]?.failLevel, category: tpl.items[0]?.category, schoolId: school });
    expect((await inspector.post(`/api/inspections/${insp.id}/items/${code}/hazard`, {})).statusCode).toBe(409);
    expect((await inspector.post(`/api/inspections/${insp.id}/items/${tpl.items[1]?.code}/hazard`, {})).statusCode).toBe(409);
    expect((await inspector.get(`/api/inspections/${insp.id}`)).json()).toMatchObject({ hazardCount: 1 });
  });
});

describe('reportInspection (semester fire self-check)', () => {
  it('is reported by the principal with a signature within 5 days; late reports are flagged', async () => {
    const onTime = (await officer.post('/api/inspections', await inspectionBody(officer, school, 'fire_self_check', 'school_self'))).json().inspection;
    expect(onTime.report).toMatchObject({ standing: 'due', reportedAt: null });
    const sig = await uploadPhoto(principal, school, 'signature');
    expect((await officer.post(`/api/inspections/${onTime.id}/report`, { signatureAttachmentId: sig })).statusCode).toBe(403);
    const reported = await principal.post(`/api/inspections/${onTime.id}/report`, { signatureAttachmentId: sig });
    expect(reported.statusCode, reported.body).toBe(200);
    expect(reported.json().report).toMatchObject({ standing: 'reported', reportedByName: '孙丽华' });
    expect(reported.json().reportSignature.id).toBe(sig);
    expect(
      (await principal.post(`/api/inspections/${onTime.id}/report`, { signatureAttachmentId: await uploadPhoto(principal, school, 'signature') })).statusCode,
    ).toBe(409);
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    const late = (
      await officer.post('/api/inspections', await inspectionBody(officer, school, 'fire_self_check', 'school_self', { inspectedAt: tenDaysAgo }))
    ).json().inspection;
    expect(late.report.standing).toBe('overdue');
    const lateReport = await principal.post(`/api/inspections/${late.id}/report`, { signatureAttachmentId: await uploadPhoto(principal, school, 'signature') });
    expect(lateReport.json().report.standing).toBe('late');
    const weekly = (await officer.post('/api/inspections', await inspectionBody(officer, school, 'weekly_check', 'school_self'))).json().inspection;
    expect(
      (await principal.post(`/api/inspections/${weekly.id}/report`, { signatureAttachmentId: await uploadPhoto(principal, school, 'signature') })).statusCode,
    ).toBe(409);
  });
});

describe('listInspections scope', () => {
  it('shows each user only the schools in scope and only their own drafts', async () => {
    await joint.post('/api/inspections', await inspectionBody(joint, otherSchool, 'sanfang', 'joint'));
    const draft = (await officer.post('/api/inspections', { ...(await inspectionBody(officer, school, 'weekly_check', 'school_self')), submit: false })).json()
      .inspection;
    const mine = (await officer.get('/api/inspections?pageSize=200')).json();
    expect(mine.items.every((i: { schoolId: string }) => i.schoolId === school)).toBe(true);
    expect(mine.items.some((i: { id: string }) => i.id === draft.id)).toBe(true);
    const theirs = (await principal.get('/api/inspections?pageSize=200')).json();
    expect(theirs.items.some((i: { id: string }) => i.id === draft.id)).toBe(false);
    const all = (await admin.get('/api/inspections?pageSize=200')).json();
    expect(all.items.some((i: { schoolId: string }) => i.schoolId === otherSchool)).toBe(true);
    expect((await other.get('/api/inspections')).json().total).toBe(0);
    expect((await admin.get('/api/inspections?level=joint')).json().items.every((i: { level: string }) => i.level === 'joint')).toBe(true);
    expect((await admin.get('/api/inspections?from=2026-13-01')).statusCode).toBe(400);
  });
});

describe('coverage and obligations', () => {
  it('counts supervision, not self-checks, in the month grid; self-checks in the week grid', async () => {
    const month = (await admin.get('/api/coverage?view=month')).json();
    const row = month.rows.find((r: { school: { id: string } }) => r.school.id === school);
    const cell = row.cells.at(-1);
    expect(cell.status).toBe('done'); // the inspector's 三防 supervision above
    expect(cell.levels).toEqual(expect.arrayContaining(['inspector']));
    expect(cell.levels).not.toContain('school_self');
    const week = (await admin.get('/api/coverage?view=week')).json();
    expect(week.rows.find((r: { school: { id: string } }) => r.school.id === school).cells.some((c: { status: string }) => c.status === 'done')).toBe(true);
    expect(month.byInspector.length).toBeGreaterThan(0);
    const own = (await officer.get('/api/coverage?view=week')).json();
    expect(own.rows.map((r: { school: { id: string } }) => r.school.id)).toEqual([school]);
    expect((await admin.get('/api/coverage?from=2026-13')).statusCode).toBe(400);
    expect((await admin.get('/api/coverage?obligation=joint_weekly_days')).statusCode).toBe(400);
  });

  it('lists what is due for a school, and district duties only for district users', async () => {
    const mine = (await officer.get('/api/obligations')).json();
    const weekly = mine.items.find((i: { obligation: { code: string } }) => i.obligation.code === 'weekly_self_check');
    expect(weekly.current.mine.status).toBe('done');
    expect(mine.items.some((i: { obligation: { subject: string } }) => i.obligation.subject === 'district')).toBe(false);
    const district = (await admin.get('/api/obligations')).json();
    expect(district.items.some((i: { obligation: { code: string } }) => i.obligation.code === 'joint_weekly_days')).toBe(true);
  });
});

describe('按职督查 and 督检安排', () => {
  it('lets a department inspect only with the checklists of its function', async () => {
    const dept = await t.login('dept_officer'); // 区市场监管局: canteens
    const wrong = await dept.post('/api/inspections', await inspectionBody(dept, school, 'school_bus', 'department'));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.message).toContain('canteen');
    const right = await dept.post('/api/inspections', await inspectionBody(dept, school, 'canteen', 'department'));
    expect(right.statusCode, right.body).toBe(201);
  });

  it('plans a joint inspection, marks the school done when the group inspects it, and can be cancelled', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    // Schools nobody inspected today: a joint check there on the planned day would count for the plan.
    const [planned, second] = [await idOfSchool(t.db, 'YJT0102'), await idOfSchool(t.db, 'YJT0103')];
    const body = { plannedOn: today, title: '开学安全联合督检', schoolIds: [planned, second] };
    expect((await joint.post('/api/inspection-plans', body)).statusCode).toBe(403);
    expect((await admin.post('/api/inspection-plans', { ...body, schoolIds: [randomUUID()] })).statusCode).toBe(400);
    const created = await admin.post('/api/inspection-plans', body);
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json();
    expect(plan).toMatchObject({ status: 'planned', level: 'joint' });
    expect(plan.schools.every((s: { inspection: unknown }) => s.inspection === null)).toBe(true);
    const inbox = (await joint.get('/api/notifications')).json();
    expect(inbox.items.some((n: { kind: string }) => n.kind === 'inspection_planned')).toBe(true);
    // Done through the plan at one school; a school outside the plan is refused under it.
    const under = await joint.post('/api/inspections', { ...(await inspectionBody(joint, planned, 'sanfang', 'joint')), planId: plan.id });
    expect(under.statusCode, under.body).toBe(201);
    const yjt02 = await idOfSchool(t.db, 'YJT0201');
    expect((await joint.post('/api/inspections', { ...(await inspectionBody(joint, yjt02, 'sanfang', 'joint')), planId: plan.id })).statusCode).toBe(400);
    const listed = (await admin.get(`/api/inspection-plans?from=${today}&to=${today}`)).json().items.find((p: { id: string }) => p.id === plan.id);
    expect(listed.schools.filter((s: { inspection: unknown }) => s.inspection !== null)).toHaveLength(1);
    expect(listed.status).toBe('planned');
    // A school user sees only plans for its own school.
    expect((await officer.get(`/api/inspection-plans?from=${today}&to=${today}`)).json().items.some((p: { id: string }) => p.id === plan.id)).toBe(false);
    expect((await admin.post(`/api/inspection-plans/${plan.id}/cancel`, {})).statusCode).toBe(200);
    expect((await admin.post(`/api/inspection-plans/${plan.id}/cancel`, {})).statusCode).toBe(409);
    expect((await auditEventsFor(t.db, plan.id)).map((e) => e.action)).toEqual(['inspection_plan.cancel', 'inspection_plan.create']);
  });
});
