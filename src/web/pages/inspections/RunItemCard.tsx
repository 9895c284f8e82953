import { Card, Input, Radio, Space, Switch, Tag, Typography } from 'antd';
import { memo, useState } from 'react';
import { hazardLevelLabels } from '../../../domain/hazard';
import { type ItemResult, itemResultLabels, itemResults } from '../../../domain/inspection';
import type { LocalAnswer, TemplateSnapshot } from '../../offline/types';
import { LocalPhotos } from './LocalPhotos';
import { resultColors } from './resultColors';

type Item = TemplateSnapshot['items'][number];

type Props = {
  index: number;
  item: Item;
  answer: LocalAnswer;
  clientId: string;
  readOnly: boolean;
  errors: string[];
  onChange: (code: string, patch: Partial<LocalAnswer>) => void;
};

/** One checklist item: result, note, and for a failure the photos and whether it becomes a hazard. */
export const RunItemCard = memo(function RunItemCard({ index, item, answer, clientId, readOnly, errors, onChange }: Props) {
  const [showGuidance, setShowGuidance] = useState(false);
  const failed = answer.result === 'fail';
  const set = (patch: Partial<LocalAnswer>) => onChange(item.code, patch);
  const border = errors.length > 0 ? '#ff4d4f' : failed ? '#ffa39e' : undefined;

  return (
    <Card
      size="small"
      id={`item-${item.code}`}
      data-testid="run-item"
      data-result={answer.result ?? ''}
      style={{ marginBottom: 12, ...(border ? { borderColor: border } : {}) }}
      styles={{ body: { padding: 12 } }}
    >
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>
            {index + 1}. {item.text}
          </Typography.Text>
          <div style={{ marginTop: 4 }}>
            <Tag>{item.categoryLabel ?? item.category}</Tag>
            {item.place && item.place !== (item.categoryLabel ?? item.category) && <Tag>{item.place}</Tag>}
            {item.failLevel === 'major' && <Tag color="red">不合格即{hazardLevelLabels.major}隐患</Tag>}
            {item.guidance && (
              <Typography.Link style={{ fontSize: 13 }} onClick={() => setShowGuidance((v) => !v)} aria-expanded={showGuidance}>
                {showGuidance ? '收起检查方法' : '检查方法'}
              </Typography.Link>
            )}
          </div>
          {showGuidance && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '6px 0 0', whiteSpace: 'pre-wrap' }}>
              {item.guidance}
            </Typography.Paragraph>
          )}
        </div>
        <Radio.Group
          block
          optionType="button"
          buttonStyle="solid"
          value={answer.result}
          disabled={readOnly}
          onChange={(e) => set({ result: e.target.value as ItemResult })}
          aria-label={`第 ${index + 1} 项检查结果`}
        >
          {itemResults.map((r) => (
            <Radio.Button
              key={r}
              value={r}
              style={answer.result === r ? { background: resultColors[r], borderColor: resultColors[r], color: '#fff' } : undefined}
            >
              {itemResultLabels[r]}
            </Radio.Button>
          ))}
        </Radio.Group>
        {failed && (
          <>
            <div>
              <Typography.Text style={{ fontSize: 13 }}>{item.photoRequiredOnFail && <span style={{ color: '#ff4d4f' }}>* </span>}现场照片</Typography.Text>
              <div style={{ marginTop: 6 }}>
                <LocalPhotos clientId={clientId} value={answer.photoIds} onChange={(photoIds) => set({ photoIds })} disabled={readOnly} />
              </div>
            </div>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <Switch checked={answer.raiseHazard} disabled={readOnly} onChange={(raiseHazard) => set({ raiseHazard })} aria-label="转为隐患" />
              <span>转为隐患</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                提交后自动登记到隐患台账
              </Typography.Text>
            </div>
          </>
        )}
        <Input.TextArea
          value={answer.note}
          disabled={readOnly}
          autoSize={{ minRows: 1, maxRows: 5 }}
          maxLength={500}
          placeholder={failed ? '问题描述（部位、情况）' : '备注（可选）'}
          aria-label={`第 ${index + 1} 项备注`}
          onChange={(e) => set({ note: e.target.value })}
        />
        {errors.map((e) => (
          <Typography.Text key={e} type="danger" style={{ fontSize: 13 }} data-testid="item-error">
            {e}
          </Typography.Text>
        ))}
      </Space>
    </Card>
  );
});
