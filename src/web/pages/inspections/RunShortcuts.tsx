import { App, Button, Space } from 'antd';
import type { LocalDraft } from '../../offline/types';

/**
 * The two shortcuts of the sticky progress bar on the phone: jump to the first item still
 * unanswered, and mark all unanswered items 合格 at once (after a question: 合格 is a finding too,
 * so the inspector confirms having looked at them). Failures are marked one by one first.
 */
export function RunShortcuts({ draft, onAllPass }: { draft: LocalDraft; onAllPass: (codes: string[]) => void }) {
  const { modal } = App.useApp();
  const open = draft.template.items.filter((i) => !draft.answers[i.code]?.result).map((i) => i.code);
  if (open.length === 0) return null;
  const jump = () => document.getElementById(`item-${open[0]}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  const allPass = () =>
    modal.confirm({
      title: `将其余 ${open.length} 项标为合格？`,
      content: '请确认这些项目已逐项查看、没有发现问题；发现问题的项目请先标为不合格。',
      okText: '全部合格',
      cancelText: '取消',
      onOk: () => onAllPass(open),
    });
  return (
    <Space size={8} style={{ marginTop: 6 }} wrap>
      <Button size="small" onClick={jump} data-testid="jump-unanswered">
        下一未检项（{open.length}）
      </Button>
      <Button size="small" type="primary" ghost onClick={allPass} data-testid="rest-pass">
        其余全部合格
      </Button>
    </Space>
  );
}
