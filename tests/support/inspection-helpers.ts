import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Client } from './harness.js';
import { uploadPhoto } from './hazard-helpers.js';

export type TemplateItemDto = { code: string; text: string; category: string; photoRequiredOnFail: boolean; failLevel: string; retired: boolean };
export type TemplateDto = { code: string; version: number; name: string; levels: string[]; items: TemplateItemDto[] };

export async function template(c: Client, code: string): Promise<TemplateDto> {
  const res = await c.get(`/api/checklist-templates/${code}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A full answer to a template: every active item 合格 except the given failures (with a photo). */
export async function answers(c: Client, schoolId: string, tpl: TemplateDto, fails: { index: number; raiseHazard?: boolean; photo?: boolean }[] = []) {
  const active = tpl.items.filter((i) => !i.retired);
  const items = [];
  for (const [index, item] of active.entries()) {
    const fail = fails.find((f) => f.index === index);
    if (!fail) {
      items.push({ code: item.code, result: 'pass' });
      continue;
    }
    const photos = fail.photo === false ? [] : [await uploadPhoto(c, schoolId, 'inspection')];
    items.push({ code: item.code, result: 'fail', note: '现场发现问题', attachmentIds: photos, raiseHazard: fail.raiseHazard ?? false });
  }
  return items;
}

export async function signature(c: Client, schoolId: string, name = '检查人') {
  return { name, role: '', attachmentId: await uploadPhoto(c, schoolId, 'signature'), signedAt: new Date().toISOString() };
}

export type InspectionBody = Record<string, unknown> & { clientId: string };

/** A complete, submittable body (every item answered, one signature). */
export async function inspectionBody(
  c: Client,
  schoolId: string,
  templateCode: string,
  level: string,
  opts: { fails?: { index: number; raiseHazard?: boolean; photo?: boolean }[]; submit?: boolean; inspectedAt?: string } = {},
): Promise<InspectionBody> {
  const tpl = await template(c, templateCode);
  return {
    clientId: randomUUID(),
    schoolId,
    templateCode,
    level,
    inspectedAt: opts.inspectedAt ?? new Date().toISOString(),
    items: await answers(c, schoolId, tpl, opts.fails),
    signatures: [await signature(c, schoolId)],
    summary: '检查完毕',
    submit: opts.submit ?? true,
  };
}
