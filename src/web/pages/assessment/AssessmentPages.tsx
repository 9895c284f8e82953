import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { messageOf } from '../../lib/errors';
import { ImportedCard } from './ImportedCard';

/** 考核 (issue 14): rounds, the ranking, one unit's assessment with the rows behind each item, and the rubric. */
type Rubric = {
  code: string;
  version: string;
  label: string;
  unitTypeLabel: string;
  effectiveFrom: string;
  certaintyLabel: string;
  source: string;
  totalPoints: number;
  problems: string[];
};
type Round = {
  id: string;
  title: string;
  rubricLabel: string;
  rubricCode: string;
  rubricVersion: string;
  unitTypeLabel: string;
  from: string;
  to: string;
  state: string;
  stateLabel: string;
};
type UnitRow = {
  unitId: string;
  code: string;
  name: string;
  townshipName: string;
  schoolTypeLabel: string;
  total: number | null;
  vetoed: boolean;
  pending: number | null;
  rankInType: number | null;
  rankInTownship: number | null;
};
type Item = {
  code: string;
  section: 'indicator' | 'bonus' | 'veto';
  label: string;
  points: number;
  ruleText: string;
  evidence: string;
  automatic: boolean;
  value: number | null;
  detail: string;
  evidenceRows: { text: string; link?: string }[];
  selfScore: number | null;
  selfNote: string;
  score: number | null;
  vetoed: boolean;
  sourceLabel: string | null;
  assessor: { overrideReason: string; note: string } | null;
};

export function AssessmentRoundsPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const rounds = useLoad(() => api.get<{ items: Round[] }>('/api/assessment/rounds'), 'rounds');
  const rubrics = useLoad(() => api.get<{ items: Rubric[] }>('/api/assessment/rubrics'), 'rubrics');
  const [busy, setBusy] = useState(false);
  const create = async (v: { title: string; rubricCode: string; period: [dayjs.Dayjs, dayjs.Dayjs] }) => {
    setBusy(true);
    try {
      await api.post('/api/assessment/rounds', {
        title: v.title,
        rubricCode: v.rubricCode,
        from: v.period[0].format('YYYY-MM-DD'),
        to: v.period[1].format('YYYY-MM-DD'),
      });
      message.success('已发起考核，自动评分项已按平台数据计算');
      rounds.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title="考核细则">
        <Table<Rubric>
          rowKey={(r) => `${r.code}@${r.version}`}
          size="small"
          pagination={false}
          dataSource={rubrics.data?.items ?? []}
          columns={[
            { title: '细则', render: (_, r) => <Link to={`/assessment/rubrics/${r.code}/${r.version}`}>{r.label}</Link> },
            { title: '版本', dataIndex: 'version' },
            { title: '生效日期', dataIndex: 'effectiveFrom' },
            { title: '考核对象', dataIndex: 'unitTypeLabel' },
            { title: '满分', dataIndex: 'totalPoints' },
            { title: '可信度', dataIndex: 'certaintyLabel' },
          ]}
        />
      </Card>
      {user.role === 'district_admin' && (
        <Card size="small" title="发起考核">
          <Form layout="inline" onFinish={create} initialValues={{ title: '2026—2027 学年安全工作考核', period: [dayjs('2026-09-01'), dayjs('2027-08-31')] }}>
            <Form.Item name="title" rules={[{ required: true, message: '请填写考核名称' }]}>
              <Input style={{ width: 260 }} placeholder="考核名称" />
            </Form.Item>
            <Form.Item name="rubricCode" rules={[{ required: true, message: '请选择考核细则' }]}>
              <Select
                style={{ width: 220 }}
                placeholder="考核细则"
                options={[...new Map((rubrics.data?.items ?? []).map((r) => [r.code, { value: r.code, label: r.label }])).values()]}
              />
            </Form.Item>
            <Form.Item name="period" rules={[{ required: true, message: '请选择考核期间' }]}>
              <DatePicker.RangePicker />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              发起
            </Button>
          </Form>
        </Card>
      )}
      {user.role === 'district_admin' && <ImportedCard />}
      <Card size="small" title="考核">
        {rounds.error && <Alert type="error" message={rounds.error} />}
        <Table<Round>
          rowKey="id"
          size="small"
          loading={rounds.loading}
          dataSource={rounds.data?.items ?? []}
          columns={[
            { title: '考核', render: (_, r) => <Link to={`/assessment/rounds/${r.id}`}>{r.title}</Link> },
            { title: '细则', render: (_, r) => `${r.rubricLabel}（${r.rubricVersion}）` },
            { title: '对象', dataIndex: 'unitTypeLabel' },
            { title: '期间', render: (_, r) => `${r.from} 至 ${r.to}` },
            { title: '状态', render: (_, r) => <Tag color={r.state === 'published' ? 'green' : 'blue'}>{r.stateLabel}</Tag> },
          ]}
        />
      </Card>
    </Space>
  );
}

