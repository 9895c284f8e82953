import zlib from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** antd puts a space between two CJK characters of a button ("研 判"): match with or without. */
export const spaced = (label: string): RegExp => new RegExp(`^${[...label].map((c) => c.replace(/[()（）]/g, '\\$&')).join('\\s*')}$`);

/** The Shanghai calendar day `n` days from now, YYYY-MM-DD (deadlines are Shanghai days). */
export const shanghaiDayPlus = (n: number): string => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Picks a day in an antd DatePicker (read-only input on phones): open it and click the day's cell,
 * until the field shows that day (three tries; the last failure names the value the field holds).
 * Twice a CI run saved another day than the one clicked (cause not found: the panel was probably
 * still moving into place), so a click that did not take is repeated rather than trusted.
 */
export async function pickDate(page: Page, input: Locator, day: string): Promise<void> {
  const panel = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
  const cell = panel.locator(`.ant-picker-cell[title="${day}"]`);
  for (let attempt = 1; ; attempt++) {
    await input.click();
    // The panel opens after the click: counting its cells before it is there finds none.
    await panel.locator('.ant-picker-cell').first().waitFor({ state: 'visible' });
    // Seven days ahead can fall in the next month's page when the grid does not show it yet.
    if ((await cell.count()) === 0) await panel.locator('.ant-picker-header-next-btn').click();
    await cell.click();
    try {
      await expect.poll(() => input.inputValue(), { timeout: 3_000 }).toBe(day);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A small solid-colour PNG (the server checks the bytes, so it must be a real image). */
export function solidPng([r, g, b]: [number, number, number], size = 16): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
