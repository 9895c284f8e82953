import type { HazardCounts as Counts } from '../../api/types';
import { CountStrip } from '../../components/CountStrip';

type Props = { counts: Counts | undefined; loading: boolean };

/** The figures at the top of the ledger, over the same filters as the rows (and the export). */
export function HazardCounts({ counts, loading }: Props) {
  return (
    <CountStrip
      testIdPrefix="count"
      loading={loading}
      items={[
        { key: 'total', title: '总数', value: counts?.total },
        { key: 'open', title: '未销号', value: counts?.open },
        { key: 'overdue', title: '逾期', value: counts?.overdue, alert: true },
        { key: 'closed', title: '已销号', value: counts?.closed },
        // null: nothing closed yet, so no rate (not 0 %).
        { key: 'rate', title: '按期销号率', value: counts ? counts.closedOnTimeRate : undefined, suffix: '%' },
      ]}
    />
  );
}
