import { Card, Col, Row, Statistic } from 'antd';
import { useIsMobile } from '../lib/useIsMobile';

export type CountItem = { key: string; title: string; value: number | null | undefined; suffix?: string; alert?: boolean };

type Props = { items: CountItem[]; loading: boolean; testIdPrefix: string };

/**
 * The figures at the top of a list (ledger, notices). A phone gets one strip of small figures
 * instead of cards wrapping over two rows; a figure marked `alert` turns red when not zero.
 */
export function CountStrip({ items, loading, testIdPrefix }: Props) {
  const isMobile = useIsMobile();
  const color = (i: CountItem) => (i.alert && i.value ? '#cf1322' : undefined);
  if (isMobile) {
    return (
      <Card size="small" styles={{ body: { padding: '8px 4px', display: 'flex' } }}>
        {items.map((i) => (
          <div key={i.key} data-testid={`${testIdPrefix}-${i.key}`} style={{ flex: 1, textAlign: 'center', minWidth: 0 }}>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{i.title}</div>
            <div className="ant-statistic-content-value" style={{ fontSize: 18, fontWeight: 600, color: color(i) }}>
              {i.value ?? '—'}
              {i.suffix && i.value !== null && i.value !== undefined && <span style={{ fontSize: 12 }}>{i.suffix}</span>}
            </div>
          </div>
        ))}
      </Card>
    );
  }
  return (
    <Row gutter={[8, 8]}>
      {items.map((i) => (
        <Col key={i.key} sm={8} md={4}>
          <Card size="small" styles={{ body: { padding: '8px 12px' } }} data-testid={`${testIdPrefix}-${i.key}`}>
            <Statistic
              title={i.title}
              loading={loading && i.value === undefined}
              value={i.value ?? '—'}
              suffix={i.value === null || i.value === undefined ? undefined : i.suffix}
              styles={{ content: { fontSize: 22, color: color(i) } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
