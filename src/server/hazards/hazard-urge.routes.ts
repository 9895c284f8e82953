import { z } from 'zod';
import { URGE_NOTE_MAX } from '../../domain/hazard-urge.js';
import { idParams } from '../http/query.js';
import { defineRoute } from '../http/route.js';
import { urgeHazard } from './hazard-urge.service.js';

const urgeBody = z.object({ note: z.string('催办说明应为文字').trim().max(URGE_NOTE_MAX, `催办说明不超过 ${URGE_NOTE_MAX} 个字`).default('') }).strict();

export const hazardUrgeRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/hazards/:id/urge',
    operationId: 'urgeHazard',
    tag: '隐患台账',
    summary: '催办逾期隐患（督导该校的上级单位）：向整改责任方发送站内消息并记入时间线，同一人每天每项隐患一次',
    access: 'user',
    params: idParams,
    body: urgeBody,
    handler: ({ actor, app, params, body }) => urgeHazard(app.db, actor, params.id, body),
  }),
];
