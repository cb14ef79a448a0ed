// Before/after over the result: the photo left of a divider that the user drags (or moves with the arrow keys),
// the result right of it. Drawn on its own canvas above the result canvas, which keeps showing the pure result.
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import type { Size } from '../state/store';
import type { RgbaImage } from '../worker/protocol';
import { toImageData } from './savePng';
import { useElementSize } from './useElementSize';

/** Where a picture of `picture`'s shape sits in `box` when scaled to fit, as the result canvas (object-fit: contain) is. */
function containedRect(box: Size, picture: Size): Size & { left: number; top: number } {
  const scale = Math.min(box.width / picture.width, box.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  return { left: (box.width - width) / 2, top: (box.height - height) / 2, width, height };
}

export function CompareSlider({ photo, frameSize }: { photo: RgbaImage; frameSize: Size }) {
  const [percent, setPercent] = useState(50);
  const box = useRef<HTMLDivElement>(null);
  const boxSize = useElementSize(box);
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width, height } = frameSize;

  // The photo at the frame's size, so that it lines up pixel for pixel with the result (which changes size between scales).
  useEffect(() => {
    let current = true;
    void createImageBitmap(toImageData(photo), { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' }).then(
      (bitmap) => {
        const target = canvas.current;
        if (current && target) {
          target.width = width;
          target.height = height;
          const context = target.getContext('2d')!;
          // Transparent parts of the photo on white, as the engine sees them (imageToTensor).
          context.fillStyle = '#fff';
          context.fillRect(0, 0, width, height);
          context.drawImage(bitmap, 0, 0);
        }
        bitmap.close();
      },
    );
    return () => {
      current = false;
    };
  }, [photo, width, height]);

  // The overlay covers exactly the picture, not the letterbox around it, so the divider's percent is the picture's.
  const frameStyle = { ...(boxSize && containedRect(boxSize, frameSize)), '--divider': `${percent}%` } as CSSProperties;
  return (
    <div ref={box} className="compare">
      <div className="compare-frame" style={frameStyle}>
        <canvas ref={canvas} className="compare-photo" aria-hidden="true" />
        <input
          type="range"
          className="compare-range"
          min={0}
          max={100}
          value={percent}
          onChange={(event) => setPercent(Number(event.target.value))}
          aria-label="Before/after divider"
          aria-valuetext={`${percent}% photo, ${100 - percent}% result`}
        />
        <div className="compare-divider" aria-hidden="true">
          <span className="compare-handle" />
        </div>
        <span className="compare-tag compare-tag-before" aria-hidden="true">
          Photo
        </span>
        <span className="compare-tag compare-tag-after" aria-hidden="true">
          Result
        </span>
      </div>
    </div>
  );
}
