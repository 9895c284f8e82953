import { Col, Tag } from 'antd';
import { useCurrentUser } from '../../auth/AuthContext';
import type { HazardQuery } from './hazardQuery';

type Props = { query: HazardQuery; onChange: (patch: Partial<HazardQuery>) => void };

/**
 * The ledger filters a workbench link sets that have no control of their own, shown as tags
 * that can be removed one by one, so the list never narrows without saying why.
 */
export function WorkbenchFilterTags({ query, onChange }: Props) {
  const user = useCurrentUser();
  const tags: { key: keyof HazardQuery; label: string; clear: Partial<HazardQuery> }[] = [];
  if (query.responsibleUnitId)
    tags.push({
      key: 'responsibleUnitId',
      label: query.responsibleUnitId === user.orgUnitId ? '由本单位整改' : '指定责任单位',
      clear: { responsibleUnitId: '' },
    });
  if (query.extensionPending) tags.push({ key: 'extensionPending', label: '延期待审批', clear: { extensionPending: false } });
  if (query.verificationFailed) tags.push({ key: 'verificationFailed', label: '曾验收未通过', clear: { verificationFailed: false } });
  if (query.extensionDecidedFrom)
    tags.push({ key: 'extensionDecidedFrom', label: `${query.extensionDecidedFrom} 起延期已审批`, clear: { extensionDecidedFrom: '' } });
  if (query.campaignId) tags.push({ key: 'campaignId', label: '专项行动发现的隐患', clear: { campaignId: '' } });
  if (tags.length === 0) return null;
  return (
    <Col xs={24} sm={12} lg={6} order={1}>
      {tags.map((t) => (
        <Tag key={t.key} color="blue" closable onClose={() => onChange(t.clear)} data-testid={`filter-${t.key}`}>
          {t.label}
        </Tag>
      ))}
    </Col>
  );
}
