import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type DutyKind, dutyKindLabels, dutyKinds } from '../../../domain/duty';
import { schoolTypeLabels, schoolTypes } from '../../../domain/school';
import { useOrgUnits } from '../../api/hooks';
import type { CampaignDraft, CampaignPhaseDef, PhaseDuty } from './campaignApi';

/** A code the server accepts (lower-case letter first) and unique among `taken`. */
function freshCode(prefix: string, taken: readonly string[]) {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function DutyRow({ duty, onChange, onRemove }: { duty: PhaseDuty; onChange: (d: PhaseDuty) => void; onRemove: () => void }) {
  return (
    <Space wrap size={8} style={{ marginBottom: 6 }}>
      <Input aria-label="任务名称" style={{ width: 200 }} maxLength={40} value={duty.label} onChange={(e) => onChange({ ...duty, label: e.target.value })} />
      <Select
        aria-label="记录种类"
        style={{ width: 140 }}
        value={duty.kind as DutyKind}
        options={dutyKinds.map((k) => ({ value: k, label: dutyKindLabels[k] }))}
        onChange={(kind: DutyKind) => onChange({ ...duty, kind, types: [], levels: [] })}
      />
      <Select
        aria-label="任务对象"
        style={{ width: 130 }}
        value={duty.subjects ?? 'schools'}
        options={[
          { value: 'schools', label: '每所参与学校' },
          { value: 'departments', label: '每个参与部门' },
        ]}
        onChange={(subjects: 'schools' | 'departments') => onChange({ ...duty, subjects })}
      />
      <span>
        至少 <InputNumber aria-label="至少次数" min={1} max={100} style={{ width: 70 }} value={duty.min} onChange={(v) => onChange({ ...duty, min: v ?? 1 })} />{' '}
        次
      </span>
      {(duty.types.length > 0 || duty.levels.length > 0) && (
        <Tag>
          {[duty.types.length ? `限 ${duty.types.length} 种类型` : '', duty.levels.length ? `限 ${duty.levels.length} 个督查层级` : '']
            .filter(Boolean)
            .join('、')}
          （沿用模板）
        </Tag>
      )}
      <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除任务" onClick={onRemove} />
    </Space>
  );
}

function PhaseCard({ phase, onChange, onRemove }: { phase: CampaignPhaseDef; onChange: (p: CampaignPhaseDef) => void; onRemove?: (() => void) | undefined }) {
  const setDuty = (i: number, d: PhaseDuty) => onChange({ ...phase, duties: phase.duties.map((x, j) => (j === i ? d : x)) });
  const addDuty = () =>
    onChange({
      ...phase,
      duties: [
        ...phase.duties,
        {
          code: freshCode(
            'duty_',
            phase.duties.map((d) => d.code),
          ),
          label: '',
          kind: 'inspection',
          types: [],
          levels: [],
          min: 1,
          subjects: 'schools',
        },
      ],
    });
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space wrap>
          <Input
            aria-label="阶段名称"
            style={{ width: 120 }}
            maxLength={20}
            value={phase.label}
            onChange={(e) => onChange({ ...phase, label: e.target.value })}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(phase.startsOn), dayjs(phase.endsOn)]}
            onChange={(v) => v?.[0] && v[1] && onChange({ ...phase, startsOn: v[0].format('YYYY-MM-DD'), endsOn: v[1].format('YYYY-MM-DD') })}
          />
        </Space>
      }
      extra={onRemove && <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除阶段" onClick={onRemove} />}
    >
      <Input.TextArea
        aria-label="阶段说明"
        rows={2}
        maxLength={500}
        placeholder="阶段说明"
        value={phase.description}
        onChange={(e) => onChange({ ...phase, description: e.target.value })}
        style={{ marginBottom: 8 }}
      />
      {phase.duties.map((d, i) => (
        <DutyRow
          key={d.code}
          duty={d}
          onChange={(x) => setDuty(i, x)}
          onRemove={() => onChange({ ...phase, duties: phase.duties.filter((_, j) => j !== i) })}
        />
      ))}
      <Space wrap>
        <Button size="small" icon={<PlusOutlined />} onClick={addDuty} disabled={phase.duties.length >= 10}>
          添加任务
        </Button>
        <Checkbox checked={phase.closeHazards} onChange={(e) => onChange({ ...phase, closeHazards: e.target.checked })}>
          本行动发现的隐患在本阶段结束前全部销号
        </Checkbox>
      </Space>
    </Card>
  );
}