export function AssessmentRoundPage() {
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const { message, modal } = App.useApp();
  const r = useLoad(() => api.get<{ round: Round; units: UnitRow[]; scoresHidden: boolean }>(`/api/assessment/rounds/${id}`), id);
  const [filter, setFilter] = useState('');
  const [recomputing, setRecomputing] = useState(false);
  const recompute = async () => {
    setRecomputing(true);
    try {
      await api.post(`/api/assessment/rounds/${id}/recompute`, {});
      message.success('已按平台最新数据重新计算自动评分项');
      r.reload();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setRecomputing(false);
    }
  };
  const publish = () =>
    modal.confirm({
      title: '公布考核结果',
      content: '公布后总分和排名冻结，不能再修改。未评定的人工评分项按 0 分计。',
      onOk: async () => {
        try {
          await api.post(`/api/assessment/rounds/${id}/publish`, { confirmPending: true });
          message.success('已公布');
          r.reload();
        } catch (e) {
          message.error(messageOf(e));
        }
      },
    });
  const round = r.data?.round;
  const units = (r.data?.units ?? []).filter((u) => !filter || u.name.includes(filter) || u.townshipName.includes(filter));
  return (
    <Card
      size="small"
      title={round ? `${round.title}（${round.stateLabel}）` : '考核'}
      extra={
        <Space>
          {round?.state === 'published' || user.role === 'district_admin' ? <Button href={`/api/assessment/rounds/${id}/export`}>导出 Excel</Button> : null}
          {user.role === 'district_admin' && round?.state === 'open' && (
            <Button loading={recomputing} onClick={recompute}>
              重新计算
            </Button>
          )}
          {user.role === 'district_admin' && round?.state === 'open' && (
            <Button type="primary" onClick={publish}>
              公布结果
            </Button>
          )}
        </Space>
      }
    >
      {r.error && <Alert type="error" message={r.error} />}
      {r.data?.scoresHidden && <Alert type="info" showIcon message="考核结果公布前，学校只能查看和填写本校的自评。" style={{ marginBottom: 8 }} />}
      <Input.Search placeholder="按学校或街镇筛选" allowClear onSearch={setFilter} style={{ width: 260, marginBottom: 8 }} />
      <Table<UnitRow>
        rowKey="unitId"
        size="small"
        loading={r.loading}
        dataSource={units}
        columns={[
          { title: '单位', render: (_, u) => <Link to={`/assessment/rounds/${id}/units/${u.unitId}`}>{u.name}</Link> },
          { title: '街道/教管中心', dataIndex: 'townshipName' },
          { title: '类型', dataIndex: 'schoolTypeLabel' },
          {
            title: '总分',
            sorter: (a, b) => (a.total ?? -1) - (b.total ?? -1),
            render: (_, u) => (u.vetoed ? <Tag color="red">一票否决</Tag> : (u.total ?? '—')),
          },
          // Published, an unscored manual indicator is final and counted as 0, no longer waiting.
          { title: round?.state === 'published' ? '未评分（计 0 分）' : '待评定', dataIndex: 'pending' },
          { title: '同类排名', dataIndex: 'rankInType', sorter: (a, b) => (a.rankInType ?? 1e9) - (b.rankInType ?? 1e9) },
          { title: '街镇排名', dataIndex: 'rankInTownship' },
        ]}
      />
    </Card>
  );
}

