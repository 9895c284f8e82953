import { expect } from 'vitest';
import type { Client } from './harness.js';

/** A 1×1 PNG: the smallest real image for evidence uploads. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

export async function uploadPhoto(c: Client, schoolId: string, purpose = 'hazard_found'): Promise<string> {
  const res = await c.request({
    method: 'POST',
    url: `/api/attachments?purpose=${purpose}&schoolId=${schoolId}&fileName=${encodeURIComponent('现场.png')}`,
    payload: PNG,
    headers: { 'content-type': 'image/png' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function registerHazard(c: Client, schoolId: string, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/hazards', {
    schoolId,
    title: '消防通道堆放杂物',
    place: '教学楼',
    category: 'fire',
    source: 'school_self',
    description: '一楼东侧',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; state: string };
}

export const act = (c: Client, id: string, action: string, body: unknown = {}) => c.post(`/api/hazards/${id}/actions/${action}`, body);

export const inDays = (n: number) => new Date(Date.now() + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

export const planBody = (over: Record<string, unknown> = {}) => ({
  measures: '清理杂物，设置禁止堆放标识',
  responsiblePerson: '黄国平',
  funds: '500元',
  deadline: inDays(7),
  contingencyPlan: '安排专人值守，保持通道畅通',
  ...over,
});
