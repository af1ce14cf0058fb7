import { useEffect, useRef } from 'react';
import QRCode from 'qrcode';

/** An otpauth:// URI as a QR code, drawn on a canvas (no inline image or script, CSP-friendly). */
export function QrCode({ value, label }: { value: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) void QRCode.toCanvas(canvas.current, value, { width: 200, margin: 1 });
  }, [value]);
  return <canvas ref={canvas} role="img" aria-label={label} data-testid="totp-qr" width={200} height={200} />;
}
