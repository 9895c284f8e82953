import { FilePdfOutlined } from '@ant-design/icons';
import { Image, Space, Typography } from 'antd';
import { isImage } from '../api/attachments';
import type { Attachment } from '../api/types';

type Props = { files: readonly Attachment[]; size?: number; caption?: string };

/** Evidence thumbnails (click to enlarge) and links for PDFs; nothing when there are none. */
export function AttachmentList({ files, size = 72, caption }: Props) {
  if (files.length === 0) return null;
  const photos = files.filter(isImage);
  const documents = files.filter((f) => !isImage(f));
  return (
    <div>
      {caption && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
          {caption}
        </Typography.Text>
      )}
      <Space wrap size={6}>
        <Image.PreviewGroup>
          {photos.map((p) => (
            <Image
              key={p.id}
              src={p.url}
              alt={p.fileName}
              width={size}
              height={size}
              style={{ objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }}
              data-testid="attachment-thumb"
            />
          ))}
        </Image.PreviewGroup>
        {documents.map((d) => (
          <Typography.Link key={d.id} href={d.url} target="_blank" rel="noopener">
            <FilePdfOutlined /> {d.fileName}
          </Typography.Link>
        ))}
      </Space>
    </div>
  );
}
