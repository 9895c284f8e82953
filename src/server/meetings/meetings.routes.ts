import { z } from 'zod';
import { isoDay } from '../../domain/input-dates.js';
import { agendaRefTypes, meetingKinds, type TaskAction, taskStates } from '../../domain/meeting.js';
import { contentDisposition, idParams, pageQuery, queryBoolean } from '../http/query.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { getMeetingPdf } from './meeting-pdf.js';
import { actOnMeetingTask, getMeetingTask, listMeetingTasks } from './meeting-tasks.service.js';
import { getMeeting, listMeetings, saveMeeting, updateMeeting } from './meetings.service.js';

const day = (label: string) => isoDay(`${label}格式应为 YYYY-MM-DD`);
const text = (label: string, max: number) => z.string(`请填写${label}`).trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
const optionalText = (label: string, max: number) => z.string(`${label}应为文字`).trim().max(max, `${label}不超过 ${max} 个字`).default('');
const kind = z.enum(meetingKinds, { error: '会议类型应为 security_joint、monthly_consult、special 或 other' });

const agendaItem = z
  .object({
    title: text('议题', 200),
    refType: z.enum(agendaRefTypes, { error: '引用类型应为 hazard 或 case' }).optional(),
    refId: z.uuid('引用的记录编号无效').optional(),
    note: optionalText('议题说明', 2000),
  })
  .strict();

const taskItem = z
  .object({
    title: text('议定事项', 200),
    detail: optionalText('事项要求', 2000),
    ownerUnitId: z.uuid('责任单位无效'),
    deadline: day('完成期限'),
  })
  .strict();

const meetingFields = {
  kind,
  title: text('会议名称', 100),
  heldOn: day('会议日期'),
  place: optionalText('地点', 100),
  chair: optionalText('主持人', 50),
  participantUnitIds: z.array(z.uuid('参会单位无效'), { error: '参会单位应为列表' }).min(1, '请至少选择 1 个参会单位').max(100, '参会单位最多 100 个'),
  otherParticipants: optionalText('其他参会人员', 1000),
  agenda: z.array(agendaItem, { error: '议题应为列表' }).max(50, '议题最多 50 项').default([]),
  decisions: optionalText('会议决定', 8000),
  tasks: z.array(taskItem, { error: '议定事项应为列表' }).max(50, '一次最多 50 项议定事项').default([]),
};

const listQuery = z.object({ ...pageQuery, kind: kind.optional(), from: day('开始日期').optional(), to: day('结束日期').optional() });
const taskQuery = z.object({
  ...pageQuery,
  meetingId: z.uuid('会议无效').optional(),
  ownerUnitId: z.uuid('责任单位无效').optional(),
  state: z.enum(taskStates, { error: '状态应为 open、submitted 或 closed' }).optional(),
  overdue: queryBoolean.optional(),
  mine: queryBoolean.optional(),
});
const actionParams = z.object({
  id: z.uuid('编号无效'),
  action: z.enum(['progress', 'submit', 'return', 'close', 'urge'], { error: '操作应为 progress、submit、return、close 或 urge' }),
});
const actionBody = z.object({ note: z.string('说明应为文字').trim().max(4000, '说明不超过 4000 个字').default('') }).strict();

const tag = '联席会议';

export const meetingRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/meetings',
    operationId: 'listMeetings',
    tag,
    summary: '联席会议列表（区教委、联合督检组和委领导看全部，其他单位看本单位主持或参加的），含议定事项完成情况',
    access: 'user',
    query: listQuery,
    handler: ({ actor, app, query }) => listMeetings(app.db, actor, query),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meetings',
    operationId: 'saveMeeting',
    tag,
    summary: '登记联席会议纪要（区教委、联合督检组）：参会单位、议题（可引用隐患、案件）、会议决定和议定事项（责任单位、期限）',
    access: 'user',
    body: z.object(meetingFields).strict(),
    successStatus: 201,
    handler: ({ actor, app, body }) => saveMeeting(app.db, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/meetings/:id',
    operationId: 'getMeeting',
    tag,
    summary: '会议纪要详情及议定事项',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getMeeting(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/meetings/:id',
    operationId: 'updateMeeting',
    tag,
    summary: '修改会议纪要并追加议定事项（已议定的事项只能跟进，不能修改）',
    access: 'user',
    params: idParams,
    body: z
      .object({
        ...meetingFields,
        version: z
          .number('版本号无效')
          .int('版本号无效')
          .min(1, '版本号无效')
          .max(2 ** 31 - 1, '版本号无效'),
      })
      .strict(),
    handler: ({ actor, app, params, body }) => updateMeeting(app.db, actor, params.id, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/meetings/:id/pdf',
    operationId: 'getMeetingPdf',
    tag,
    summary: '打印会议纪要（A4 PDF）',
    access: 'user',
    params: idParams,
    produces: { contentType: 'application/pdf', description: '会议纪要-<会议名称>.pdf' },
    handler: async ({ actor, app, params, reply }) => {
      const { fileName, pdf } = await getMeetingPdf(app.db, actor, params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(fileName, 'inline'))
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/meeting-tasks',
    operationId: 'listMeetingTasks',
    tag,
    summary: '会议议定事项跟踪（责任单位看交给本单位的），含落实中、待验收、已办结、逾期数',
    access: 'user',
    query: taskQuery,
    handler: ({ actor, app, query }) => listMeetingTasks(app.db, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/meeting-tasks/:id',
    operationId: 'getMeetingTask',
    tag,
    summary: '议定事项详情：进展、督办和验收记录',
    access: 'user',
    params: idParams,
    handler: ({ actor, app, params }) => getMeetingTask(app.db, actor, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/meeting-tasks/:id/actions/:action',
    operationId: 'actOnMeetingTask',
    tag,
    summary: '议定事项跟进：progress 报告进展、submit 报告完成（写明落实情况）由责任单位；return 退回、close 验收办结、urge 督办由会议组织单位',
    access: 'user',
    params: actionParams,
    body: actionBody,
    handler: ({ actor, app, params, body }) => actOnMeetingTask(app.db, actor, params.id, params.action as TaskAction, body.note),
  }),
];
