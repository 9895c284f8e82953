import { HistoryOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { isSchoolRole } from '../hazards/hazardRoles';
import { type GuardPost, type PostList, type RotaHistory, type RotaLine, rotaStatusLabels, weekdayNames } from './guardApi';

/** Posts at the gates and their rota; a post's managers edit it (the server decides: canManage, canCreate). */
export function PostsTab() {
  const user = useCurrentUser();
  const own = isSchoolRole(user.role);
  const schools = useOrgUnits(own ? [] : ['school']);
  const [schoolId, setSchoolId] = useState<string | undefined>(own ? user.orgUnitId : undefined);
  const data = useLoad(() => api.get<PostList>('/api/guard-posts', { schoolId }), schoolId ?? '');
  const [editing, setEditing] = useState<Partial<GuardPost> | null>(null);
  const [history, setHistory] = useState<GuardPost | null>(null);
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as PostList;
  const periodLabel = (c: string) => d.policy.periods.find((p) => p.code === c)?.label ?? c;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {!own && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="选择学校"
            style={{ width: 240 }}
            value={schoolId}
            onChange={setSchoolId}
            options={(schools.data ?? []).filter((u) => u.kind === 'school').map((u) => ({ value: u.id, label: u.name }))}
          />
        )}
        {schoolId &&
          d.canCreate.map((k) => (
            <Button
              key={k}
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ schoolId, kind: k, periods: d.policy.periods.filter((p) => p.required).map((p) => p.code), rota: [] })}
            >
              {k === 'police' ? '新增公安护学岗' : '新增护学岗'}
            </Button>
          ))}
        <Typography.Text type="secondary">共 {d.total} 个岗位</Typography.Text>
      </Space>
      {d.items.length === 0 && <Empty description="尚未设置护学岗" />}
      {d.items.map((p) => (
        <Card
          key={p.id}
          size="small"
          data-testid="guard-post"
          title={
            <span>
              {p.gateLabel} <Tag>{p.kindLabel}</Tag>
              {!p.gateId && (
                <Tag color="orange" data-testid="guard-post-unlinked">
                  未关联校门
                </Tag>
              )}
              {!p.active && <Tag color="default">已停用</Tag>}
              {p.active && p.inactiveFrom && (
                <Tag color="gold" data-testid="guard-post-ending">
                  {md(p.inactiveFrom)}起停用
                </Tag>
              )}
            </span>
          }
          extra={
            <Space size={4}>
              <Button icon={<HistoryOutlined />} onClick={() => setHistory(p)} data-testid="rota-history">
                排班历史
              </Button>
              {p.canManage && <Button onClick={() => setEditing(p)}>编辑</Button>}
            </Space>
          }
        >
          <div>
            <SchoolLink id={p.schoolId} name={p.schoolName} />
            {p.policeName ? ` · ${p.policeName}` : ''} · 时段：{p.periods.map(periodLabel).join('、')}
          </div>
          {p.rota.map((r) => (
            <div key={r.id} style={{ fontSize: 13 }}>
              {periodLabel(r.periodCode)} 周{r.weekdays.map((w) => weekdayNames[w]).join('、')}：{r.personName}（{r.roleLabel}）
              <Typography.Text type="secondary" style={{ marginLeft: 4, fontSize: 12 }}>
                {validity(r, d.today)}
              </Typography.Text>
              {r.validFrom && r.validFrom > d.today && (
                <Tag color="blue" style={{ marginLeft: 4 }}>
                  待生效
                </Tag>
              )}
              {(!r.validFrom || r.validFrom <= d.today) && p.todaySignIns.some((s) => s.lineId === r.lineId && s.periodCode === r.periodCode) && (
                <Tag color="green" style={{ marginLeft: 4 }}>
                  今日已签到
                </Tag>
              )}
            </div>
          ))}
        </Card>
      ))}
      {editing && <PostEditor post={editing} list={d} onClose={() => setEditing(null)} onSaved={data.reload} />}
      {history && <RotaHistoryModal post={history} periodLabel={periodLabel} onClose={() => setHistory(null)} />}
    </Space>
  );
}

const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
/** “12月1日起”, “12月1日—12月9日”: the days a version is in force. */
function validity(r: { validFrom?: string | undefined; validTo?: string | null | undefined }, today: string) {
  if (!r.validFrom) return '';
  const from = r.validFrom.slice(0, 4) === today.slice(0, 4) ? md(r.validFrom) : r.validFrom;
  return r.validTo ? `${from}—${md(r.validTo)}` : `${from}起`;
}

