import { App, Button, Drawer, Form, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import { CampaignForm } from './CampaignForm';
import type { Campaign, CampaignDraft, CampaignTemplate } from './campaignApi';

/**
 * 从模板发起专项行动: the district picks a template of its policy pack and a year; the server
 * answers the draft (phase dates of that year, duties, targets); every field of it can be changed
 * before it is created (CampaignForm).
 */
export function CreateCampaignDrawer({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [year, setYear] = useState(dayjs().year());
  const templates = useLoad(() => api.get<{ items: CampaignTemplate[] }>('/api/campaign-templates', { year }), `tpl:${year}`);
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const [saving, setSaving] = useState(false);

  const pick = (code: string) => {
    const t = templates.data?.items.find((x) => x.code === code);
    setDraft(t ? structuredClone(t.draft) : null);
  };

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
      </Form>
      {draft && <CampaignForm draft={draft} setDraft={setDraft} />}
    </Drawer>
  );
}

/**
 * 修改专项行动: the district admin changes a campaign that is not closed — name, taking-part units,
 * phases, dates, duties and targets — over the version it loaded (the server refuses a stale one
 * and writes the audit trail with before and after).
 */
export function EditCampaignDrawer({ campaign, onClose, onSaved }: { campaign: Campaign; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [draft, setDraft] = useState<CampaignDraft>(() =>
    structuredClone({
      name: campaign.name,
      kind: campaign.kind,
      year: campaign.year,
      description: campaign.description,
      participants: campaign.participants,
      phases: campaign.phases.map(({ state: _s, stateLabel: _l, ...p }) => p),
    }),
  );
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await api.put(`/api/campaigns/${campaign.id}`, { ...draft, baseVersion: campaign.version });
      message.success('专项行动已修改');
      onSaved();
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open
      title={`修改专项行动：${campaign.name}`}
      size="large"
      onClose={onClose}
      extra={
        <Button type="primary" loading={saving} onClick={save} data-testid="campaign-update">
          保存修改
        </Button>
      }
    >
      <CampaignForm draft={draft} setDraft={setDraft} />
    </Drawer>
  );
}
