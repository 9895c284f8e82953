import { Tag } from 'antd';
import type { Notice } from '../../api/types';

const colors: Record<string, string> = { unacknowledged: 'gold', acknowledged: 'blue', replied: 'green' };

/** 待签收 / 已签收待回执 / 已回执, and 逾期 when the deadline passed without a reply. */
export function NoticeStateTags({ notice }: { notice: Pick<Notice, 'state' | 'stateLabel' | 'overdue'> }) {
  return (
    <>
      <Tag color={colors[notice.state] ?? 'default'} style={{ marginInlineEnd: 4 }} data-testid="notice-state">
        {notice.stateLabel}
      </Tag>
      {notice.overdue && (
        <Tag color="red" variant="solid" style={{ marginInlineEnd: 0 }}>
          逾期
        </Tag>
      )}
    </>
  );
}