/** Every version of the post's rota lines: what was in force when, and who changed it. */
function RotaHistoryModal({ post, periodLabel, onClose }: { post: GuardPost; periodLabel: (c: string) => string; onClose: () => void }) {
  const h = useLoad(() => api.get<RotaHistory>(`/api/guard-posts/${post.id}/rota-history`), post.id);
  const rows = (h.data?.lines ?? []).flatMap((l) => l.versions.map((v, i) => ({ ...v, key: v.id, first: i === 0, span: i === 0 ? l.versions.length : 0 })));
  return (
    <Modal open title={`排班历史：${post.schoolName}${post.gateLabel}`} onCancel={onClose} footer={null} width={900}>
      {h.error && <Alert type="error" title={h.error} />}
      {h.data && h.data.post.status !== 'active' && (
        <Alert
          type={h.data.post.status === 'ending' ? 'info' : 'warning'}
          style={{ marginBottom: 12 }}
          data-testid="post-standing"
          title={
            h.data.post.status === 'ending'
              ? `该岗位将自 ${h.data.post.inactiveFrom} 起停用：此前照常值守、签到`
              : h.data.post.inactiveFrom
                ? `该岗位已自 ${h.data.post.inactiveFrom} 起停用`
                : '该岗位已停用'
          }
        />
      )}
      <Typography.Paragraph type="secondary">
        排班变更自生效日期起算：之前的日子仍按当时的排班统计应到岗和签到；同一行排班的各个版本合并显示。
      </Typography.Paragraph>
      <Table
        size="small"
        loading={h.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 820 }}
        data-testid="rota-history-table"
        columns={[
          { title: '人员', dataIndex: 'personName', width: 120, onCell: (r) => ({ rowSpan: r.span }) },
          { title: '身份', dataIndex: 'roleLabel', width: 90 },
          { title: '时段', dataIndex: 'periodCode', width: 100, render: (c: string) => periodLabel(c) },
          { title: '星期', dataIndex: 'weekdays', width: 150, render: (w: number[]) => `周${w.map((x) => weekdayNames[x]).join('、')}` },
          { title: '执行期间', key: 'when', width: 170, render: (_: unknown, r) => (r.status === 'cancelled' ? '—' : validity(r, h.data?.today ?? '')) },
          {
            title: '状态',
            dataIndex: 'status',
            width: 110,
            render: (s: keyof typeof rotaStatusLabels) => (
              <Tag color={s === 'current' ? 'green' : s === 'scheduled' ? 'blue' : 'default'}>{rotaStatusLabels[s]}</Tag>
            ),
          },
          {
            title: '变更',
            key: 'by',
            width: 170,
            render: (_: unknown, r) => (r.createdByName ? `${r.createdByName} ${dayjs(r.createdAt).format('M月D日 HH:mm')}` : '（早期记录）'),
          },
        ]}
      />
    </Modal>
  );
}

type FormValues = {
  gateId?: string | null;
  gateLabel: string;
  periods: string[];
  latitude?: number;
  longitude?: number;
  active: boolean;
  note: string;
  rota: RotaLine[];
  effectiveFrom: Dayjs;
};

