import { LoadingOutlined } from '@ant-design/icons';
import { Image } from 'antd';
import { useEffect, useState } from 'react';
import { blobOf, getBlob } from '../offline/db';

/** A photo or signature kept on the phone, shown from its bytes (object URL, released on unmount). */
export function LocalImage({ id, size = 80, alt }: { id: string; size?: number; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let href: string | null = null;
    let live = true;
    getBlob(id)
      .then((b) => {
        if (!live) return;
        if (!b) return setMissing(true);
        href = URL.createObjectURL(blobOf(b));
        setUrl(href);
      })
      .catch(() => live && setMissing(true));
    return () => {
      live = false;
      if (href) URL.revokeObjectURL(href);
    };
  }, [id]);
  const box = { width: size, height: size, borderRadius: 4, border: '1px solid #f0f0f0' };
  if (missing) return <div style={{ ...box, display: 'grid', placeItems: 'center', fontSize: 12, color: '#999' }}>已上传</div>;
  if (!url)
    return (
      <div style={{ ...box, display: 'grid', placeItems: 'center' }}>
        <LoadingOutlined />
      </div>
    );
  return <Image src={url} alt={alt} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 4 }} />;
}
