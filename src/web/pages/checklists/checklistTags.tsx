import { Space, Tag } from 'antd';
import { originLabel, packRefLabel } from '../../../domain/policy/origin-label';
import type { Origin } from '../../../domain/policy/pack-schema';
import { levelLabel, type PolicyPack, type TemplateOriginKind } from './checklistTypes';

const NATIONAL = 'national';

/** 国家默认规则 / 本区规则 / 本区修改 with the version that produced a template version, in words. */
export function TemplateOriginTag({ origin, packRef }: { origin: TemplateOriginKind; packRef: string }) {
  if (origin === 'district') {
    return (
      <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="origin-tag">
        本区修改{packRef ? `（基于${packRefLabel(packRef)}）` : ''}
      </Tag>
    );
  }
  const national = packRef.startsWith(`${NATIONAL}@`);
  return (
    <Tag color={national ? 'blue' : 'purple'} style={{ marginInlineEnd: 0 }} data-testid="origin-tag">
      {packRefLabel(packRef)}
    </Tag>
  );
}

/** The small tag beside each rule of the pack: which pack and file, and what it overrides. */
export function RuleOriginTag({ origin }: { origin: Origin | undefined }) {
  if (!origin?.pack) return null;
  const national = origin.pack === NATIONAL;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      <Tag color={national ? 'default' : 'purple'} style={{ marginInlineEnd: 0, fontSize: 11 }}>
        {originLabel(origin)}
      </Tag>
      {origin.overrides && (
        <Tag color="orange" style={{ marginInlineEnd: 0, fontSize: 11 }}>
          覆盖{packRefLabel(origin.overrides)}
        </Tag>
      )}
    </span>
  );
}

export function LevelTags({ levels, pack }: { levels: readonly string[]; pack: PolicyPack | undefined }) {
  return (
    <Space size={[4, 4]} wrap>
      {levels.map((l) => (
        <Tag key={l} style={{ marginInlineEnd: 0 }}>
          {levelLabel(pack, l)}
        </Tag>
      ))}
    </Space>
  );
}
