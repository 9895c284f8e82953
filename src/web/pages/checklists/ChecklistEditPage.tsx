import { ArrowLeftOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { TemplateOriginTag } from './checklistTags';
import { type ChecklistTemplate, usePolicyPack } from './checklistTypes';
import { type EditItem, ItemEditor } from './ItemEditor';
import { fieldErrorsOf, newItemCode, toEditItems, toSaveItems } from './templateEdit';

type Values = { name: string; description: string; items: EditItem[] };

export default function ChecklistEditPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const pack = usePolicyPack();
  const loaded = useLoad(() => api.get<ChecklistTemplate>(`/api/checklist-templates/${encodeURIComponent(code)}`), code);
  const [base, setBase] = useState<ChecklistTemplate | undefined>(undefined);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [errorCodes, setErrorCodes] = useState<Set<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const items: EditItem[] = Form.useWatch('items', { form, preserve: true }) ?? [];

  // A (re)load replaces whatever was on the form: the user asked for the newest version.
  useEffect(() => {
    const t = loaded.data;
    if (!t) return;
    setBase(t);
    setExpanded(new Set());
    setErrorCodes(new Set());
    form.setFieldsValue({ name: t.name, description: t.description ?? '', items: toEditItems(t.items) });
  }, [loaded.data, form]);

  const toggle = (c: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(c)) n.delete(c);
      else n.add(c);
      return n;
    });

  const showErrors = (err: unknown) => {
    const values = form.getFieldsValue(true) as Values;
    const { fields, itemCodes, rest } = fieldErrorsOf(err, values.items ?? []);
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    setErrorCodes(itemCodes);
    setExpanded((s) => new Set([...s, ...itemCodes]));
    setFormError(rest.length > 0 || fields.length === 0 ? messageOf(err) : `${messageOf(err)}（已在出错的检查项处标出）`);
  };

  const save = async () => {
    if (!base) return;
    setFormError(null);
    setSaved(null);
    let values: Values;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as Values;
    } catch (e) {
      const bad = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields ?? [];
      const all = (form.getFieldsValue(true) as Values).items ?? [];
      const codes = new Set(bad.filter((f) => f.name[0] === 'items').map((f) => all[Number(f.name[1])]?.code ?? ''));
      setErrorCodes(codes);
      setExpanded((s) => new Set([...s, ...codes]));
      setFormError('请先改正标红的内容');
      return;
    }
    setSaving(true);
    try {
      const body = { baseVersion: base.version, name: values.name, description: values.description ?? '', items: toSaveItems(values.items) };
      const next = await api.put<ChecklistTemplate>(`/api/checklist-templates/${encodeURIComponent(code)}`, body);
      setSaved(next.version);
      setBase(next);
      setErrorCodes(new Set());
      form.setFieldsValue({ name: next.name, description: next.description ?? '', items: toEditItems(next.items) });
      message.success(`已保存为 v${next.version}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(err.message);
      else showErrors(err);
    } finally {
      setSaving(false);
    }
  };

  const addItem = (add: (v: EditItem) => void) => {
    const c = newItemCode(items.map((i) => i.code));
    const category = pack.data?.hazardCategories[0]?.code ?? 'other';
    add({ code: c, text: '', category, guidance: '', photoRequiredOnFail: true, failLevel: 'general', retired: false, isNew: true });
    setExpanded((s) => new Set([...s, c]));
  };

  const active = items.filter((i) => !i.retired).length;

  return (
    <Card
      title={
        <Space size={8} wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label="返回" onClick={() => navigate(`/checklists?open=${code}`)} />
          <span>编辑检查表</span>
        </Space>
      }
      extra={
        !isMobile &&
        base && (
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={save}>
            保存为新版本
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? 8 : 24 } }}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {loaded.error && !base && <Alert type="error" showIcon title={loaded.error} />}
        {!base && !loaded.error && <Spin style={{ display: 'block', margin: 48 }} />}
        {base && (
          <Space size={8} wrap>
            <Typography.Text strong data-testid="edit-version">
              当前版本 v{base.version}
            </Typography.Text>
            <TemplateOriginTag origin={base.origin} packRef={base.packRef} />
          </Space>
        )}
        {saved !== null && (
          <Alert
            type="success"
            showIcon
            data-testid="edit-saved"
            title={`已保存为 v${saved}。之后开始的检查使用新版本，已做的检查保留原版本。`}
            action={
              <Button size="small" onClick={() => navigate(`/checklists?open=${code}`)}>
                查看
              </Button>
            }
          />
        )}
        {conflict && (
          <Alert
            type="warning"
            showIcon
            data-testid="edit-conflict"
            title="有人已保存了更新的版本"
            description={`${conflict}。重新加载会显示最新版本，本页未保存的修改将丢失。`}
            action={
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setConflict(null);
                  loaded.reload();
                }}
              >
                重新加载
              </Button>
            }
          />
        )}
        {formError && <Alert type="error" showIcon title={formError} />}
        {/* Always mounted: values set while loading must reach a connected form. */}
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={saving}
          onValuesChange={() => {
            setFormError(null);
            setErrorCodes(new Set());
          }}
          style={{ display: base ? undefined : 'none' }}
        >
          <Form.Item
            label="名称"
            name="name"
            rules={[
              { required: true, whitespace: true, message: '请填写名称' },
              { max: 60, message: '不超过 60 个字' },
            ]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label="说明" name="description" rules={[{ max: 1000, message: '不超过 1000 个字' }]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} />
          </Form.Item>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            检查项（{active} 项{items.length > active ? `，停用 ${items.length - active} 项` : ''}）
          </Typography.Title>
          <Form.List name="items">
            {(fields, { add, remove, move }) => (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {fields.map((f) => {
                  const item = items[f.name];
                  if (!item) return null;
                  return (
                    <ItemEditor
                      key={f.key}
                      index={f.name}
                      count={fields.length}
                      item={item}
                      pack={pack.data}
                      expanded={expanded.has(item.code)}
                      hasError={errorCodes.has(item.code)}
                      onToggle={() => toggle(item.code)}
                      onMove={(to) => move(f.name, to)}
                      onRetire={(r) => form.setFieldValue(['items', f.name, 'retired'], r)}
                      onDelete={() => remove(f.name)}
                    />
                  );
                })}
                <Button block type="dashed" icon={<PlusOutlined />} onClick={() => addItem(add)}>
                  添加检查项
                </Button>
              </Space>
            )}
          </Form.List>
        </Form>
        {isMobile && base && (
          <Button block type="primary" size="large" icon={<SaveOutlined />} loading={saving} onClick={save}>
            保存为新版本
          </Button>
        )}
      </Space>
    </Card>
  );
}
