import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import { BusFormDrawer } from './BusFormDrawer';
import { type Bus, type BusCheck, type BusCheckList, type BusList, type BusSchool, flagColor } from './busApi';

const schoolRoles = new Set(['principal', 'school_safety_officer', 'staff']);

/**
 * 校车: the register (vehicles with drivers, escorts, routes and what is expired or due), each
 * school's 校车数 next to its vehicles in service, and the monthly special checks and weekly studies.
 */
export default function SchoolBusesPage() {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filters = { schoolId: params.get('schoolId') ?? undefined, flagged: params.get('flagged') ?? undefined, parentId: params.get('parentId') ?? undefined };
  const tab = params.get('tab') ?? 'buses';
  const list = useLoad(() => api.get<BusList>('/api/school-buses', filters), `buses:${JSON.stringify(filters)}`);
  const [checkPage, setCheckPage] = useState(1);
  const checks = useLoad(
    () => api.get<BusCheckList>('/api/school-bus-checks', { page: checkPage, pageSize: 20, schoolId: filters.schoolId }),
    `checks:${checkPage}:${filters.schoolId}`,
  );
  const schools = useOrgUnits(['school']);
  const townships = useOrgUnits(['township', 'centre']);
  const [editing, setEditing] = useState<Bus | 'new' | null>(null);
  const [recording, setRecording] = useState<'special_check' | 'weekly_study' | null>(null);
  const [exporting, setExporting] = useState(false);
  const isSchool = schoolRoles.has(user.role);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const raise = (b: Bus, flagKey: string) =>
    api
      .post<{ hazard: { code: string }; assessed: boolean }>(`/api/school-buses/${b.id}/hazards`, { flagKey })
      .then((r) => {
        message.success(`已转为隐患 ${r.hazard.code}${r.assessed ? '（已研判为一般隐患，由学校整改）' : '，待研判'}`);
        list.reload();
      })
      .catch((e) => message.error(messageOf(e)));
  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/school-buses/export', filters, '校车台账.xlsx');
    } catch (e) {
      message.error(messageOf(e));
    } finally {
      setExporting(false);
    }
  };

  const columns: ColumnsType<Bus> = [
    {
      title: '车牌号',
      dataIndex: 'plateNo',
      width: 110,
      render: (v: string, r) =>
        r.canEdit ? (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEditing(r)}>
            {v}
          </Button>
        ) : (
          v
        ),
    },
    ...(isSchool ? [] : [{ title: '学校', key: 's', width: 200, render: (_: unknown, r: Bus) => <SchoolLink id={r.schoolId} name={r.schoolName} /> }]),
    { title: '核载', dataIndex: 'seats', width: 60 },
    { title: '状态', dataIndex: 'statusLabel', width: 80 },
    { title: '许可有效期', dataIndex: 'licenceExpiry', width: 110, render: (v: string | null) => v ?? '未登记' },
    { title: '下次检验', dataIndex: 'nextInspectionDue', width: 110, render: (v: string | null) => v ?? '未登记' },
    { title: '驾驶员', key: 'd', width: 120, render: (_, r) => r.drivers.map((d) => d.name).join('、') || '—' },
    { title: '照管人员', key: 'e', width: 120, render: (_, r) => r.escorts.map((e) => e.name).join('、') || '—' },
    { title: '线路', key: 'r', width: 160, render: (_, r) => r.routes.map((x) => `${x.name}（${x.studentCount} 人）`).join('；') || '—' },
    {
      title: '到期与问题',
      key: 'flags',
      render: (_, r) =>
        r.flags.length ? (
          <Space orientation="vertical" size={2}>
            {r.flags.map((f) => (
              <Space key={f.key} size={4} wrap data-testid="bus-flag">
                <Tag color={flagColor(f)}>{f.severityLabel}</Tag>
                <span>{f.message}</span>
                {f.openHazard ? (
                  <Link to={`/hazards/${f.openHazard.id}`}>隐患 {f.openHazard.code}</Link>
                ) : (
                  f.canRaise &&
                  user.role !== 'staff' &&
                  user.role !== 'responsible_inspector' &&
                  user.role !== 'commission_leader' &&
                  user.role !== 'joint_inspector' &&
                  user.role !== 'department_officer' && (
                    <Button size="small" onClick={() => raise(r, f.key)}>
                      转为隐患
                    </Button>
                  )
                )}
              </Space>
            ))}
          </Space>
        ) : (
          <Tag color="green">正常</Tag>
        ),
    },
  ];
  const schoolColumns: ColumnsType<BusSchool> = [
    { title: '学校', key: 's', render: (_, r) => <SchoolLink id={r.schoolId} name={r.schoolName} /> },
    { title: '街道/教管中心', dataIndex: 'parentName', width: 140 },
    { title: '档案校车数', dataIndex: 'busCount', width: 100 },
    {
      title: '在用登记车辆',
      key: 'reg',
      width: 140,
      render: (_, r) => (r.mismatch ? <Typography.Text type="danger">{r.registered}（与档案不一致）</Typography.Text> : r.registered),
    },
    { title: '最近专项检查', dataIndex: 'lastSpecialCheck', width: 120, render: (v: string | null) => v ?? '无' },
    { title: '最近安全学习', dataIndex: 'lastWeeklyStudy', width: 120, render: (v: string | null) => v ?? '无' },
  ];
  const checkColumns: ColumnsType<BusCheck> = [
    { title: '日期', dataIndex: 'checkedOn', width: 110 },
    { title: '类别', dataIndex: 'kindLabel', width: 180 },
    { title: '学校', dataIndex: 'schoolName', width: 180 },
    { title: '参加人员/单位', dataIndex: 'participants', width: 200 },
    { title: '内容', dataIndex: 'content' },
    {
      title: '结论',
      key: 'res',
      width: 200,
      render: (_, r) => (r.result === 'problems' ? <Typography.Text type="danger">{r.findings}</Typography.Text> : <Tag color="green">{r.resultLabel}</Tag>),
    },
    { title: '登记人', dataIndex: 'recordedByName', width: 100 },
  ];
  const d = list.data;
  return (
    <Card
      title="校车"
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
            导出台账
          </Button>
          {checks.data?.canRecord.special_check && <Button onClick={() => setRecording('special_check')}>登记专项检查</Button>}
          {checks.data?.canRecord.weekly_study && <Button onClick={() => setRecording('weekly_study')}>登记安全学习</Button>}
          {d?.canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="bus-new">
              登记校车
            </Button>
          )}
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={list.error} />}
      {d && (
        <Space size="large" style={{ marginBottom: 12 }} wrap>
          <Statistic title="在用校车" value={d.counts.vehicles} />
          <Statistic title="有过期/不符合事项" value={d.counts.expired} styles={{ content: { color: d.counts.expired ? '#cf1322' : undefined } }} />
          <Statistic title={`${d.policy.dueWithinDays} 天内到期`} value={d.counts.due} />
          <Statistic title="档案校车数不一致的学校" value={d.counts.mismatched} />
        </Space>
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        {!isSchool && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="街道/教管中心"
            style={{ width: 180 }}
            value={filters.parentId}
            options={(townships.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            onChange={(v?: string) => update({ parentId: v })}
          />
        )}
        {!isSchool && (
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="学校"
            style={{ width: 220 }}
            value={filters.schoolId}
            options={(schools.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            onChange={(v?: string) => update({ schoolId: v })}
          />
        )}
        <Select
          allowClear
          placeholder="到期情况"
          style={{ width: 160 }}
          value={filters.flagged}
          options={[
            { value: 'true', label: '有过期或即将到期' },
            { value: 'false', label: '正常' },
          ]}
          onChange={(v?: string) => update({ flagged: v })}
        />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'buses' ? undefined : k })}
        items={[
          {
            key: 'buses',
            label: `车辆${d ? `（${d.total}）` : ''}`,
            children: (
              <Table<Bus>
                rowKey="id"
                size="middle"
                loading={list.loading}
                dataSource={d?.items ?? []}
                columns={columns}
                scroll={{ x: 1300 }}
                locale={{ emptyText: '暂无登记的校车' }}
                onRow={() => ({ 'data-testid': 'bus-row' }) as React.HTMLAttributes<HTMLElement>}
                pagination={{ pageSize: 20, showSizeChanger: false }}
              />
            ),
          },
          {
            key: 'schools',
            label: '学校校车数',
            children: (
              <>
                <Typography.Paragraph type="secondary">
                  学校档案中的“校车数”决定校车演练、专项检查和安全学习等义务是否适用，由学校在档案中维护；这里与在用登记车辆对照，不一致的请核实后修改档案或补登车辆。
                </Typography.Paragraph>
                <Table<BusSchool> rowKey="schoolId" size="middle" dataSource={d?.schools ?? []} columns={schoolColumns} pagination={{ pageSize: 20 }} />
              </>
            ),
          },
          {
            key: 'checks',
            label: '专项检查和安全学习',
            children: (
              <Table<BusCheck>
                rowKey="id"
                size="middle"
                loading={checks.loading}
                dataSource={checks.data?.items ?? []}
                columns={checkColumns}
                locale={{ emptyText: '暂无记录' }}
                pagination={{ current: checkPage, pageSize: 20, total: checks.data?.total ?? 0, onChange: setCheckPage, showSizeChanger: false }}
              />
            ),
          },
        ]}
      />
      {d?.policy && (
        <Typography.Text type="secondary">
          依据：{d.policy.source}。驾驶人年龄 {d.policy.driverMinAge}～{d.policy.driverMaxAge} 周岁、驾龄 {d.policy.minDrivingYears} 年以上，每{' '}
          {d.policy.inspectionMonths} 个月安全技术检验。
        </Typography.Text>
      )}
      <BusFormDrawer
        editing={editing}
        schoolId={user.orgUnitId}
        schools={schools.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={(b) => {
          setEditing(null);
          list.reload();
          message.success(b.flags.length ? `已保存；${b.flags.length} 项需要注意` : '已保存');
        }}
      />
      <CheckModal
        kind={recording}
        ownSchoolId={isSchool ? user.orgUnitId : null}
        schools={(d?.schools ?? []).map((s) => ({ id: s.schoolId, name: s.schoolName }))}
        onClose={() => setRecording(null)}
        onSaved={() => {
          setRecording(null);
          checks.reload();
          list.reload();
        }}
      />
    </Card>
  );
}

function CheckModal(props: {
  kind: 'special_check' | 'weekly_study' | null;
  ownSchoolId: string | null;
  schools: { id: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api.post('/api/school-bus-checks', {
        schoolId: props.ownSchoolId ?? v.schoolId,
        kind: props.kind,
        checkedOn: v.checkedOn.format('YYYY-MM-DD'),
        participants: v.participants,
        content: v.content ?? '',
        result: v.findings ? 'problems' : 'ok',
        findings: v.findings ?? '',
      });
      form.resetFields();
      props.onSaved();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={props.kind !== null}
      title={props.kind === 'weekly_study' ? '登记驾驶员、照管人员每周安全学习' : '登记校车每月专项检查'}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      okText="保存"
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" initialValues={{ checkedOn: dayjs() }}>
        {!props.ownSchoolId && (
          <Form.Item name="schoolId" label="学校" rules={[{ required: true, message: '请选择学校' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={props.schools.map((s) => ({ value: s.id, label: s.name }))} />
          </Form.Item>
        )}
        <Form.Item name="checkedOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="participants" label={props.kind === 'weekly_study' ? '参加人员' : '参加单位/人员'} rules={[{ required: true, message: '请填写' }]}>
          <Input maxLength={200} placeholder={props.kind === 'weekly_study' ? '驾驶员、照管人员、保安' : '教管中心、派出所（交警）、交安办'} />
        </Form.Item>
        <Form.Item name="content" label="内容">
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        <Form.Item name="findings" label="发现的问题（没有可不填）">
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
