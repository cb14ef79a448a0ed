import type { Size } from './schedule';

/** A rectangle of the image, in pixels. */
export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Tiles overlap by this fraction of the tile size, so that their seams can be blended. */
const OVERLAP = 1 / 8;

/** Evenly spaced starts of `count` tiles of length `tile` that cover `length`. */
function starts(length: number, tile: number): number[] {
  if (tile >= length) return [0];
  const count = Math.ceil((length - tile * OVERLAP) / (tile * (1 - OVERLAP)));
  return Array.from({ length: count }, (_, i) => Math.round((i * (length - tile)) / (count - 1)));
}

/**
 * Overlapping tiles of at most `tileSize`×`tileSize` that cover the image, row by row.
 * An image that fits in one tile is one tile.
 */
export function tileLayout({ width, height }: Size, tileSize: number): Tile[] {
  const tileWidth = Math.min(tileSize, width);
  const tileHeight = Math.min(tileSize, height);
  return starts(height, tileHeight).flatMap((y) =>
    starts(width, tileWidth).map((x) => ({ x, y, width: tileWidth, height: tileHeight })),
  );
}

/** Weight of a 1-D ramp that rises from 0 to 1 across `overlap` pixels from the start. */
const ramp = (i: number, overlap: number) => (overlap > 0 ? Math.min(1, (i + 0.5) / overlap) : 1);

/**
 * Pastes `tile` (RGB, row by row) into `canvas` (RGB of `size`). Where the tile overlaps tiles
 * pasted before it (those above and to the left, in layout order) it fades in linearly, so
 * no seam shows.
 */
export function blendTile(canvas: Float32Array, size: Size, tile: Tile, pixels: ArrayLike<number>, done: Tile[]): void {
  const overlapLeft = Math.max(0, ...done.filter((t) => t.y === tile.y && t.x < tile.x).map((t) => t.x + t.width - tile.x));
  const overlapTop = Math.max(0, ...done.filter((t) => t.y < tile.y).map((t) => t.y + t.height - tile.y));
  for (let row = 0; row < tile.height; row++) {
    const wy = ramp(row, overlapTop);
    for (let col = 0; col < tile.width; col++) {
      const alpha = wy * ramp(col, overlapLeft);
      const src = (row * tile.width + col) * 3;
      const dst = ((tile.y + row) * size.width + tile.x + col) * 3;
      for (let k = 0; k < 3; k++) canvas[dst + k] += alpha * (pixels[src + k] - canvas[dst + k]);
    }
  }
}

/** The pixels of `tile` cut out of `canvas`. */
export function cropTile(canvas: Float32Array, size: Size, tile: Tile, channels = 3): Float32Array {
  const out = new Float32Array(tile.width * tile.height * channels);
  for (let row = 0; row < tile.height; row++) {
    const start = ((tile.y + row) * size.width + tile.x) * channels;
    out.set(canvas.subarray(start, start + tile.width * channels), row * tile.width * channels);
  }
  return out;
}
