import { CameraOutlined, CloseOutlined, LoadingOutlined, PictureOutlined } from '@ant-design/icons';
import { App, Button, Image, Space, Typography } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import type { AttachmentPurpose } from '../../domain/file-types';
import { uploadAttachment } from '../api/attachments';
import { ApiError } from '../api/client';
import type { Attachment } from '../api/types';
import { messageOf } from '../lib/errors';
import { shrinkPhoto } from '../lib/shrinkPhoto';
import { useIsMobile } from '../lib/useIsMobile';
import { deleteBlob, putBlob } from '../offline/db';
import { newId } from '../offline/ids';
import { LocalImage } from './LocalImage';

type Props = {
  purpose: AttachmentPurpose;
  schoolId: string | undefined;
  value?: Attachment[];
  onChange?: (files: Attachment[]) => void;
  max?: number;
  /** Accepts PDF scans too (notice replies), not only photos. */
  documents?: boolean;
  /** Files that belong to no school (a premise's photos): upload without a school. */
  noSchool?: boolean;
  /**
   * The clientId of an outbox record (patrol, drill, education, training): the files are kept on
   * the phone under it instead of uploaded now, and the outbox uploads them before the record,
   * so a form with photos can be filled in and submitted without a network.
   */
  keepOnPhone?: string | undefined;
};

/** Shrinks a photo (as uploads do) and keeps it on the phone; the value names it by the blob's id, which becomes its attachment id. */
async function keepFile(file: File, purpose: AttachmentPurpose, schoolId: string, clientId: string): Promise<Attachment> {
  const body = await shrinkPhoto(file);
  const id = newId();
  // A re-encoded photo is a JPEG whatever it was called before.
  const fileName = body === file ? file.name || '照片.jpg' : `${file.name.replace(/\.[^.]*$/, '') || '照片'}.jpg`;
  const type = body.type || file.type || 'application/octet-stream';
  const createdAt = new Date().toISOString();
  try {
    await putBlob({ id, clientId, kind: 'photo', fileName, type, bytes: await body.arrayBuffer(), purpose, schoolId, createdAt });
  } catch {
    throw new ApiError(0, 'LOCAL_STORAGE', '无法保存到本机（存储空间可能已满，或处于无痕模式）');
  }
  return { id, fileName, contentType: type, url: '', sizeBytes: body.size, purpose, createdAt, local: true };
}

/**
 * Photos as evidence, for antd Form (value/onChange). Each photo is uploaded as soon as it is
 * chosen, so a submit only sends ids — or, with `keepOnPhone`, kept on the phone (待上传 with
 * its record) and shown from its bytes. On a phone there are two buttons: 拍照 opens the camera
 * directly (capture), 相册 picks photos taken earlier, which capture would not allow.
 */
export function PhotoUpload({ purpose, schoolId, value = [], onChange, max = 9, documents = false, noSchool = false, keepOnPhone }: Props) {
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [pending, setPending] = useState(0);
  const files = useRef<Attachment[]>(value);
  files.current = value;
  const accept = documents ? 'image/*,application/pdf' : 'image/*';

  const add = async (list: FileList | null) => {
    if (!list || list.length === 0 || (!schoolId && !noSchool)) return;
    const chosen = [...list].slice(0, Math.max(0, max - value.length));
    if (chosen.length < list.length) message.warning(`最多上传 ${max} 个文件`);
    setPending((n) => n + chosen.length);
    for (const file of chosen) {
      try {
        const uploaded = keepOnPhone && schoolId ? await keepFile(file, purpose, schoolId, keepOnPhone) : await uploadAttachment(file, purpose, schoolId);
        // Read the latest list: earlier uploads of this batch have been added meanwhile.
        files.current = [...files.current, uploaded];
        onChange?.(files.current);
      } catch (err) {
        message.error(`${file.name}：${messageOf(err)}`);
      } finally {
        setPending((n) => n - 1);
      }
    }
  };

  const remove = (id: string) => {
    onChange?.(value.filter((f) => f.id !== id));
    if (value.some((f) => f.id === id && f.local)) void deleteBlob(id).catch(() => {});
  };
  const disabled = value.length + pending >= max || (!schoolId && !noSchool);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Space wrap size={8}>
        {value.map((f) => (
          <div key={f.id} style={{ position: 'relative' }} data-testid="photo-thumb">
            {f.local && f.contentType.startsWith('image/') ? (
              <LocalImage id={f.id} alt={f.fileName} />
            ) : f.contentType.startsWith('image/') ? (
              <Image src={f.url} alt={f.fileName} width={80} height={80} style={{ objectFit: 'cover', borderRadius: 4 }} />
            ) : (
              <div
                style={{
                  width: 80,
                  height: 80,
                  display: 'grid',
                  placeItems: 'center',
                  border: '1px solid #d9d9d9',
                  borderRadius: 4,
                  fontSize: 12,
                  overflow: 'hidden',
                }}
              >
                {f.fileName}
              </div>
            )}
            <Button
              size="small"
              shape="circle"
              icon={<CloseOutlined />}
              aria-label={`移除 ${f.fileName}`}
              onClick={() => remove(f.id)}
              style={{ position: 'absolute', top: -8, right: -8 }}
            />
          </div>
        ))}
        {pending > 0 && (
          <div style={{ width: 80, height: 80, display: 'grid', placeItems: 'center', border: '1px dashed #d9d9d9', borderRadius: 4 }}>
            <LoadingOutlined />
          </div>
        )}
      </Space>
      <Space wrap>
        <Picker
          label={isMobile ? '拍照' : documents ? '上传照片或 PDF' : '上传照片'}
          icon={<CameraOutlined />}
          accept={accept}
          capture
          disabled={disabled}
          onFiles={add}
        />
        {isMobile && <Picker label="相册" icon={<PictureOutlined />} accept={accept} capture={false} disabled={disabled} onFiles={add} />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {value.length}/{max}
        </Typography.Text>
      </Space>
    </Space>
  );
}

type PickerProps = { label: string; icon: ReactNode; accept: string; capture: boolean; disabled: boolean; onFiles: (files: FileList | null) => void };

function Picker({ label, icon, accept, capture, disabled, onFiles }: PickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        multiple
        {...(capture ? { capture: 'environment' as const } : {})}
        aria-label={label}
        disabled={disabled}
        style={{ display: 'none' }}
        onChange={(e) => {
          onFiles(e.target.files);
          e.target.value = ''; // the same photo may be chosen again after removing it
        }}
      />
      <Button icon={icon} disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </Button>
    </>
  );
}
