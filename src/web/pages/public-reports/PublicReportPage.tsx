import { CameraOutlined, CheckCircleOutlined, DeleteOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, InputNumber, Result, Select, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad } from '../../api/hooks';
import { PageLoading } from '../../components/PageState';
import { messageOf } from '../../lib/errors';
import { shrinkPhoto } from '../../lib/shrinkPhoto';
import { type Challenge, MAX_PHOTOS, type ReportTarget, toBase64 } from './publicReportsApi';

type Values = { schoolId?: string; description: string; place?: string; contactName?: string; contactPhone?: string; challengeAnswer?: number };
type Photo = { name: string; blob: Blob; url: string };

/** The light frame of the public pages: no menu, no sign-in, fits a 375 px phone. */
export function PublicFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: '#f0f4fa', padding: '16px 12px 32px' }}>
      <div style={{ maxWidth: 560, margin: '0 auto' }}>
        <div style={{ textAlign: 'center', margin: '8px 0 16px' }}>
          <SafetyCertificateOutlined style={{ fontSize: 32, color: '#1f4e8c' }} />
          <Typography.Title level={4} style={{ margin: '4px 0 0' }}>
            {title}
          </Typography.Title>
        </div>
        {children}
      </div>
    </div>
  );
}

/**
 * 扫码反映: a parent or passer-by reports a problem without an account. Photos are shrunk on the
 * phone before sending; the answer to the server's question is the only "captcha".
 */
export default function PublicReportPage() {
  const { unitId = '' } = useParams();
  const target = useLoad(() => api.get<ReportTarget>(`/api/public/report-targets/${encodeURIComponent(unitId)}`), unitId);
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [form] = Form.useForm<Values>();

  const newChallenge = () => {
    form.setFieldValue('challengeAnswer', undefined);
    api
      .get<Challenge>('/api/public/report-challenge')
      .then(setChallenge)
      .catch((err) => setError(messageOf(err)));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: one question when the page opens
  useEffect(newChallenge, []);

  const addPhotos = async (files: FileList | null) => {
    const chosen = Array.from(files ?? []).slice(0, MAX_PHOTOS - photos.length);
    const shrunk = await Promise.all(chosen.map(async (f) => ({ name: f.name, blob: await shrinkPhoto(f), url: URL.createObjectURL(f) })));
    setPhotos((p) => [...p, ...shrunk]);
    if (fileInput.current) fileInput.current.value = '';
  };

  const submit = async (v: Values) => {
    if (!challenge) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        unitId,
        schoolId: v.schoolId,
        description: v.description,
        place: v.place ?? '',
        contactName: v.contactName ?? '',
        contactPhone: v.contactPhone ?? '',
        photos: await Promise.all(photos.map(async (p) => ({ fileName: p.name, data: await toBase64(p.blob) }))),
        challengeToken: challenge.token,
        challengeAnswer: v.challengeAnswer,
      };
      const r = await api.post<{ receipt: string }>('/api/public/reports', body);
      setReceipt(r.receipt);
    } catch (err) {
      setError(messageOf(err));
      newChallenge(); // a question is good once, right or wrong
    } finally {
      setBusy(false);
    }
  };

  if (target.loading) return <PageLoading />;
  if (!target.data) {
    return (
      <PublicFrame title="校园安全问题反映">
        <Alert type="error" showIcon title={target.error ?? '二维码无效'} />
      </PublicFrame>
    );
  }
  const t = target.data;
  if (receipt) {
    return (
      <PublicFrame title="校园安全问题反映">
        <Card>
          <Result
            icon={<CheckCircleOutlined style={{ color: '#389e0d' }} />}
            title="已收到您的反映，谢谢！"
            subTitle="请保存回执号（截图或抄下），凭它可以查询处理进度和答复。"
          />
          <div style={{ textAlign: 'center', marginBottom: 16 }}>
            <Typography.Text type="secondary">回执号</Typography.Text>
            <div data-testid="receipt" style={{ fontSize: 24, fontWeight: 600, letterSpacing: 2, fontFamily: 'monospace' }}>
              {receipt}
            </div>
          </div>
          <Link to={`/report/status?r=${encodeURIComponent(receipt)}`}>
            <Button type="primary" block size="large">
              查询处理进度
            </Button>
          </Link>
        </Card>
      </PublicFrame>
    );
  }
  return (
    <PublicFrame title="校园安全问题反映">
      <Card styles={{ body: { padding: 16 } }}>
        <Typography.Paragraph style={{ marginBottom: 12 }}>
          <Typography.Text strong data-testid="target-name">
            {t.kind === 'school' ? t.name : t.districtName}
          </Typography.Text>
          <br />
          <Typography.Text type="secondary">发现校园及周边安全隐患，请在此反映，无需注册登录。紧急情况请直接拨打 110、119、120。</Typography.Text>
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="report-error" />}
        <Form<Values> form={form} layout="vertical" size="large" onFinish={submit} requiredMark={false}>
          {t.kind === 'district' && (
            <Form.Item name="schoolId" label="涉及学校（选填）">
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                allowClear
                placeholder="输入校名查找；不确定可不选"
                options={t.schools.map((s) => ({ value: s.id, label: s.name }))}
              />
            </Form.Item>
          )}
          <Form.Item name="description" label="问题描述" rules={[{ required: true, whitespace: true, min: 5, message: '请至少用 5 个字描述问题' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：学校东门外护栏松动，放学时学生拥挤容易倒" />
          </Form.Item>
          <Form.Item name="place" label="地点（选填）">
            <Input maxLength={100} placeholder="如：东门外人行道" />
          </Form.Item>
          <Form.Item label={`照片（选填，最多 ${MAX_PHOTOS} 张）`}>
            <Space wrap>
              {photos.map((p, i) => (
                <div key={p.url} style={{ position: 'relative' }}>
                  <img src={p.url} alt={`照片 ${i + 1}`} style={{ width: 88, height: 88, objectFit: 'cover', borderRadius: 6 }} />
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除照片 ${i + 1}`}
                    style={{ position: 'absolute', top: 2, right: 2 }}
                    onClick={() => setPhotos((all) => all.filter((x) => x !== p))}
                  />
                </div>
              ))}
              {photos.length < MAX_PHOTOS && (
                <Button icon={<CameraOutlined />} style={{ width: 88, height: 88 }} onClick={() => fileInput.current?.click()}>
                  添加
                </Button>
              )}
            </Space>
            <input
              ref={fileInput}
              data-testid="photo-input"
              type="file"
              accept="image/*"
              multiple
              style={{ display: 'none' }}
              onChange={(e) => {
                void addPhotos(e.target.files);
              }}
            />
          </Form.Item>
          <Form.Item name="contactName" label="称呼（选填）">
            <Input maxLength={50} placeholder="如：王女士" />
          </Form.Item>
          <Form.Item name="contactPhone" label="联系电话（选填）" extra="仅受理单位可见，便于核实情况">
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="challengeAnswer"
            label={
              <Space>
                <span>验证：{challenge?.question ?? '正在获取…'}</span>
                <Button type="link" size="small" icon={<ReloadOutlined />} onClick={newChallenge}>
                  换一题
                </Button>
              </Space>
            }
            rules={[{ required: true, message: '请填写验证题的答案' }]}
          >
            <InputNumber style={{ width: '100%' }} inputMode="numeric" precision={0} placeholder="填写数字" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} disabled={!challenge}>
            提交反映
          </Button>
        </Form>
      </Card>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/report/status">已反映过？凭回执号查询进度</Link>
      </div>
    </PublicFrame>
  );
}
