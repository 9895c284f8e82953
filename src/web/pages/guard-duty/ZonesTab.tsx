import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { PageLoading } from '../../components/PageState';
import { SchoolLink } from '../../components/SchoolLink';
import { messageOf } from '../../lib/errors';
import type { Zone, ZoneList } from './guardApi';

/** 包片: a police station's zones, the schools in each and the 3–5-person team standing at each school. */
export function ZonesTab() {
  const user = useCurrentUser();
  const data = useLoad(() => api.get<ZoneList>('/api/patrol-zones'), 'zones');
  const [editing, setEditing] = useState<Partial<Zone> | null>(null);
  const canAdd = user.role === 'police_officer' || user.role === 'district_admin';
  if (data.loading && !data.data) return <PageLoading />;
  if (data.error) return <Alert type="error" title={data.error} />;
  const d = data.data as ZoneList;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {canAdd && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ schools: [] })}>
            新增包片区域
          </Button>
        )}
        <Typography.Text type="secondary">
          派出所按片区划分责任区域，每所学校由一个 {d.teamSize.min}–{d.teamSize.max}{' '}
          人警组（民警、辅警、保安）在上下学时段值守（“见警察、见警车、见警灯”三见勤务），一组对一校
        </Typography.Text>
      </Space>
      {d.items.length === 0 && <Empty description="尚无包片区域" />}
      {d.items.map((z) => (
        <Card
          key={z.id}
          size="small"
          data-testid="patrol-zone"
          title={`${z.name} · ${z.policeName}`}
          extra={z.canEdit && <Button onClick={() => setEditing(z)}>编辑</Button>}
        >
          {z.schools.map((s) => (
            <div key={s.schoolId}>
              <SchoolLink id={s.schoolId} name={s.schoolName} />：
              {s.members.length ? (
                <>
                  <Tag>{s.teamName}</Tag>
                  {s.members.join('、')}
                </>
              ) : (
                <Tag color="red">未分配警组</Tag>
              )}
            </div>
          ))}
        </Card>
      ))}
      {editing && <ZoneEditor zone={editing} isAdmin={user.role === 'district_admin'} onClose={() => setEditing(null)} onSaved={data.reload} />}
    </Space>
  );
}

type Row = { schoolId: string; teamName: string; members: string };

function ZoneEditor({ zone, isAdmin, onClose, onSaved }: { zone: Partial<Zone>; isAdmin: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const schools = useOrgUnits(['school']);
  const stations = useOrgUnits(isAdmin ? ['department'] : []);
  const save = async () => {
    await form.validateFields();
    const v = form.getFieldsValue(true) as { name: string; note: string; policeUnitId?: string; schools: Row[] };
    setBusy(true);
    try {
      await api.post('/api/patrol-zones', {
        ...(zone.id ? { id: zone.id, version: zone.version } : isAdmin ? { policeUnitId: v.policeUnitId } : {}),
        name: v.name,
        note: v.note ?? '',
        schools: (v.schools ?? []).map((s) => ({
          schoolId: s.schoolId,
          teamName: s.teamName ?? '',
          members: (s.members ?? '')
            .split(/[、,，\s]+/)
            .map((m) => m.trim())
            .filter(Boolean),
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
  return (
    <Modal open title={zone.id ? '编辑包片区域' : '新增包片区域'} onOk={save} confirmLoading={busy} onCancel={onClose} width={640} okText="保存">
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: zone.name ?? '',
          note: zone.note ?? '',
          schools: (zone.schools ?? []).map((s) => ({ schoolId: s.schoolId, teamName: s.teamName, members: s.members.join('、') })),
        }}
      >
        {isAdmin && !zone.id && (
          <Form.Item name="policeUnitId" label="派出所" rules={[{ required: true, message: '请选择派出所' }]}>
            <Select options={(stations.data ?? []).filter((u) => u.departmentType === 'police_station').map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        <Form.Item name="name" label="片区名称" rules={[{ required: true, message: '请填写片区名称' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.List name="schools">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start" style={{ marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'schoolId']} rules={[{ required: true, message: '选择学校' }]} noStyle>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 200 }}
                      placeholder="学校"
                      options={(schools.data ?? []).filter((u) => u.kind === 'school').map((u) => ({ value: u.id, label: u.name }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'teamName']} noStyle>
                    <Input style={{ width: 90 }} placeholder="警组" maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'members']} noStyle>
                    <Input style={{ width: 220 }} placeholder="队员姓名，用顿号分隔" />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ teamName: '', members: '' })}>
                添加学校
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
