import { useEffect, useRef } from 'react';
import type { RgbaImage } from '../worker/protocol';
import { toImageData } from './savePng';

/** Long side of the thumbnail's pixels: twice its displayed size, for sharp high-DPI screens. */
const THUMBNAIL_SIDE = 192;

/** The mask as it is: white where the style applies, black where the photo stays. */
export function MaskThumbnail({ mask }: { mask: RgbaImage }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(mask.width, mask.height));
  const width = Math.max(1, Math.round(mask.width * scale));
  const height = Math.max(1, Math.round(mask.height * scale));

  useEffect(() => {
    const full = new OffscreenCanvas(mask.width, mask.height);
    full.getContext('2d')!.putImageData(toImageData(mask), 0, 0);
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.imageSmoothingQuality = 'high';
    context.drawImage(full, 0, 0, width, height);
  }, [mask, width, height]);

  return (
    <canvas
      ref={canvas}
      className="mask-thumbnail"
      width={width}
      height={height}
      role="img"
      aria-label="The current mask: white where the style applies, black where the photo stays"
    />
  );
}
