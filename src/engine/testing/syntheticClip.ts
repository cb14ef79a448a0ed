// A clip with known motion, made from one photo: the camera pans across it while a square cut from
// elsewhere in the photo moves over it, so the true flow and where it holds are known exactly.
import type { RgbaImage } from '../image/image';
import type { Size } from '../image/size';

export interface ClipMotion {
  /** The camera's move a frame, in pixels: the scene slides the other way. */
  pan: { x: number; y: number };
  /** The square's move a frame, in pixels, and its side. */
  object: { x: number; y: number; side: number };
}

export interface SyntheticClip {
  frames: RgbaImage[];
  /** For each frame from the second on, the true flow to the frame before ([u, v] a pixel, row by row). */
  backwardFlows: Float32Array[];
  /** For each frame from the second on, 1 where the pixel was seen in the frame before, else 0. */
  visible: Float32Array[];
  /** The true flow from frame t to frame t − back, and where frame t − back shows the pixel (hidden in between or not). */
  flowBack(t: number, back: number): { flow: Float32Array; visible: Float32Array };
}

export const DEFAULT_MOTION: ClipMotion = { pan: { x: 3, y: 1 }, object: { x: -4, y: 3, side: 0 } };

/** `count` frames of `size` cut from `photo`, which must be larger than the frame plus the pan. */
export function syntheticClip(photo: RgbaImage, size: Size, count: number, motion: ClipMotion = DEFAULT_MOTION): SyntheticClip {
  const { pan, object } = motion;
  const side = object.side || Math.round(Math.min(size.width, size.height) / 4);
  const span = { x: Math.abs(pan.x) * (count - 1), y: Math.abs(pan.y) * (count - 1) };
  if (photo.width < size.width + span.x + side || photo.height < size.height + span.y + side) throw new Error('The photo is too small for the clip');
  const camera = (t: number) => ({ x: (pan.x < 0 ? span.x : 0) + pan.x * t, y: (pan.y < 0 ? span.y : 0) + pan.y * t });
  // The square moves across the middle; its picture comes from the photo's right edge, half way down.
  const square = (t: number) => ({
    x: Math.round((size.width - side - object.x * (count - 1)) / 2) + object.x * t,
    y: Math.round((size.height - side - object.y * (count - 1)) / 2) + object.y * t,
  });
  const source = { x: photo.width - side, y: Math.round((photo.height - side) / 2) };
  const inSquare = (t: number, x: number, y: number) => {
    const s = square(t);
    return x >= s.x && x < s.x + side && y >= s.y && y < s.y + side;
  };
  const flowBack = (t: number, back: number) => {
    const flow = new Float32Array(size.width * size.height * 2);
    const seen = new Float32Array(size.width * size.height);
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        const onSquare = inSquare(t, x, y);
        const [u, v] = onSquare ? [-object.x * back, -object.y * back] : [pan.x * back, pan.y * back];
        const p = y * size.width + x;
        flow[2 * p] = u;
        flow[2 * p + 1] = v;
        const [bx, by] = [x + u, y + v];
        const inFrame = bx >= 0 && bx <= size.width - 1 && by >= 0 && by <= size.height - 1;
        // A background pixel is hidden in the earlier frame if the square covered where it came from.
        seen[p] = inFrame && (onSquare || !inSquare(t - back, bx, by)) ? 1 : 0;
      }
    }
    return { flow, visible: seen };
  };
  const frames: RgbaImage[] = [];
  const backwardFlows: Float32Array[] = [];
  const visible: Float32Array[] = [];
  for (let t = 0; t < count; t++) {
    const data = new Uint8ClampedArray(size.width * size.height * 4);
    const c = camera(t);
    const s = square(t);
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        const onSquare = inSquare(t, x, y);
        const sx = onSquare ? source.x + x - s.x : c.x + x;
        const sy = onSquare ? source.y + y - s.y : c.y + y;
        const from = (sy * photo.width + sx) * 4;
        const to = (y * size.width + x) * 4;
        for (let k = 0; k < 4; k++) data[to + k] = photo.data[from + k];
      }
    }
    frames.push({ width: size.width, height: size.height, data });
    if (t > 0) {
      const { flow, visible: seen } = flowBack(t, 1);
      backwardFlows.push(flow);
      visible.push(seen);
    }
  }
  return { frames, backwardFlows, visible, flowBack };
}