type Assessment = {
  round: Round;
  unit: { name: string; townshipName: string };
  items: Item[];
  scoresHidden: boolean;
  result: {
    base: number;
    bonus: number;
    total: number;
    vetoedBy: string[];
    pending: number;
    /** 2 项待评定, or once published 2 项未评分（计 0 分）. */
    pendingLabel: string;
    rankInType: number | null;
    rankInTownship: number | null;
  } | null;
  canSelfAssess: boolean;
  canScore: boolean;
};

function EntryForm({ item, mode, onSave }: { item: Item; mode: 'self' | 'score'; onSave: (v: Record<string, unknown>) => Promise<void> }) {
  return (
    <Form layout="inline" size="small" onFinish={onSave}>
      {item.section === 'veto' ? (
        <Form.Item name="veto" rules={[{ required: true, message: '请认定' }]}>
          <Select
            style={{ width: 120 }}
            options={[
              { value: true, label: '否决' },
              { value: false, label: '不否决' },
            ]}
            placeholder="认定"
          />
        </Form.Item>
      ) : (
        <Form.Item name="score" rules={[{ required: true, message: '请填写分数' }]}>
          <InputNumber min={0} max={item.points} step={0.5} placeholder={mode === 'self' ? '自评分' : '评分'} />
        </Form.Item>
      )}
      <Form.Item name="note">
        <Input placeholder={mode === 'self' ? '自评说明' : '评语'} style={{ width: 200 }} />
      </Form.Item>
      {mode === 'score' && item.automatic && (
        <Form.Item name="reason" rules={[{ required: true, message: '调整自动评分须写明理由' }]}>
          <Input placeholder="调整理由（必填）" style={{ width: 200 }} />
        </Form.Item>
      )}
      <Button htmlType="submit">{mode === 'self' ? '保存自评' : item.automatic ? '调整' : '评定'}</Button>
    </Form>
  );
}

