import { CameraOutlined, CloseOutlined, LoadingOutlined, PictureOutlined } from '@ant-design/icons';
import { App, Button, Space, Typography } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { LocalImage } from '../../components/LocalImage';
import { shrinkPhoto } from '../../lib/shrinkPhoto';
import { useIsMobile } from '../../lib/useIsMobile';
import { deleteBlob, putBlob } from '../../offline/db';
import { newId } from '../../offline/ids';

/** Kept here too: the inspection pages import it from this module. */
export { LocalImage };

type Props = {
  clientId: string;
  value: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
  max?: number;
};

/**
 * Photos of a failed item, kept on the phone until sync uploads them: shrunk to a sensible size
 * first (a rural uplink), stored as bytes in IndexedDB. 拍照 opens the camera, 相册 picks earlier photos.
 */
export function LocalPhotos({ clientId, value, onChange, disabled = false, max = 10 }: Props) {
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [pending, setPending] = useState(0);
  const ids = useRef(value);
  ids.current = value;

  const add = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const chosen = [...list].slice(0, Math.max(0, max - value.length));
    if (chosen.length < list.length) message.warning(`每项最多 ${max} 张照片`);
    setPending((n) => n + chosen.length);
    for (const file of chosen) {
      try {
        const body = await shrinkPhoto(file);
        const id = newId();
        const fileName = body === file ? file.name || '照片.jpg' : `${file.name.replace(/\.[^.]*$/, '') || '照片'}.jpg`;
        await putBlob({
          id,
          clientId,
          kind: 'photo',
          fileName,
          type: body.type || file.type,
          bytes: await body.arrayBuffer(),
          createdAt: new Date().toISOString(),
        });
        ids.current = [...ids.current, id];
        onChange(ids.current);
      } catch {
        message.error(`${file.name}：无法保存到本机（存储空间可能已满）`);
      } finally {
        setPending((n) => n - 1);
      }
    }
  };

  const remove = (id: string) => {
    onChange(value.filter((x) => x !== id));
    void deleteBlob(id).catch(() => {});
  };

  const full = value.length + pending >= max;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {(value.length > 0 || pending > 0) && (
        <Space wrap size={8}>
          {value.map((id, n) => (
            <div key={id} style={{ position: 'relative' }} data-testid="photo-thumb">
              <LocalImage id={id} alt={`照片 ${n + 1}`} />
              {!disabled && (
                <Button
                  size="small"
                  shape="circle"
                  icon={<CloseOutlined />}
                  aria-label={`移除照片 ${n + 1}`}
                  onClick={() => remove(id)}
                  style={{ position: 'absolute', top: -8, right: -8 }}
                />
              )}
            </div>
          ))}
          {pending > 0 && (
            <div style={{ width: 80, height: 80, display: 'grid', placeItems: 'center', border: '1px dashed #d9d9d9', borderRadius: 4 }}>
              <LoadingOutlined />
            </div>
          )}
        </Space>
      )}
      {!disabled && (
        <Space wrap>
          <Picker label={isMobile ? '拍照' : '上传照片'} icon={<CameraOutlined />} capture disabled={full} onFiles={add} />
          {isMobile && <Picker label="相册" icon={<PictureOutlined />} capture={false} disabled={full} onFiles={add} />}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {value.length}/{max}
          </Typography.Text>
        </Space>
      )}
    </Space>
  );
}

type PickerProps = { label: string; icon: ReactNode; capture: boolean; disabled: boolean; onFiles: (files: FileList | null) => void };

function Picker({ label, icon, capture, disabled, onFiles }: PickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        {...(capture ? { capture: 'environment' as const } : {})}
        aria-label={label}
        disabled={disabled}
        style={{ display: 'none' }}
        onChange={(e) => {
          void onFiles(e.target.files);
          e.target.value = '';
        }}
      />
      <Button icon={icon} disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </Button>
    </>
  );
}
