import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Collapse, Descriptions, Empty, Row, Space, Table, Tag, Tree } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { type DepartmentType, departmentTypeLabels, orgUnitKindLabels } from '../../../domain/roles';
import { useOrgUnits } from '../../api/hooks';
import type { OrgUnit } from '../../api/types';
import { labelOf } from '../../lib/format';
import { OrgUnitModal } from './OrgUnitModal';
import { areaTree, departmentGroups, unitTitle } from './orgTree';

export default function OrgPage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const units = useOrgUnits();
  const all = units.data ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [modal, setModal] = useState<{ open: boolean; editing: OrgUnit | undefined }>({ open: false, editing: undefined });

  const tree = useMemo(() => areaTree(all), [all]);
  const groups = useMemo(() => departmentGroups(all), [all]);
  const selected = all.find((u) => u.id === selectedId);
  const districtKey = all.find((u) => u.kind === 'district')?.id;

  const edit = (u: OrgUnit) => (u.kind === 'school' ? navigate(`/schools/${u.id}/edit`) : setModal({ open: true, editing: u }));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {units.error && <Alert type="error" showIcon title={units.error} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            title="区域与学校"
            loading={units.loading && !units.data}
            extra={
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, editing: undefined })}>
                新增机构
              </Button>
            }
          >
            {tree.length === 0 ? (
              <Empty description="暂无机构" />
            ) : (
              <Tree
                treeData={tree}
                defaultExpandedKeys={districtKey ? [districtKey] : []}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId((keys[0] as string | undefined) ?? null)}
                showLine
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title="所选机构">
            {selected ? (
              <UnitDetails unit={selected} parent={all.find((u) => u.id === selected.parentId)} onEdit={edit} />
            ) : (
              <Empty description="在左侧或部门列表中选择一个机构" />
            )}
          </Card>
        </Col>
      </Row>
      <Card title="部门（按类型）" loading={units.loading && !units.data}>
        {groups.length === 0 ? (
          <Empty description="暂无部门" />
        ) : (
          <Collapse
            items={groups.map((g) => ({
              key: g.type,
              label: `${g.label}（${g.units.length}）`,
              children: (
                <Table<OrgUnit>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={g.units}
                  onRow={(u) => ({ onClick: () => setSelectedId(u.id), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: '名称', key: 'name', render: (_, u) => unitTitle(u) },
                    { title: '代码', dataIndex: 'code', width: 120 },
                    {
                      title: '操作',
                      key: 'edit',
                      width: 80,
                      render: (_, u) => (
                        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => edit(u)}>
                          编辑
                        </Button>
                      ),
                    },
                  ]}
                />
              ),
            }))}
          />
        )}
      </Card>
      <OrgUnitModal
        open={modal.open}
        editing={modal.editing}
        units={all.filter((u) => u.isActive || u.id === modal.editing?.parentId)}
        onClose={() => setModal({ open: false, editing: undefined })}
        onSaved={(u) => {
          message.success('已保存');
          setModal({ open: false, editing: undefined });
          setSelectedId(u.id);
          units.reload();
        }}
      />
    </Space>
  );
}

function UnitDetails({ unit, parent, onEdit }: { unit: OrgUnit; parent: OrgUnit | undefined; onEdit: (u: OrgUnit) => void }) {
  return (
    <>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="名称">{unit.name}</Descriptions.Item>
        <Descriptions.Item label="代码">{unit.code}</Descriptions.Item>
        <Descriptions.Item label="类型">{labelOf(orgUnitKindLabels, unit.kind)}</Descriptions.Item>
        {unit.kind === 'department' && (
          <Descriptions.Item label="部门类型">{unit.departmentType ? departmentTypeLabels[unit.departmentType as DepartmentType] : '—'}</Descriptions.Item>
        )}
        <Descriptions.Item label="上级单位">{parent?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="排序号">{unit.sortOrder}</Descriptions.Item>
        <Descriptions.Item label="状态">{unit.isActive ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>}</Descriptions.Item>
      </Descriptions>
      <Button style={{ marginTop: 12 }} icon={<EditOutlined />} onClick={() => onEdit(unit)}>
        {unit.kind === 'school' ? '打开学校档案' : '编辑'}
      </Button>
    </>
  );
}