export function AssessmentUnitPage() {
  const { id = '', unitId = '' } = useParams();
  const { message } = App.useApp();
  const a = useLoad(() => api.get<Assessment>(`/api/assessment/rounds/${id}/units/${unitId}`), `${id}/${unitId}`);
  const save = (mode: 'self' | 'score', item: Item) => async (v: Record<string, unknown>) => {
    try {
      if (mode === 'self')
        await api.put(`/api/assessment/rounds/${id}/units/${unitId}/self`, { items: [{ itemCode: item.code, score: v.score, note: v.note ?? '' }] });
      else await api.put(`/api/assessment/rounds/${id}/units/${unitId}/score`, { itemCode: item.code, ...v, note: v.note ?? '', reason: v.reason ?? '' });
      message.success('已保存');
      a.reload();
    } catch (e) {
      message.error(messageOf(e));
    }
  };
  const d = a.data;
  return (
    <Card
      size="small"
      title={d ? `${d.unit.name} · ${d.round.title}` : '考核'}
      extra={
        d &&
        !d.scoresHidden && (
          <Button href={`/api/assessment/rounds/${id}/export?format=pdf&unitId=${unitId}`} target="_blank">
            打印报告（PDF）
          </Button>
        )
      }
    >
      {a.error && <Alert type="error" message={a.error} />}
      {d?.result && (
        <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
          <Descriptions.Item label="总分">{d.result.vetoedBy.length ? <Tag color="red">一票否决（0 分）</Tag> : d.result.total}</Descriptions.Item>
          <Descriptions.Item label="基本分/加分">{`${d.result.base} / ${d.result.bonus}`}</Descriptions.Item>
          <Descriptions.Item label={d.round.state === 'published' ? '未评分' : '待评定'}>{d.result.pendingLabel}</Descriptions.Item>
          <Descriptions.Item label="排名">
            {d.result.rankInType ? `同类第 ${d.result.rankInType}，街镇第 ${d.result.rankInTownship ?? '—'}` : '公布后显示'}
          </Descriptions.Item>
        </Descriptions>
      )}
      {d?.scoresHidden && <Alert type="info" showIcon message="公布前只显示本校自评；自动评分和考评结果公布后可见。" style={{ marginBottom: 8 }} />}
      <Table<Item>
        rowKey="code"
        size="small"
        pagination={false}
        loading={a.loading}
        dataSource={d?.items ?? []}
        expandable={{
          rowExpandable: (i) => i.evidenceRows.length > 0 || (d?.canSelfAssess ?? false) || (d?.canScore ?? false),
          expandedRowRender: (i) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {i.evidenceRows.length > 0 && (
                <div>
                  <Typography.Text strong>依据明细（{i.evidenceRows.length} 条）</Typography.Text>
                  <ul style={{ margin: 0 }}>
                    {i.evidenceRows.map((r) => (
                      <li key={r.text}>{r.link ? <Link to={r.link}>{r.text}</Link> : r.text}</li>
                    ))}
                  </ul>
                </div>
              )}
              {d?.canSelfAssess && !i.automatic && i.section !== 'veto' && <EntryForm item={i} mode="self" onSave={save('self', i)} />}
              {d?.canScore && <EntryForm item={i} mode="score" onSave={save('score', i)} />}
            </Space>
          ),
        }}
        columns={[
          { title: '项目', render: (_, i) => `${i.section === 'bonus' ? '［加分］' : i.section === 'veto' ? '［一票否决］' : ''}${i.label}` },
          { title: '分值', width: 64, render: (_, i) => (i.section === 'veto' ? '—' : i.points) },
          { title: '评分标准', dataIndex: 'ruleText' },
          { title: '数据', render: (_, i) => i.detail || (i.automatic ? '—' : '') },
          { title: '自评', render: (_, i) => (i.selfScore === null ? '' : `${i.selfScore}${i.selfNote ? `（${i.selfNote}）` : ''}`) },
          { title: '得分', width: 64, render: (_, i) => (i.section === 'veto' ? i.vetoed ? <Tag color="red">否决</Tag> : '' : (i.score ?? '—')) },
          {
            title: '说明',
            render: (_, i) => [i.sourceLabel, i.assessor?.overrideReason && `理由：${i.assessor.overrideReason}`, i.assessor?.note].filter(Boolean).join('；'),
          },
        ]}
      />
    </Card>
  );
}

export function RubricPage() {
  const { code = '', version = '' } = useParams();
  type Detail = Rubric & { dimensions: { code: string; label: string; points: number; indicators: Item[] }[]; bonus: Item[]; veto: Item[] };
  const r = useLoad(() => api.get<Detail>(`/api/assessment/rubrics/${code}/${version}`), `${code}@${version}`);
  const rows = r.data
    ? [
        ...r.data.dimensions.flatMap((d) => d.indicators.map((i) => ({ ...i, dim: `${d.label}（${d.points} 分）` }))),
        ...r.data.bonus.map((i) => ({ ...i, dim: '加分项' })),
        ...r.data.veto.map((i) => ({ ...i, dim: '一票否决' })),
      ]
    : [];
  return (
    <Card size="small" title={r.data ? `${r.data.label}（${r.data.version}，${r.data.effectiveFrom} 起）` : '考核细则'}>
      {r.error && <Alert type="error" message={r.error} />}
      {r.data && (
        <Typography.Paragraph type="secondary">
          依据：{r.data.source}；可信度：{r.data.certaintyLabel}
        </Typography.Paragraph>
      )}
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '维度', dataIndex: 'dim' },
          { title: '指标', dataIndex: 'label' },
          { title: '分值', width: 64, render: (_, i) => (i.section === 'veto' ? '—' : i.points) },
          { title: '评分标准', dataIndex: 'ruleText' },
          { title: '评分依据', dataIndex: 'evidence' },
          { title: '方式', render: (_, i) => (i.automatic ? <Tag color="blue">平台数据</Tag> : <Tag>人工</Tag>) },
        ]}
      />
    </Card>
  );
}