/**
 * The campaign's editable definition: name, taking-part schools and departments, and each phase's
 * dates, duties (for every school or every department) and hazards target. Used to create (from a
 * template's draft) and to edit a running campaign; the server checks every field again.
 */
export function CampaignForm({ draft, setDraft }: { draft: CampaignDraft; setDraft: (d: CampaignDraft) => void }) {
  const parents = useOrgUnits(['township', 'centre']);
  const departments = useOrgUnits(['department']);
  const setPhase = (i: number, p: CampaignPhaseDef) => setDraft({ ...draft, phases: draft.phases.map((x, j) => (j === i ? p : x)) });
  const addPhase = () => {
    const last = draft.phases.at(-1);
    const start = last ? dayjs(last.endsOn).add(1, 'day') : dayjs();
    setDraft({
      ...draft,
      phases: [
        ...draft.phases,
        {
          code: freshCode(
            'phase_',
            draft.phases.map((p) => p.code),
          ),
          label: '新阶段',
          startsOn: start.format('YYYY-MM-DD'),
          endsOn: start.add(1, 'month').format('YYYY-MM-DD'),
          description: '',
          duties: [],
          closeHazards: false,
        },
      ],
    });
  };
  return (
    <Form layout="vertical">
      <Form.Item label="行动名称" required>
        <Input value={draft.name} maxLength={60} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="campaign-name" />
      </Form.Item>
      <Form.Item label="行动说明">
        <Input.TextArea rows={2} value={draft.description} maxLength={2000} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
      </Form.Item>
      <Space wrap style={{ width: '100%' }}>
        <Form.Item label="参与学校类型（不选为全部）" style={{ minWidth: 260 }}>
          <Select
            mode="multiple"
            allowClear
            value={draft.participants.schoolTypes}
            options={schoolTypes.map((t) => ({ value: t, label: schoolTypeLabels[t] }))}
            onChange={(v: string[]) => setDraft({ ...draft, participants: { ...draft.participants, schoolTypes: v } })}
          />
        </Form.Item>
        <Form.Item label="参与街道/教管中心（不选为全区）" style={{ minWidth: 260 }}>
          <Select
            mode="multiple"
            allowClear
            value={draft.participants.parentIds}
            options={(parents.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            optionFilterProp="label"
            onChange={(v: string[]) => setDraft({ ...draft, participants: { ...draft.participants, parentIds: v } })}
          />
        </Form.Item>
        <Form.Item label="参与部门（部门任务由其完成）" style={{ minWidth: 260 }}>
          <Select
            mode="multiple"
            allowClear
            data-testid="campaign-departments-select"
            value={draft.participants.departmentIds}
            options={(departments.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            optionFilterProp="label"
            onChange={(v: string[]) => setDraft({ ...draft, participants: { ...draft.participants, departmentIds: v } })}
          />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>阶段、任务和目标</Typography.Title>
      <Typography.Paragraph type="secondary">
        任务按平台记录计数：阶段内每所参与学校（或每个参与部门）至少完成规定次数；部门任务计入部门自己报送的记录和部门人员参加的检查。
      </Typography.Paragraph>
      {draft.phases.map((p, i) => (
        <PhaseCard
          key={p.code}
          phase={p}
          onChange={(x) => setPhase(i, x)}
          onRemove={draft.phases.length > 1 ? () => setDraft({ ...draft, phases: draft.phases.filter((_, j) => j !== i) }) : undefined}
        />
      ))}
      <Button icon={<PlusOutlined />} onClick={addPhase} disabled={draft.phases.length >= 8}>
        添加阶段
      </Button>
    </Form>
  );
}
