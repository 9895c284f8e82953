import { describe, expect, it } from 'vitest';
import { currentOutage, deviceCalendar, isDailyChecked, onlineRate, outageReachesLimit, ratePercent, readStatusCsv } from '../../src/domain/device-checks.js';

describe('which devices are checked daily', () => {
  it('every alarm and the cameras at the gate; nothing else', () => {
    expect(isDailyChecked({ kind: 'alarm', place: null, facingGate: false })).toBe(true);
    expect(isDailyChecked({ kind: 'camera', place: 'main_entrance', facingGate: false })).toBe(true);
    expect(isDailyChecked({ kind: 'camera', place: 'playground', facingGate: true })).toBe(true);
    expect(isDailyChecked({ kind: 'camera', place: 'playground', facingGate: false })).toBe(false);
    expect(isDailyChecked({ kind: 'recorder', place: 'gatehouse', facingGate: true })).toBe(false);
  });
});

describe('rates', () => {
  it('online share, never shown as 100 % while something is offline', () => {
    expect(onlineRate(0, 0)).toBe(1);
    expect(onlineRate(4, 1)).toBe(0.75);
    expect(ratePercent(750, 0)).toBe(100);
    expect(ratePercent(10_000, 1)).toBe(99.9);
    expect(ratePercent(3, 1)).toBe(66.7);
  });
});

describe('offline for N checked days', () => {
  const checked = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-05', '2026-12-06'];
  it('counts back over checked days from the latest; an unchecked day neither ends nor lengthens it', () => {
    const o = currentOutage(checked, new Set(['2026-12-03', '2026-12-05', '2026-12-06']));
    expect(o).toEqual({ start: '2026-12-03', last: '2026-12-06', days: 3 });
    expect(outageReachesLimit(o, 3)).toBe(true);
    expect(outageReachesLimit(o, 4)).toBe(false);
  });
  it('an online check ends the outage; online on the latest day is no outage', () => {
    expect(currentOutage(checked, new Set(['2026-12-01', '2026-12-02', '2026-12-05', '2026-12-06']))).toEqual({
      start: '2026-12-05',
      last: '2026-12-06',
      days: 2,
    });
    expect(currentOutage(checked, new Set(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-05']))).toBeNull();
    expect(currentOutage([], new Set(['2026-12-01']))).toBeNull();
    expect(outageReachesLimit(null, 1)).toBe(false);
  });
  it('N = 1 and N = 2 at the boundary', () => {
    const one = currentOutage(checked, new Set(['2026-12-06']));
    expect(outageReachesLimit(one, 1)).toBe(true);
    expect(outageReachesLimit(one, 2)).toBe(false);
  });
  it('the calendar marks each day online, offline or unchecked', () => {
    expect(deviceCalendar('2026-12-03', '2026-12-05', new Set(checked), new Set(['2026-12-05']))).toEqual([
      { day: '2026-12-03', state: 'online' },
      { day: '2026-12-04', state: 'unchecked' },
      { day: '2026-12-05', state: 'offline' },
    ]);
  });
});

describe('the platform CSV', () => {
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
  it('reads quoted fields, a BOM, CRLF and Chinese or English words', () => {
    const r = readStatusCsv(`\uFEFF设备编号,在线状态,备注\r\n${id(1)},离线,"黑屏, 已报修"\r\n${id(2)},online,\r\n`, '2026-12-06');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { row: 2, deviceId: id(1), online: false, note: '黑屏, 已报修' },
      { row: 3, deviceId: id(2), online: true, note: '' },
    ]);
  });
  it('reports every bad row with its number and column', () => {
    const r = readStatusCsv(
      `设备编号,在线状态,日期\n${id(1)},在线,2026-12-06\nx,在线,2026-12-06\n${id(2)},?,2026-12-06\n${id(1)},离线,2026-12-06\n${id(3)},在线,2026-12-01\n`,
      '2026-12-06',
    );
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '设备编号'],
      [4, '在线状态'],
      [5, '设备编号'],
      [6, '日期'],
    ]);
    expect(readStatusCsv('a,b\n1,2\n', '2026-12-06').errors[0]?.row).toBe(1);
    expect(readStatusCsv('设备编号,在线状态\n', '2026-12-06').errors[0]?.message).toContain('没有数据');
  });
});
