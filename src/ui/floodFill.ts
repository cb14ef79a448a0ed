// The painter's flood fill: from a point, over the paint of the same kind and, where a picture lies under the
// paint, over the picture's pixels of a like colour (a sky, a lake), so that one click fills what the eye sees as one.

/** Paint counts as the same within this RGB distance (anti-aliased brush edges are a little off). */
const SAME_PAINT = 60;

export interface FillLayers {
  width: number;
  height: number;
  /** The paint, RGBA: changed in place. */
  paint: Uint8ClampedArray;
  /** The picture under the paint, RGBA at the same size, if any. */
  picture?: Uint8ClampedArray;
}

const painted = (data: Uint8ClampedArray, p: number) => data[p + 3] >= 128;

/**
 * Fills from (x, y) with `colour` (RGBA) every pixel joined to it (4-neighbours) whose paint is like
 * the start's (both unpainted, or painted in a near colour) and whose picture colour is within
 * `tolerance` (RGB distance) of the start's. Returns how many pixels it filled.
 */
export function floodFill({ width, height, paint, picture }: FillLayers, x: number, y: number, colour: readonly number[], tolerance: number): number {
  const start = Math.floor(y) * width + Math.floor(x);
  if (x < 0 || y < 0 || x >= width || y >= height) return 0;
  const s = start * 4;
  const startPainted = painted(paint, s);
  const startPaint = paint.slice(s, s + 4);
  const startPicture = picture?.slice(s, s + 4);
  const like = (q: number) => {
    const p = q * 4;
    if (painted(paint, p) !== startPainted) return false;
    if (startPainted && (paint[p] - startPaint[0]) ** 2 + (paint[p + 1] - startPaint[1]) ** 2 + (paint[p + 2] - startPaint[2]) ** 2 > SAME_PAINT ** 2) return false;
    if (picture && startPicture) {
      const d = (picture[p] - startPicture[0]) ** 2 + (picture[p + 1] - startPicture[1]) ** 2 + (picture[p + 2] - startPicture[2]) ** 2;
      if (d > tolerance * tolerance) return false;
    }
    return true;
  };
  const seen = new Uint8Array(width * height);
  const stack = [start];
  seen[start] = 1;
  let filled = 0;
  while (stack.length > 0) {
    const q = stack.pop()!;
    if (!like(q)) continue;
    paint.set(colour, q * 4);
    filled++;
    const qx = q % width;
    for (const n of [qx > 0 ? q - 1 : -1, qx < width - 1 ? q + 1 : -1, q - width, q + width]) {
      if (n < 0 || n >= width * height || seen[n]) continue;
      seen[n] = 1;
      stack.push(n);
    }
  }
  return filled;
}
