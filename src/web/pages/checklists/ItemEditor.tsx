import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Radio, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { hazardLevelLabels, hazardLevels } from '../../../domain/hazard';
import { categoryLabel, type PolicyPack } from './checklistTypes';

export type EditItem = {
  code: string;
  text: string;
  category: string;
  place?: string;
  guidance: string;
  photoRequiredOnFail: boolean;
  failLevel: 'general' | 'major';
  retired?: boolean;
  /** Added on this page and not saved yet: it may be deleted outright instead of retired. */
  isNew?: boolean;
};

type Props = {
  index: number;
  count: number;
  item: EditItem;
  pack: PolicyPack | undefined;
  expanded: boolean;
  hasError: boolean;
  onToggle: () => void;
  onMove: (to: number) => void;
  onRetire: (retired: boolean) => void;
  onDelete: () => void;
};

/**
 * One checklist item in the editor: a summary line with the buttons a phone needs (up, down,
 * retire), and the fields below it. Collapsed fields stay mounted (hidden) so the form keeps
 * their values and the server's errors can be put on them.
 */
export function ItemEditor({ index, count, item, pack, expanded, hasError, onToggle, onMove, onRetire, onDelete }: Props) {
  const retired = item.retired === true;
  const open = expanded && !retired;
  const categories = pack?.hazardCategories ?? [];
  const places = pack?.hazardPlaces ?? [];
  const buttons = (
    <Space size={2}>
      <Tooltip title="上移">
        <Button size="small" type="text" aria-label="上移" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => onMove(index - 1)} />
      </Tooltip>
      <Tooltip title="下移">
        <Button size="small" type="text" aria-label="下移" icon={<ArrowDownOutlined />} disabled={index === count - 1} onClick={() => onMove(index + 1)} />
      </Tooltip>
      {!retired && (
        <Button size="small" type="text" aria-label="编辑" icon={<EditOutlined />} onClick={onToggle}>
          {expanded ? '收起' : '编辑'}
        </Button>
      )}
      {item.isNew ? (
        <Button size="small" type="text" danger aria-label="删除" icon={<DeleteOutlined />} onClick={onDelete} />
      ) : retired ? (
        <Button size="small" type="text" icon={<UndoOutlined />} onClick={() => onRetire(false)}>
          恢复
        </Button>
      ) : (
        <Button size="small" type="text" danger icon={<StopOutlined />} onClick={() => onRetire(true)}>
          停用
        </Button>
      )}
    </Space>
  );

  return (
    <Card
      size="small"
      data-testid="edit-item"
      data-code={item.code}
      data-retired={retired}
      style={{ borderColor: hasError ? '#ff4d4f' : undefined, background: retired ? '#fafafa' : undefined }}
      styles={{ body: { padding: '8px 10px' } }}
    >
      {/* On a phone the buttons wrap under the text instead of squeezing it. */}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start', justifyContent: 'flex-end' }}>
        <div style={{ flex: '1 1 220px', minWidth: 0 }}>
          <div
            data-testid="edit-item-text"
            style={{ textDecoration: retired ? 'line-through' : undefined, color: retired ? 'rgba(0,0,0,0.45)' : undefined, wordBreak: 'break-word' }}
          >
            <Typography.Text type="secondary">{index + 1}. </Typography.Text>
            {item.text || <Typography.Text type="secondary">（新检查项，请填写内容）</Typography.Text>}
          </div>
          <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
            <Tag style={{ marginInlineEnd: 0 }}>{categoryLabel(pack, item.category)}</Tag>
            {item.place && <Tag style={{ marginInlineEnd: 0 }}>{item.place}</Tag>}
            {item.failLevel === 'major' && (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                重大
              </Tag>
            )}
            {retired && <Tag style={{ marginInlineEnd: 0 }}>已停用</Tag>}
            {item.isNew && (
              <Tag color="green" style={{ marginInlineEnd: 0 }}>
                新增
              </Tag>
            )}
          </Space>
        </div>
        {buttons}
      </div>
      <div style={{ display: open ? undefined : 'none', marginTop: 8 }}>
        <Form.Item name={[index, 'code']} hidden>
          <Input />
        </Form.Item>
        <Form.Item name={[index, 'retired']} hidden valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          label="检查内容"
          name={[index, 'text']}
          rules={[
            { required: !retired, whitespace: true, message: '请填写检查内容' },
            { max: 200, message: '不超过 200 个字' },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={200} />
        </Form.Item>
        <Space size={8} wrap style={{ width: '100%' }} align="start">
          <Form.Item label="隐患类别" name={[index, 'category']} rules={[{ required: true, message: '请选择类别' }]} style={{ minWidth: 150 }}>
            <Select options={categories.map((c) => ({ value: c.code, label: c.label }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item label="部位" name={[index, 'place']} style={{ minWidth: 120 }}>
            <Select allowClear placeholder="不限" options={places.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
        </Space>
        <Form.Item label="检查要点" name={[index, 'guidance']} rules={[{ max: 1000, message: '不超过 1000 个字' }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={1000} placeholder="怎么查、合格标准（选填）" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item label="不合格时" name={[index, 'failLevel']} style={{ marginBottom: 8 }}>
            <Radio.Group options={hazardLevels.map((l) => ({ value: l, label: `${hazardLevelLabels[l]}隐患` }))} optionType="button" size="small" />
          </Form.Item>
          <Form.Item label="不合格须拍照" name={[index, 'photoRequiredOnFail']} valuePropName="checked" style={{ marginBottom: 8 }}>
            <Switch size="small" />
          </Form.Item>
        </Space>
      </div>
    </Card>
  );
}
