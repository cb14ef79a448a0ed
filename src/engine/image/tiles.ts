import * as tf from '@tensorflow/tfjs';
import type { Size } from './size';

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

/**
 * Where `tile` starts: the painted canvas where finished tiles cover it, the scale's start image
 * where none does yet, and a linear fade from one to the other across each finished tile's
 * overlap with the tiles to come. Without the fade a tile would start with a hard edge where the
 * one before it ended (its border against unpainted pixels) and keep it as a seam.
 */
export function tileStart(canvas: Float32Array, initial: Float32Array, size: Size, tile: Tile, done: Tile[], all: Tile[]): Float32Array {
  const toCome = all.filter((t) => !done.includes(t));
  const faded = done.map((d) => ({
    tile: d,
    right: Math.max(0, ...toCome.filter((t) => t.y === d.y && t.x > d.x).map((t) => d.x + d.width - t.x)),
    bottom: Math.max(0, ...toCome.filter((t) => t.y > d.y && t.x < d.x + d.width && t.x + t.width > d.x).map((t) => d.y + d.height - t.y)),
  }));
  const out = new Float32Array(tile.width * tile.height * 3);
  for (let row = 0; row < tile.height; row++) {
    const y = tile.y + row;
    for (let col = 0; col < tile.width; col++) {
      const x = tile.x + col;
      let cover = 0;
      for (const { tile: d, right, bottom } of faded) {
        if (x < d.x || x >= d.x + d.width || y < d.y || y >= d.y + d.height) continue;
        // The same ramp as blendTile's, run from the edge that a tile to come overlaps.
        cover = Math.max(cover, ramp(d.x + d.width - 1 - x, right) * ramp(d.y + d.height - 1 - y, bottom));
      }
      const src = (y * size.width + x) * 3;
      const dst = (row * tile.width + col) * 3;
      for (let k = 0; k < 3; k++) out[dst + k] = initial[src + k] + cover * (canvas[src + k] - initial[src + k]);
    }
  }
  return out;
}

/** The part of `image` ([1, h, w, c]) under `tile`. */
export function cropTile(image: tf.Tensor4D, tile: Tile): tf.Tensor4D {
  return tf.slice(image, [0, tile.y, tile.x, 0], [1, tile.height, tile.width, image.shape[3]]);
}
