import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import SignaturePadLib from 'signature_pad';

type Props = {
  /** Called with the signature as a PNG when the signer confirms. */
  onConfirm: (png: Blob) => void | Promise<void>;
  onCancel?: () => void;
  height?: number;
  confirmLabel?: string;
  disabled?: boolean;
};

/**
 * Signing on the screen with a finger (signature_pad: smoothed, pressure-like strokes). The
 * canvas is sized in device pixels so the line stays sharp on a phone, and re-sized (which
 * clears it) only when its width really changes: a phone's address bar showing or hiding
 * fires resize events that must not wipe a signature.
 */
export function SignaturePad({ onConfirm, onCancel, height = 180, confirmLabel = '确认签名', disabled = false }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePadLib | null>(null);
  const [empty, setEmpty] = useState(true);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // A white background: the PNG is printed on paper records, where transparency turns black in some viewers.
    const pad = new SignaturePadLib(canvas, { backgroundColor: '#ffffff', penColor: '#111111', minWidth: 0.8, maxWidth: 2.6 });
    padRef.current = pad;
    let width = 0;
    const resize = () => {
      const w = canvas.offsetWidth;
      if (w === 0 || w === width) return;
      width = w;
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      canvas.width = w * ratio;
      canvas.height = height * ratio;
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      setEmpty(true);
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    const onEnd = () => setEmpty(pad.isEmpty());
    pad.addEventListener('endStroke', onEnd);
    return () => {
      observer.disconnect();
      pad.removeEventListener('endStroke', onEnd);
      pad.off();
      padRef.current = null;
    };
  }, [height]);

  useEffect(() => {
    const pad = padRef.current;
    if (!pad) return;
    if (disabled) pad.off();
    else pad.on();
  }, [disabled]);

  const clear = () => {
    padRef.current?.clear();
    setEmpty(true);
  };

  const confirm = async () => {
    const canvas = canvasRef.current;
    if (!canvas || !padRef.current || padRef.current.isEmpty()) return;
    setSaving(true);
    try {
      const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (png) await onConfirm(png);
      clear();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <div style={{ position: 'relative' }}>
        <canvas
          ref={canvasRef}
          data-testid="signature-canvas"
          aria-label="签名区域"
          style={{ width: '100%', height, display: 'block', border: '1px dashed #bfbfbf', borderRadius: 6, background: '#fff', touchAction: 'none' }}
        />
        {empty && (
          <Typography.Text type="secondary" style={{ position: 'absolute', left: 12, top: 8, pointerEvents: 'none' }}>
            请在此处手写签名
          </Typography.Text>
        )}
      </div>
      <Space wrap>
        <Button type="primary" disabled={empty || disabled} loading={saving} onClick={confirm}>
          {confirmLabel}
        </Button>
        <Button disabled={empty || disabled} onClick={clear}>
          重写
        </Button>
        {onCancel && <Button onClick={onCancel}>取消</Button>}
      </Space>
    </Space>
  );
}
