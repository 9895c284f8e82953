import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { schoolTypeLabels, schoolTypes } from '../../../domain/school';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import type { Campaign, CampaignDraft, CampaignPhaseDef, CampaignTemplate } from './campaignApi';

/**
 * 从模板发起专项行动: the district picks a template of its policy pack and a year; the server
 * answers the draft (phase dates of that year, duties, targets). Name, taking-part schools and
 * phase dates can be changed before it is created.
 */
export function CreateCampaignDrawer({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [year, setYear] = useState(dayjs().year());
  const templates = useLoad(() => api.get<{ items: CampaignTemplate[] }>('/api/campaign-templates', { year }), `tpl:${year}`);
  const parents = useOrgUnits(['township', 'centre']);
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const [saving, setSaving] = useState(false);

  const pick = (code: string) => {
    const t = templates.data?.items.find((x) => x.code === code);
    setDraft(t ? structuredClone(t.draft) : null);
  };
  const setPhase = (i: number, patch: Partial<CampaignPhaseDef>) =>
    setDraft((d) => (d ? { ...d, phases: d.phases.map((p, j) => (j === i ? { ...p, ...patch } : p)) } : d));

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    try {
      const r = await api.post<{ campaign: Campaign }>('/api/campaigns', draft);
      message.success(`已发起专项行动「${r.campaign.name}」`);
      onCreated();
      navigate(`/campaigns/${r.campaign.id}`);
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      title="从模板发起专项行动"
      size="large"
      onClose={onClose}
      extra={
        <Button type="primary" disabled={!draft} loading={saving} onClick={save} data-testid="campaign-save">
          发起
        </Button>
      }
    >
      <Form layout="vertical">
        <Space wrap>
          <Form.Item label="年度">
            <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          </Form.Item>
          <Form.Item label="模板" style={{ minWidth: 320 }}>
            <Select
              placeholder="选择模板"
              loading={templates.loading}
              data-testid="campaign-template"
              options={(templates.data?.items ?? []).map((t) => ({ value: t.code, label: `${t.label}（${t.kindLabel}）` }))}
              onChange={pick}
            />
          </Form.Item>
        </Space>
        {draft && (
          <>
            <Form.Item label="行动名称" required>
              <Input value={draft.name} maxLength={60} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="campaign-name" />
            </Form.Item>
            <Form.Item label="行动说明">
              <Input.TextArea rows={2} value={draft.description} maxLength={2000} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
            </Form.Item>
            <Space wrap style={{ width: '100%' }}>
              <Form.Item label="参与学校类型（不选为全部）" style={{ minWidth: 300 }}>
                <Select
                  mode="multiple"
                  allowClear
                  value={draft.participants.schoolTypes}
                  options={schoolTypes.map((t) => ({ value: t, label: schoolTypeLabels[t] }))}
                  onChange={(v: string[]) => setDraft({ ...draft, participants: { ...draft.participants, schoolTypes: v } })}
                />
              </Form.Item>
              <Form.Item label="参与街道/教管中心（不选为全区）" style={{ minWidth: 300 }}>
                <Select
                  mode="multiple"
                  allowClear
                  value={draft.participants.parentIds}
                  options={(parents.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  optionFilterProp="label"
                  onChange={(v: string[]) => setDraft({ ...draft, participants: { ...draft.participants, parentIds: v } })}
                />
              </Form.Item>
            </Space>
            <Typography.Title level={5}>阶段</Typography.Title>
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={draft.phases}
              columns={[
                { title: '阶段', dataIndex: 'label', width: 90 },
                {
                  title: '起止日期',
                  key: 'dates',
                  width: 260,
                  render: (_, p, i) => (
                    <DatePicker.RangePicker
                      allowClear={false}
                      value={[dayjs(p.startsOn), dayjs(p.endsOn)]}
                      onChange={(v) => v?.[0] && v[1] && setPhase(i, { startsOn: v[0].format('YYYY-MM-DD'), endsOn: v[1].format('YYYY-MM-DD') })}
                    />
                  ),
                },
                {
                  title: '任务和目标',
                  key: 'duties',
                  render: (_, p) => (
                    <Space size={4} wrap>
                      {p.duties.map((d) => (
                        <Tag key={d.code}>
                          {d.label}（至少 {d.min} 次）
                        </Tag>
                      ))}
                      {p.closeHazards && <Tag color="orange">本行动隐患阶段结束前全部销号</Tag>}
                      {!p.duties.length && !p.closeHazards && <Typography.Text type="secondary">总结提高，不计任务</Typography.Text>}
                    </Space>
                  ),
                },
              ]}
            />
          </>
        )}
      </Form>
    </Drawer>
  );
}
