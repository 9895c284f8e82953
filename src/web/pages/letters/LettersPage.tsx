import { DownloadOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Col, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useLoad, useOrgUnits } from '../../api/hooks';
import { useCurrentUser } from '../../auth/AuthContext';
import { CountStrip } from '../../components/CountStrip';
import { messageOf } from '../../lib/errors';
import { useIsMobile } from '../../lib/useIsMobile';
import { HoldersModal } from './HoldersModal';
import type { LetterHolder, LetterSummary, LetterSummaryRow, SchoolLetters } from './lettersApi';
import { SignLetterModal } from './SignLetterModal';

const thisYear = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: `${y} 年` }));

/** 一岗双责 安全责任书: per school, the posts' holders and who has signed this year. */
export default function LettersPage() {
  const user = useCurrentUser();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || thisYear;
  const schools = useOrgUnits(['school']);
  const ownSchool = schools.data?.length === 1 ? schools.data[0]?.id : undefined;
  const schoolId = params.get('schoolId') || ownSchool || '';
  const update = (patch: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...patch });
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.download('/api/responsibility-letters/export', { year, schoolId: schoolId || undefined }, `安全责任书签订情况-${year}.xlsx`);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title="一岗双责安全责任书"
      extra={
        <Button size="small" icon={<DownloadOutlined />} loading={exporting} onClick={exportExcel}>
          导出
        </Button>
      }
      styles={{ body: { padding: isMobile ? 8 : 24 } }}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Row gutter={[8, 8]}>
          <Col xs={8} sm={6} lg={3}>
            <Select style={{ width: '100%' }} aria-label="年度" value={year} options={years} onChange={(v: number) => update({ year: String(v) })} />
          </Col>
          {(schools.data?.length ?? 0) > 1 && (
            <Col xs={16} sm={12} lg={6}>
              <Select
                style={{ width: '100%' }}
                placeholder="全部学校"
                aria-label="学校"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={schoolId || undefined}
                onChange={(v: string | undefined) => update({ schoolId: v ?? '' })}
                options={(schools.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
            </Col>
          )}
        </Row>
        {schoolId ? <SchoolLettersView schoolId={schoolId} year={year} /> : <LetterSummaryView year={year} onOpen={(id) => update({ schoolId: id })} />}
        {user.role === 'staff' && <Typography.Text type="secondary">本人岗位的责任书可在此签订（需学校把您的账号关联到岗位）。</Typography.Text>}
      </Space>
    </Card>
  );
}

