import { Tag } from 'antd';
import type { HazardLevel, HazardState } from '../../../domain/hazard';
import { hazardLevelLabels, hazardStateLabels } from '../../../domain/hazard';
import type { Hazard } from '../../api/types';

const stateColors: Record<HazardState, string> = {
  reported: 'gold',
  assessed: 'cyan',
  rectifying: 'blue',
  pending_verification: 'purple',
  closed: 'green',
};

export function StateTag({ state }: { state: HazardState }) {
  return (
    <Tag color={stateColors[state] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="hazard-state">
      {hazardStateLabels[state] ?? state}
    </Tag>
  );
}

export function LevelTag({ level }: { level: HazardLevel | null }) {
  if (!level) return <Tag style={{ marginInlineEnd: 0 }}>未研判</Tag>;
  return (
    <Tag color={level === 'major' ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
      {hazardLevelLabels[level]}
    </Tag>
  );
}

/** 逾期 and 挂牌督办 beside a hazard; nothing when neither applies. */
export function AlertTags({ hazard }: { hazard: Pick<Hazard, 'overdue' | 'supervisionListed'> }) {
  return (
    <>
      {hazard.overdue && (
        <Tag color="red" variant="solid" style={{ marginInlineEnd: 0 }}>
          逾期
        </Tag>
      )}
      {hazard.supervisionListed && (
        <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
          挂牌督办
        </Tag>
      )}
    </>
  );
}
