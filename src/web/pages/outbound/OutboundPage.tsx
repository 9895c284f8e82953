import { PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { applyFieldErrors, messageOf } from '../../lib/errors';

type Channel = {
  id: string;
  name: string;
  kind: 'wecom' | 'dingtalk' | 'sms' | 'webhook';
  kindLabel: string;
  unitId: string | null;
  url: string;
  secretSet: boolean;
  eventKinds: string[];
  isActive: boolean;
};
type ChannelList = { items: Channel[]; eventKinds: { code: string; label: string }[]; smsProvider: boolean };
type Delivery = {
  id: string;
  channelName: string;
  eventLabel: string;
  title: string;
  recipient: string;
  state: 'pending' | 'sending' | 'sent' | 'dead';
  stateLabel: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
  sentAt: string | null;
  createdAt: string;
};
type DeliveryList = { items: Delivery[]; total: number; byState: Record<string, number> };

const kinds = [
  { value: 'wecom', label: '企业微信群机器人' },
  { value: 'dingtalk', label: '钉钉群机器人' },
  { value: 'sms', label: '短信' },
  { value: 'webhook', label: '通用 Webhook' },
];
const stateColors: Record<Delivery['state'], string> = { pending: 'blue', sending: 'processing', sent: 'green', dead: 'red' };
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');
const secretHelp: Record<Channel['kind'], string> = {
  wecom: '企业微信机器人的 key（也可直接粘贴完整 Webhook 地址，key 随地址保存）',
  dingtalk: '钉钉机器人安全设置中“加签”的密钥（SEC 开头）',
  sms: '短信不需要密钥',
  webhook: '签名密钥（至少 16 位），对方用它校验 X-Huxiao-Signature',
};

type Values = { name: string; kind: Channel['kind']; unitId?: string | null; url?: string; secret?: string; eventKinds: string[]; isActive: boolean };

function ChannelModal({
  channel,
  eventKinds,
  onClose,
  onDone,
}: {
  channel: Channel | null;
  eventKinds: ChannelList['eventKinds'];
  onClose: () => void;
  onDone: () => void;
}) {
  const { message } = App.useApp();
  const units = useOrgUnits(['township', 'centre', 'school', 'department']);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? channel?.kind ?? 'wecom';
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      await api.post('/api/outbound/channels', {
        ...(channel && { id: channel.id }),
        name: v.name,
        kind: v.kind,
        unitId: v.unitId ?? null,
        ...(v.url && { url: v.url }),
        ...(v.secret && { secret: v.secret }),
        eventKinds: v.eventKinds ?? [],
        isActive: v.isActive,
      });
      message.success('已保存');
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['name', 'kind', 'unitId', 'url', 'secret', 'eventKinds'])) setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={channel ? `修改通道：${channel.name}` : '新增外发通道'}
      okText="保存"
      okButtonProps={{ loading: saving }}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          channel
            ? { name: channel.name, kind: channel.kind, unitId: channel.unitId, eventKinds: channel.eventKinds, isActive: channel.isActive }
            : { kind: 'wecom', eventKinds: [], isActive: true }
        }
        onFinish={submit}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={60} placeholder="如：区安稳科工作群" />
        </Form.Item>
        <Form.Item name="kind" label="类型">
          <Select options={kinds} disabled={Boolean(channel)} />
        </Form.Item>
        <Form.Item name="unitId" label="所属单位（不选为全区；选了只转发该单位及下级人员收到的消息）">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={units.loading}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        {kind !== 'sms' && (
          <Form.Item name="url" label={channel ? `地址（当前：${channel.url}；不修改请留空）` : '地址'}>
            <Input
              placeholder={
                kind === 'wecom'
                  ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'
                  : kind === 'dingtalk'
                    ? 'https://oapi.dingtalk.com/robot/send?access_token=…'
                    : 'https://'
              }
            />
          </Form.Item>
        )}
        {kind !== 'sms' && (
          <Form.Item name="secret" label={channel?.secretSet ? '密钥（已设置；不修改请留空）' : '密钥'} extra={secretHelp[kind]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="eventKinds" label="转发的消息">
          <Checkbox.Group options={eventKinds.map((k) => ({ value: k.code, label: k.label }))} />
        </Form.Item>
        <Form.Item name="isActive" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Channels() {
  const { message } = App.useApp();
  const list = useLoad(() => api.get<ChannelList>('/api/outbound/channels'), 'channels');
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const test = async (c: Channel) => {
    try {
      const d = await api.post<Delivery>(`/api/outbound/channels/${c.id}/test`);
      if (d.state === 'sent') message.success('测试消息已送达');
      else message.warning(`测试消息未送达：${d.lastError}（将按计划重试，可在外发记录中查看）`);
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  const labels = new Map((list.data?.eventKinds ?? []).map((k) => [k.code, k.label]));
  return (
    <>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      {list.data && !list.data.smsProvider && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message="本平台未接入短信服务商：短信通道的消息会进入死信，接入后可重新发送。" />
      )}
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
        新增通道
      </Button>
      <Table<Channel>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: '还没有外发通道：站内消息只在平台内提醒' }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kindLabel' },
          { title: '地址', dataIndex: 'url', render: (v: string) => <Typography.Text code>{v || '—'}</Typography.Text> },
          { title: '密钥', dataIndex: 'secretSet', render: (v: boolean) => (v ? '已设置' : '未设置') },
          { title: '转发的消息', dataIndex: 'eventKinds', render: (v: string[]) => v.map((k) => <Tag key={k}>{labels.get(k) ?? k}</Tag>) },
          { title: '状态', dataIndex: 'isActive', render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          {
            title: '操作',
            render: (_, c) => (
              <Space>
                <Button size="small" onClick={() => setEditing(c)}>
                  修改
                </Button>
                <Button size="small" icon={<SendOutlined />} onClick={() => test(c)} disabled={!c.isActive}>
                  测试
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && list.data && (
        <ChannelModal
          channel={editing === 'new' ? null : editing}
          eventKinds={list.data.eventKinds}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function Deliveries() {
  const { message } = App.useApp();
  const [state, setState] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.get<DeliveryList>('/api/outbound/deliveries', { state, page, pageSize: 20 }), `${state}:${page}`);
  const retry = async (d: Delivery) => {
    try {
      await api.post(`/api/outbound/deliveries/${d.id}/retry`);
      message.success('已重新排队，稍后发送');
      list.reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  const by = list.data?.byState ?? {};
  return (
    <>
      <Select
        allowClear
        placeholder="全部状态"
        style={{ width: 220, marginBottom: 12 }}
        value={state}
        onChange={(v) => {
          setState(v);
          setPage(1);
        }}
        options={[
          { value: 'pending', label: `待发送（${by.pending ?? 0}）` },
          { value: 'sent', label: `已发送（${by.sent ?? 0}）` },
          { value: 'dead', label: `死信（${by.dead ?? 0}）` },
        ]}
      />
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        scroll={{ x: 1000 }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: when },
          { title: '通道', dataIndex: 'channelName' },
          { title: '消息', dataIndex: 'eventLabel' },
          { title: '标题', dataIndex: 'title' },
          { title: '接收', dataIndex: 'recipient', render: (v: string) => v || '群' },
          { title: '状态', dataIndex: 'state', render: (s: Delivery['state'], d) => <Tag color={stateColors[s]}>{d.stateLabel}</Tag> },
          { title: '尝试', dataIndex: 'attempts', align: 'right' },
          { title: '最后错误', dataIndex: 'lastError', ellipsis: true },
          {
            title: '操作',
            render: (_, d) =>
              d.state === 'dead' ? (
                <Button size="small" onClick={() => retry(d)}>
                  重新发送
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** 外发通道: the district admin's channels (group robots, SMS, webhooks) and the outbox with its dead letters. */
export default function OutboundPage() {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        外发通道
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        站内消息（整改期限提醒、逾期督办、整改通知、报平安催报、扬言报复等）按这里的配置同时发到企业微信、钉钉工作群、短信或对接系统。发送在保存后进行，失败自动重试，多次失败进入死信。
      </Typography.Paragraph>
      <Tabs
        items={[
          { key: 'channels', label: '通道', children: <Channels /> },
          { key: 'deliveries', label: '外发记录', children: <Deliveries /> },
        ]}
      />
    </Space>
  );
}