function PostEditor({ post, list, onClose, onSaved }: { post: Partial<GuardPost>; list: PostList; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  // The school's gates (校门, kept in its profile): a post stands at one of them (护学岗设置率 is per gate).
  const school = useLoad(
    () => (post.schoolId ? api.get<PostList>('/api/guard-posts', { schoolId: post.schoolId }) : Promise.resolve(null)),
    post.schoolId ?? '',
  );
  const gates = school.data?.gates ?? [];
  const active = Form.useWatch('active', form) ?? true;
  const save = async () => {
    await form.validateFields();
    // Every value, not only the fields on screen: a rota line keeps its id and its account.
    const v = form.getFieldsValue(true) as FormValues;
    setBusy(true);
    try {
      await api.post('/api/guard-posts', {
        ...(post.id ? { id: post.id, version: post.version } : {}),
        schoolId: post.schoolId,
        kind: post.kind,
        gateId: v.gateId ?? null,
        gateLabel: v.gateLabel ?? '',
        periods: v.periods,
        ...(v.latitude !== undefined && v.latitude !== null && v.longitude !== undefined && v.longitude !== null
          ? { latitude: v.latitude, longitude: v.longitude }
          : {}),
        active: v.active,
        note: v.note ?? '',
        effectiveFrom: (v.effectiveFrom ?? dayjs(list.today)).format('YYYY-MM-DD'),
        rota: (v.rota ?? []).map((r) => ({
          ...(r.id ? { id: r.id } : {}),
          periodCode: r.periodCode,
          weekdays: r.weekdays,
          role: r.role,
          personName: r.personName,
          userId: r.userId ?? null,
          phone: r.phone ?? '',
        })),
      });
      message.success('已保存');
      onSaved();
      onClose();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const periods = list.policy.periods.map((p) => ({ value: p.code, label: `${p.label} ${p.start}–${p.end}` }));
  return (
    <Modal
      open
      title={post.id ? '编辑护学岗' : post.kind === 'police' ? '新增公安护学岗' : '新增护学岗'}
      onOk={save}
      confirmLoading={busy}
      onCancel={onClose}
      width={640}
      okText="保存"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          gateId: post.id ? (post.gateId ?? null) : undefined,
          gateLabel: post.gateLabel ?? '',
          periods: post.periods ?? [],
          latitude: post.latitude,
          longitude: post.longitude,
          // A post ending on a later day shows as switched off, with that day as the date.
          active: (post.active ?? true) && !post.inactiveFrom,
          note: post.note ?? '',
          rota: post.rota ?? [],
          effectiveFrom: post.active && post.inactiveFrom ? dayjs(post.inactiveFrom) : dayjs(list.today),
        }}
      >
        {!school.loading && gates.length === 0 && (
          <Alert type="warning" style={{ marginBottom: 12 }} title="该校尚未登记校门：请先在学校档案中登记校门。未关联校门的岗位不计入护学岗设置率。" />
        )}
        {gates.length > 0 && (
          <Form.Item
            name="gateId"
            label="校门"
            extra="护学岗设置率按校门计：每个校门都要有岗位（校门在学校档案中维护）"
            rules={[{ required: !post.id || !!post.gateId, message: '请选择校门' }]}
          >
            <Select
              placeholder="选择校门"
              data-testid="guard-gate-pick"
              allowClear={!!post.id && !post.gateId}
              options={gates.map((g) => ({ value: g.id, label: `${g.name}${g.isMain && !g.name.includes('正门') ? '（正门）' : ''}` }))}
              onChange={(id: string | undefined) => {
                const g = gates.find((x) => x.id === id);
                if (g) form.setFieldsValue({ gateLabel: g.name, latitude: g.latitude, longitude: g.longitude });
              }}
            />
          </Form.Item>
        )}
        <Form.Item
          name="gateLabel"
          label={gates.length ? '岗位名称（默认为校门名称）' : '岗位名称'}
          rules={[{ required: gates.length === 0, message: '请填写岗位名称，例如“南门”' }]}
        >
          <Input maxLength={40} data-testid="guard-gate" />
        </Form.Item>
        <Form.Item name="periods" label="时段" rules={[{ required: true, message: '至少选择一个时段' }]}>
          <Checkbox.Group options={periods} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="latitude" label="纬度（不填用学校坐标）">
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="longitude" label="经度">
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked">
            <Switch data-testid="guard-post-active" />
          </Form.Item>
        </Space>
        <Form.Item
          name="effectiveFrom"
          label={active ? '排班变更生效日期' : '停用日期（自该日起停用）'}
          extra={
            active
              ? '之前的日子仍按原排班统计应到岗；最多提前 60 天安排'
              : '停用日之前岗位照常值守、可以签到；自该日起不再排班，签到将被拒绝；最多提前 60 天安排'
          }
          rules={[{ required: true, message: '请选择生效日期' }]}
        >
          <DatePicker
            allowClear={false}
            data-testid="rota-effective"
            disabledDate={(d) => d.isBefore(dayjs(list.today), 'day') || d.isAfter(dayjs(list.today).add(60, 'day'), 'day')}
          />
        </Form.Item>
        <Typography.Text strong>排班</Typography.Text>
        <Form.List name="rota">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}>
                  <Space wrap>
                    <Form.Item name={[f.name, 'periodCode']} rules={[{ required: true, message: '选择时段' }]} noStyle>
                      <Select style={{ width: 150 }} options={periods} placeholder="时段" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: '选择身份' }]} noStyle>
                      <Select style={{ width: 120 }} options={list.policy.roles.map((r) => ({ value: r.code, label: r.label }))} placeholder="身份" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'personName']} rules={[{ required: true, message: '填写姓名' }]} noStyle>
                      <Input style={{ width: 120 }} placeholder="姓名" maxLength={40} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} noStyle>
                      <Input style={{ width: 140 }} placeholder="电话" maxLength={20} />
                    </Form.Item>
                  </Space>
                  <Form.Item name={[f.name, 'weekdays']} rules={[{ required: true, message: '至少选择一天' }]} style={{ margin: '8px 0 0' }}>
                    <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((w) => ({ value: w, label: `周${weekdayNames[w]}` }))} />
                  </Form.Item>
                </Card>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ weekdays: [1, 2, 3, 4, 5], role: post.kind === 'police' ? 'police' : 'guard', phone: '', userId: null })}
              >
                添加排班
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label="备注" style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