function LetterSummaryView({ year, onOpen }: { year: number; onOpen: (schoolId: string) => void }) {
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useLoad(() => api.get<LetterSummary>('/api/responsibility-letters', { year, page, pageSize: 50 }), `${year}-${page}`);
  const c = list.data?.counts;
  const columns: TableColumnsType<LetterSummaryRow> = [
    { title: '学校', dataIndex: 'schoolName', key: 'schoolName', ellipsis: true },
    { title: '责任人', dataIndex: 'holders', key: 'holders', width: 70, align: 'right' },
    { title: '已签', dataIndex: 'signed', key: 'signed', width: 60, align: 'right' },
    {
      title: '未签',
      dataIndex: 'unsigned',
      key: 'unsigned',
      width: 60,
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
    ...(isMobile
      ? []
      : [
          {
            title: '校长与上级',
            key: 'principal',
            width: 110,
            render: (_: unknown, r: LetterSummaryRow) => (r.principalSigned ? <Tag color="green">已签</Tag> : <Tag>未签</Tag>),
          },
        ]),
  ];
  return (
    <>
      <CountStrip
        testIdPrefix="letter-count"
        loading={list.loading}
        items={[
          { key: 'schools', title: '学校', value: c?.schools },
          { key: 'complete', title: '全员签订', value: c?.complete },
          { key: 'signed', title: '已签', value: c?.signed },
          { key: 'unsigned', title: '未签', value: c?.unsigned, alert: true },
        ]}
      />
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<LetterSummaryRow>
        rowKey="schoolId"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        onRow={(r) => ({ onClick: () => onOpen(r.schoolId), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, showSizeChanger: false, simple: isMobile, onChange: setPage }}
      />
    </>
  );
}

function SchoolLettersView({ schoolId, year }: { schoolId: string; year: number }) {
  const [data, setData] = useState<SchoolLetters | null>(null);
  const load = useLoad(
    () =>
      api.get<SchoolLetters>(`/api/schools/${schoolId}/responsibility-letters`, { year }).then((r) => {
        setData(r);
        return r;
      }),
    `${schoolId}-${year}`,
  );
  const [signing, setSigning] = useState<LetterHolder | null>(null);
  const [partySigning, setPartySigning] = useState<LetterHolder | null>(null);
  const [editing, setEditing] = useState(false);
  const d = data ?? load.data;
  if (load.error) return <Alert type="error" showIcon title={load.error} />;
  if (!d) return <Card loading />;
  const dutiesOf = (code: string) => d.posts.find((p) => p.code === code)?.description ?? '';
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="school-letters">
      <CountStrip
        testIdPrefix="letter-count"
        loading={load.loading}
        items={[
          { key: 'holders', title: '责任人', value: d.counts.holders },
          { key: 'signed', title: '已签', value: d.counts.signed },
          { key: 'unsigned', title: '未签', value: d.counts.unsigned, alert: true },
          { key: 'share', title: '签订率', value: d.counts.share, suffix: '%' },
        ]}
      />
      <Space wrap>
        <Typography.Text strong>{d.school.name}</Typography.Text>
        {d.supervisingUnit && <Typography.Text type="secondary">校长与{d.supervisingUnit.name}签订</Typography.Text>}
        {d.canManage && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            设置岗位责任人
          </Button>
        )}
      </Space>
      <List<LetterHolder>
        bordered
        dataSource={d.holders}
        locale={{ emptyText: d.canManage ? '尚未设置岗位责任人，请点击“设置岗位责任人”' : '学校尚未设置岗位责任人' }}
        renderItem={(h) => (
          <List.Item
            data-testid="letter-holder"
            actions={[
              h.letter?.canPartySign ? (
                <Button key="party" size="small" aria-label={`甲方签署 ${h.name} 的责任书`} onClick={() => setPartySigning(h)}>
                  甲方签署
                </Button>
              ) : null,
              h.letter ? (
                <Button key="pdf" size="small" icon={<PrinterOutlined />} href={h.letter.pdfUrl} target="_blank" aria-label={`打印 ${h.name} 的责任书`}>
                  打印
                </Button>
              ) : h.canSign ? (
                <Button key="sign" size="small" type="primary" aria-label={`签订 ${h.name} 的责任书`} onClick={() => setSigning(h)}>
                  签订
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <span>{h.name}</span>
                  {h.letter ? <Tag color="green">已签</Tag> : <Tag color="orange">未签</Tag>}
                  {h.letter && (h.letter.partySignedAt ? <Tag color="blue">甲方已签</Tag> : <Tag>甲方待签署</Tag>)}
                </Space>
              }
              description={
                <span style={{ fontSize: 12 }}>
                  {h.postLabel}
                  {h.chain && d.supervisingUnit ? ` · 与${d.supervisingUnit.name}` : ''}
                  {h.letter ? ` · ${h.letter.signedOn} ${h.letter.methodLabel}` : ''}
                </span>
              }
            />
          </List.Item>
        )}
      />
      <SignLetterModal
        schoolId={schoolId}
        holder={signing}
        duties={signing ? dutiesOf(signing.postCode) : ''}
        onClose={() => setSigning(null)}
        onSigned={(r) => {
          setData(r);
          setSigning(null);
        }}
      />
      <SignLetterModal
        schoolId={schoolId}
        holder={partySigning}
        duties=""
        party={partySigning ? (partySigning.chain ? (d.supervisingUnit?.name ?? '上级主管单位') : d.school.name) : undefined}
        onClose={() => setPartySigning(null)}
        onSigned={(r) => {
          setData(r);
          setPartySigning(null);
        }}
      />
      <HoldersModal
        open={editing}
        data={d}
        onClose={() => setEditing(false)}
        onSaved={(r) => {
          setData(r);
          setEditing(false);
        }}
      />
    </Space>
  );
}
