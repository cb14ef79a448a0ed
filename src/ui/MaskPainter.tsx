import { useEffect, useId, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { setPaintedMask, useMaskStore, type MaskImage } from '../state/maskStore';
import type { InputImage } from '../state/store';
import type { RgbaImage } from '../worker/protocol';
import { MASK_TINT_CSS, maskFromAlpha, maskToTint } from './maskPixels';

/** The painting canvas is at most this large; the mask is scaled up to the photo on commit. */
const WORKING_MAX_SIDE = 2048;
/** Brush diameters offered, in percent of the photo's long side. */
const BRUSH_SIZES = { min: 1, max: 30, initial: 8 } as const;

type BrushMode = 'paint' | 'erase';

interface Point {
  x: number;
  y: number;
}

function workingSize({ width, height }: RgbaImage): { width: number; height: number } {
  const scale = Math.min(1, WORKING_MAX_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Where the pointer is on the canvas, in the canvas's own pixels, whatever size it is shown at. */
function canvasPoint(canvas: HTMLCanvasElement, event: { clientX: number; clientY: number }): Point {
  const rect = canvas.getBoundingClientRect();
  return {
    x: ((event.clientX - rect.left) * canvas.width) / rect.width,
    y: ((event.clientY - rect.top) * canvas.height) / rect.height,
  };
}

/** Draws the store's mask as the editor's tint, over whatever the canvas held. */
function showMask(context: CanvasRenderingContext2D, mask: RgbaImage): void {
  const full = new OffscreenCanvas(mask.width, mask.height);
  full.getContext('2d')!.putImageData(maskToTint(mask), 0, 0);
  context.globalCompositeOperation = 'source-over';
  context.imageSmoothingQuality = 'high';
  context.drawImage(full, 0, 0, context.canvas.width, context.canvas.height);
}

/** The photo with the mask tinted over it; the user paints the mask with a brush. */
export function MaskPainter({ photo, onDone }: { photo: InputImage; onDone: () => void }) {
  const mask = useMaskStore((state) => state.mask);
  const [brushPercent, setBrushPercent] = useState<number>(BRUSH_SIZES.initial);
  const [mode, setMode] = useState<BrushMode>('paint');
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  /** The mask this canvas last wrote to the store: redrawing it would only blur the canvas. */
  const committed = useRef<MaskImage | undefined>(undefined);
  /** The last point of the stroke under way, if any. */
  const strokeEnd = useRef<Point | undefined>(undefined);
  const brushId = useId();
  const size = workingSize(photo.image);
  const brushDiameter = (brushPercent / 100) * Math.max(size.width, size.height);

  // One context for the canvas's life; read back on every commit, so kept in memory.
  const context = () => canvasRef.current!.getContext('2d', { willReadFrequently: true })!;

  // A mask changed elsewhere (uploaded, removed) replaces what the canvas shows.
  useEffect(() => {
    if (mask === committed.current) return;
    committed.current = mask;
    const target = context();
    target.clearRect(0, 0, target.canvas.width, target.canvas.height);
    if (mask) showMask(target, mask.image);
  }, [mask]);

  const commit = () => {
    const target = context();
    const { width, height } = target.canvas;
    setPaintedMask(maskFromAlpha(target.getImageData(0, 0, width, height).data, width, height));
    committed.current = useMaskStore.getState().mask;
  };

  const paintTo = (from: Point, to: Point) => {
    const target = context();
    target.globalCompositeOperation = mode === 'paint' ? 'source-over' : 'destination-out';
    target.strokeStyle = target.fillStyle = MASK_TINT_CSS;
    target.lineWidth = brushDiameter;
    target.lineCap = target.lineJoin = 'round';
    target.beginPath();
    if (from.x === to.x && from.y === to.y) {
      target.arc(to.x, to.y, brushDiameter / 2, 0, 2 * Math.PI);
      target.fill();
    } else {
      target.moveTo(from.x, from.y);
      target.lineTo(to.x, to.y);
      target.stroke();
    }
  };

  /** The brush outline follows a mouse or pen (a finger hides what it touches anyway). */
  const moveCursor = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const cursor = cursorRef.current;
    if (!cursor) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const diameter = (brushDiameter * rect.width) / event.currentTarget.width;
    cursor.hidden = event.pointerType === 'touch';
    cursor.style.width = cursor.style.height = `${diameter}px`;
    cursor.style.transform = `translate(${event.clientX - rect.left - diameter / 2}px, ${event.clientY - rect.top - diameter / 2}px)`;
  };

  const hideCursor = () => {
    if (cursorRef.current) cursorRef.current.hidden = true;
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const point = canvasPoint(event.currentTarget, event);
    paintTo(point, point);
    strokeEnd.current = point;
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    moveCursor(event);
    if (!strokeEnd.current) return;
    // Coalesced events keep fast strokes smooth where the browser batches pointer moves.
    const coalesced = event.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const move of coalesced.length > 0 ? coalesced : [event.nativeEvent]) {
      const point = canvasPoint(event.currentTarget, move);
      paintTo(strokeEnd.current, point);
      strokeEnd.current = point;
    }
  };

  const endStroke = () => {
    if (!strokeEnd.current) return;
    strokeEnd.current = undefined;
    commit();
  };

  const fillAll = () => {
    const target = context();
    target.globalCompositeOperation = 'source-over';
    target.fillStyle = MASK_TINT_CSS;
    target.fillRect(0, 0, target.canvas.width, target.canvas.height);
    commit();
  };

  const clearAll = () => {
    const target = context();
    target.clearRect(0, 0, target.canvas.width, target.canvas.height);
    commit();
  };

  return (
    <div className="mask-painter">
      <div className="mask-stage" style={{ aspectRatio: `${photo.image.width} / ${photo.image.height}` }}>
        <img className="mask-photo" src={photo.previewUrl} alt="" />
        <canvas
          ref={canvasRef}
          className="mask-canvas"
          width={size.width}
          height={size.height}
          role="img"
          aria-label="Mask painting area: drag over the photo to paint where the style applies (tinted red)"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endStroke}
          onPointerCancel={endStroke}
          onPointerLeave={hideCursor}
        />
        <div ref={cursorRef} className="mask-cursor" hidden aria-hidden="true" />
      </div>
      <div className="mask-tools">
        <fieldset className="mask-mode">
          <legend className="visually-hidden">Brush mode</legend>
          {(['paint', 'erase'] as const).map((option) => (
            <label key={option} className="mask-mode-option">
              <input type="radio" name={`${brushId}-mode`} value={option} checked={mode === option} onChange={() => setMode(option)} />
              {option === 'paint' ? 'Paint style' : 'Erase'}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <div className="field-head">
            <label htmlFor={brushId}>Brush size</label>
            <output htmlFor={brushId} className="field-value">
              {brushPercent}%
            </output>
          </div>
          <input
            id={brushId}
            type="range"
            min={BRUSH_SIZES.min}
            max={BRUSH_SIZES.max}
            step={1}
            value={brushPercent}
            aria-valuetext={`${brushPercent}% of the photo's long side`}
            onChange={(event) => setBrushPercent(Number(event.currentTarget.value))}
          />
        </div>
        <div className="mask-buttons">
          <button type="button" onClick={fillAll}>
            Fill all
          </button>
          <button type="button" onClick={clearAll}>
            Clear
          </button>
          <button type="button" onClick={onDone}>
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
