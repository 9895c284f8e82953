import { shanghaiDay } from '../../domain/calendar.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../context.js';
import { loadExcelJS } from '../shared/lazy-modules.js';
import { type BusListQuery, listSchoolBuses } from './school-bus.service.js';

type Bus = Awaited<ReturnType<typeof listSchoolBuses>>['items'][number];

/**
 * 校车台账 as offices keep it in Excel: one row a vehicle with its drivers, escorts and routes, then
 * what is expired or due (same filter and scope as the list); a second sheet compares each school's
 * 校车数 in its profile with the vehicles in service and gives the last special check and study.
 */
const columns: { header: string; width: number; value: (b: Bus) => string | number }[] = [
  { header: '学校', width: 26, value: (b) => b.schoolName },
  { header: '街道/教管中心', width: 16, value: (b) => b.parentName ?? '' },
  { header: '车牌号', width: 12, value: (b) => b.plateNo },
  { header: '品牌型号', width: 16, value: (b) => b.model },
  { header: '核载人数', width: 8, value: (b) => b.seats },
  { header: '状态', width: 8, value: (b) => b.statusLabel },
  { header: '校车使用许可编号', width: 18, value: (b) => b.licenceNo },
  { header: '许可有效期至', width: 12, value: (b) => b.licenceExpiry ?? '' },
  { header: '最近安全技术检验', width: 14, value: (b) => b.inspectedOn ?? '' },
  { header: '下次检验截止', width: 12, value: (b) => b.nextInspectionDue ?? '' },
  {
    header: '驾驶员',
    width: 36,
    value: (b) => b.drivers.map((d) => `${d.name}（${d.phone || '无电话'}，驾驶证至 ${d.licenceExpiry ?? '未登记'}）`).join('；'),
  },
  { header: '照管人员', width: 24, value: (b) => b.escorts.map((e) => `${e.name}${e.phone ? `（${e.phone}）` : ''}`).join('；') },
  { header: '线路', width: 36, value: (b) => b.routes.map((r) => `${r.name}：${r.stops}（${r.studentCount} 人）`).join('；') },
  {
    header: '已过期/不符合',
    width: 40,
    value: (b) =>
      b.flags
        .filter((f) => f.severity !== 'due')
        .map((f) => f.message)
        .join('；'),
  },
  {
    header: '即将到期',
    width: 30,
    value: (b) =>
      b.flags
        .filter((f) => f.severity === 'due')
        .map((f) => f.message)
        .join('；'),
  },
  { header: '备注', width: 20, value: (b) => b.note },
];

export async function exportSchoolBuses(app: AppContext, actor: Actor, q: BusListQuery, now = new Date()) {
  const list = await listSchoolBuses(app, actor, q, now);
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('校车台账');
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const b of list.items) ws.addRow(columns.map((c) => c.value(b)));
  const ss = wb.addWorksheet('学校校车数');
  ss.columns = [
    { header: '学校', width: 26 },
    { header: '街道/教管中心', width: 16 },
    { header: '档案校车数', width: 10 },
    { header: '在用登记车辆', width: 12 },
    { header: '是否一致', width: 8 },
    { header: '最近专项检查', width: 12 },
    { header: '最近安全学习', width: 12 },
  ];
  ss.getRow(1).font = { bold: true };
  for (const s of list.schools)
    ss.addRow([s.schoolName, s.parentName ?? '', s.busCount, s.registered, s.mismatch ? '不一致' : '一致', s.lastSpecialCheck ?? '', s.lastWeeklyStudy ?? '']);
  return { filename: `校车台账-${shanghaiDay(now)}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}
