import { useEffect, useId, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { colourCss, type Rgb } from '../state/regionColours';
import type { RgbaImage } from '../worker/protocol';
import { FieldHead } from './FieldHead';
import { floodFill } from './floodFill';
import { toImageData } from './savePng';

/** The painting canvas is at most this large; what it paints is scaled to its picture on commit. */
const WORKING_MAX_SIDE = 1024;
/** Brush diameters offered, in percent of the picture's long side. */
const BRUSH_SIZES = { min: 1, max: 30, initial: 8 } as const;
/** Fill tolerance: how far (RGB distance) the picture's colours may stray from the clicked one. */
const TOLERANCE = { min: 0, max: 160, initial: 40 } as const;
/** Steps that Undo can take back: each holds a copy of the canvas (at most 4 MB). */
const UNDO_DEPTH = 16;

type Tool = 'brush' | 'fill' | 'erase';

interface Point {
  x: number;
  y: number;
}

export interface PaletteColour {
  colour: Rgb;
  /** What it means, for the swatch's name: "painting 1", "style". */
  meaning: string;
}

export interface RegionPainterProps {
  /** The picture painted over, shown under the paint; none for a doodle's empty canvas. */
  picture?: { url: string; image: RgbaImage };
  /** The size of what is painted (the picture's, or the doodle's). */
  size: { width: number; height: number };
  /** The painting as the store holds it now: drawn on the canvas when it changed elsewhere. */
  layer?: RgbaImage;
  /** How the store's picture looks on the canvas. */
  show: (layer: RgbaImage) => ImageData;
  palette: readonly PaletteColour[];
  /** The brush's name: "Brush", or "Paint style" for a mask. */
  brushLabel: string;
  /** The canvas's accessible name. */
  label: string;
  /** Stores what the canvas holds (RGBA, alpha 0 where unpainted); returns the store's picture of it. */
  onCommit: (painted: RgbaImage) => RgbaImage | undefined;
  onDone: () => void;
}

function workingSize({ width, height }: { width: number; height: number }): { width: number; height: number } {
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

/** Draws a picture scaled onto the whole canvas. */
function drawScaled(context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, picture: ImageData, smooth: boolean): void {
  const full = new OffscreenCanvas(picture.width, picture.height);
  full.getContext('2d')!.putImageData(picture, 0, 0);
  context.globalCompositeOperation = 'source-over';
  context.imageSmoothingEnabled = smooth;
  context.imageSmoothingQuality = 'high';
  context.drawImage(full, 0, 0, context.canvas.width, context.canvas.height);
}

/** The painter whose Ctrl+Z it is: the one last used, when two are open. */
let lastUsed: object | undefined;

/** A labelled whole-number slider with its value shown beside the label. */
function RangeField({ label, range, value, shown, valueText, onValue }: { label: string; range: { min: number; max: number }; value: number; shown: string; valueText: string; onValue: (value: number) => void }) {
  const id = useId();
  return (
    <div className="field">
      <FieldHead id={id} label={label} shown={shown} />
      <input id={id} type="range" min={range.min} max={range.max} step={1} value={value} aria-valuetext={valueText} onChange={(event) => onValue(Number(event.currentTarget.value))} />
    </div>
  );
}

/**
 * Paint over a picture (or an empty canvas) with a palette: brush, flood fill, eraser, undo. A mouse,
 * pen or finger paints (pointer events; the canvas takes touches instead of scrolling).
 */
export function RegionPainter({ picture, size, layer, show, palette, brushLabel, label, onCommit, onDone }: RegionPainterProps) {
  const [brushPercent, setBrushPercent] = useState<number>(BRUSH_SIZES.initial);
  const [tolerance, setTolerance] = useState<number>(TOLERANCE.initial);
  const [tool, setTool] = useState<Tool>('brush');
  const [colourIndex, setColourIndex] = useState(0);
  const [undoCount, setUndoCount] = useState(0);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const cursorRef = useRef<HTMLDivElement>(null);
  /** The store's picture this canvas last wrote: redrawing it would only blur the canvas. */
  const committed = useRef<RgbaImage | undefined>(undefined);
  const strokeEnd = useRef<Point | undefined>(undefined);
  const undoStack = useRef<ImageData[]>([]);
  const identity = useRef({});
  const toolId = useId();
  const working = workingSize(size);
  const brushDiameter = (brushPercent / 100) * Math.max(working.width, working.height);
  const colour = palette[Math.min(colourIndex, palette.length - 1)].colour;

  // One context for the canvas's life; read back on every commit, so kept in memory.
  const context = () => canvasRef.current!.getContext('2d', { willReadFrequently: true })!;

  // A picture changed elsewhere (loaded from a file, removed) replaces what the canvas shows.
  useEffect(() => {
    if (layer === committed.current) return;
    committed.current = layer;
    const target = context();
    target.clearRect(0, 0, target.canvas.width, target.canvas.height);
    if (layer) drawScaled(target, show(layer), false);
  }, [layer, show]);

  const commit = () => {
    const target = context();
    const { width, height } = target.canvas;
    committed.current = onCommit({ width, height, data: target.getImageData(0, 0, width, height).data });
  };

  /** Keeps the canvas as it is now for Undo, before a change. */
  const remember = () => {
    lastUsed = identity.current;
    const target = context();
    undoStack.current.push(target.getImageData(0, 0, target.canvas.width, target.canvas.height));
    if (undoStack.current.length > UNDO_DEPTH) undoStack.current.shift();
    setUndoCount(undoStack.current.length);
  };

  const undo = () => {
    const previous = undoStack.current.pop();
    if (!previous) return;
    setUndoCount(undoStack.current.length);
    context().putImageData(previous, 0, 0);
    commit();
  };

  // Ctrl+Z (Cmd+Z) undoes, unless a text field has the keys.
  const undoRef = useRef(undo);
  undoRef.current = undo;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.key.toLowerCase() !== 'z' || lastUsed !== identity.current) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input[type="text"], input[type="number"], textarea')) return;
      event.preventDefault();
      undoRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const paintTo = (from: Point, to: Point) => {
    const target = context();
    target.globalCompositeOperation = tool === 'erase' ? 'destination-out' : 'source-over';
    target.strokeStyle = target.fillStyle = colourCss(colour);
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

  /** The picture under the paint at the canvas's size, for the fill's tolerance. */
  const picturePixels = (): Uint8ClampedArray | undefined => {
    if (!picture) return undefined;
    const scaled = new OffscreenCanvas(working.width, working.height).getContext('2d', { willReadFrequently: true })!;
    drawScaled(scaled, toImageData(picture.image), true);
    return scaled.getImageData(0, 0, working.width, working.height).data;
  };

  const fillAt = (point: Point) => {
    const target = context();
    const { width, height } = target.canvas;
    const paint = target.getImageData(0, 0, width, height);
    if (floodFill({ width, height, paint: paint.data, picture: picturePixels() }, point.x, point.y, [...colour, 255], tolerance) === 0) return;
    remember();
    target.putImageData(paint, 0, 0);
    commit();
  };

  /** The brush outline follows a mouse or pen (a finger hides what it touches anyway). */
  const moveCursor = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const cursor = cursorRef.current;
    if (!cursor) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const diameter = (brushDiameter * rect.width) / event.currentTarget.width;
    cursor.hidden = event.pointerType === 'touch' || tool === 'fill';
    cursor.style.width = cursor.style.height = `${diameter}px`;
    cursor.style.transform = `translate(${event.clientX - rect.left - diameter / 2}px, ${event.clientY - rect.top - diameter / 2}px)`;
  };

  const hideCursor = () => {
    if (cursorRef.current) cursorRef.current.hidden = true;
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const point = canvasPoint(event.currentTarget, event);
    if (tool === 'fill') return fillAt(point);
    remember();
    event.currentTarget.setPointerCapture(event.pointerId);
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
    remember();
    const target = context();
    target.globalCompositeOperation = 'source-over';
    target.fillStyle = colourCss(colour);
    target.fillRect(0, 0, target.canvas.width, target.canvas.height);
    commit();
  };

  const clearAll = () => {
    remember();
    const target = context();
    target.clearRect(0, 0, target.canvas.width, target.canvas.height);
    commit();
  };

  const toolNames: Record<Tool, string> = { brush: brushLabel, fill: 'Fill', erase: 'Erase' };
  const chooseColour = (index: number) => {
    setColourIndex(index);
    if (tool === 'erase') setTool('brush');
  };

  return (
    <div className="mask-painter">
      <div
        className={picture ? 'mask-stage' : 'mask-stage region-stage-blank'}
        style={{ aspectRatio: `${size.width} / ${size.height}` }}
      >
        {picture && <img className="mask-photo" src={picture.url} alt="" />}
        <canvas
          ref={canvasRef}
          className={picture ? 'mask-canvas' : 'mask-canvas region-canvas-opaque'}
          width={working.width}
          height={working.height}
          role="img"
          aria-label={label}
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
          <legend className="visually-hidden">Tool</legend>
          {(['brush', 'fill', 'erase'] as const).map((option) => (
            <label key={option} className="mask-mode-option">
              <input type="radio" name={`${toolId}-tool`} value={option} checked={tool === option} onChange={() => setTool(option)} />
              {toolNames[option]}
            </label>
          ))}
        </fieldset>
        {palette.length > 1 && (
          <div className="region-palette" role="radiogroup" aria-label="Colour">
            {palette.map(({ colour: swatch, meaning }, index) => (
              <button
                key={index}
                type="button"
                role="radio"
                className="region-swatch"
                aria-checked={index === colourIndex}
                aria-label={`Colour ${index + 1}: ${meaning}`}
                title={meaning}
                style={{ background: colourCss(swatch) }}
                onClick={() => chooseColour(index)}
              />
            ))}
          </div>
        )}
        {tool === 'fill' && picture ? (
          <RangeField
            label="Fill tolerance"
            range={TOLERANCE}
            value={tolerance}
            shown={String(tolerance)}
            valueText={`colours up to ${tolerance} apart are filled together`}
            onValue={setTolerance}
          />
        ) : (
          <RangeField
            label="Brush size"
            range={BRUSH_SIZES}
            value={brushPercent}
            shown={`${brushPercent}%`}
            valueText={`${brushPercent}% of the picture's long side`}
            onValue={setBrushPercent}
          />
        )}
        <div className="mask-buttons">
          <button type="button" onClick={undo} disabled={undoCount === 0} aria-keyshortcuts="Control+Z">
            Undo
          </button>
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
