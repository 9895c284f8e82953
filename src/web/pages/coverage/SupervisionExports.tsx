import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { messageOf } from '../../lib/errors';
import { monthKeyOf, today, weekKeyOf } from './coverageQuery';

type Format = 'xlsx' | 'pdf';

const dayOf = (d: Dayjs) => d.format('YYYY-MM-DD');

/** 每周台账 (the joint group's week) and 每月通报 (the month's briefing), as Excel or PDF. */
export function SupervisionExports() {
  const { message } = App.useApp();
  const [week, setWeek] = useState<Dayjs>(() => dayjs(today()));
  const [month, setMonth] = useState<Dayjs>(() => dayjs(today()));
  const [busy, setBusy] = useState<string | null>(null);
  const weekKey = weekKeyOf(dayOf(week));
  const monthKey = monthKeyOf(dayOf(month));

  const download = async (kind: 'ledger' | 'briefing', format: Format) => {
    setBusy(`${kind}-${format}`);
    try {
      if (kind === 'ledger') await api.download('/api/supervision/weekly-ledger', { week: weekKey, format }, `每周台账-${weekKey}.${format}`);
      else await api.download('/api/supervision/monthly-briefing', { month: monthKey, format }, `每月通报-${monthKey}.${format}`);
    } catch (err) {
      message.error(messageOf(err));
    } finally {
      setBusy(null);
    }
  };

  const buttons = (kind: 'ledger' | 'briefing') => (
    <Space.Compact>
      <Button icon={<FileExcelOutlined />} loading={busy === `${kind}-xlsx`} onClick={() => download(kind, 'xlsx')} data-testid={`export-${kind}-xlsx`}>
        Excel
      </Button>
      <Button icon={<FilePdfOutlined />} loading={busy === `${kind}-pdf`} onClick={() => download(kind, 'pdf')} data-testid={`export-${kind}-pdf`}>
        PDF
      </Button>
    </Space.Compact>
  );

  return (
    <Space size={[16, 8]} wrap data-testid="supervision-exports">
      <Space size={6} wrap>
        <Typography.Text>每周台账</Typography.Text>
        <DatePicker
          picker="week"
          value={week}
          allowClear={false}
          onChange={(d) => d && setWeek(d)}
          format={(d) => weekKeyOf(dayOf(d))}
          style={{ width: 120 }}
          aria-label="台账周次"
        />
        {buttons('ledger')}
      </Space>
      <Space size={6} wrap>
        <Typography.Text>每月通报</Typography.Text>
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(d) => d && setMonth(d)}
          format="YYYY-MM"
          style={{ width: 110 }}
          aria-label="通报月份"
        />
        {buttons('briefing')}
      </Space>
    </Space>
  );
}
