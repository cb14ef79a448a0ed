import { MIN_SCALE_SIZE } from '../settings';

/**
 * Long sides of the multi-scale schedule: `scales` sizes, each twice the one before, ending at
 * `size` (as crowsonkb/style-transfer-pytorch does). Early scales are cheap and settle the
 * large structures; each later one refines the upscaled result of the one before.
 */
export function scaleSizes(size: number, scales: number): number[] {
  const sizes: number[] = [];
  for (let i = scales - 1; i >= 0; i--) {
    const s = Math.round(size / 2 ** i);
    if (s >= Math.min(MIN_SCALE_SIZE, size) && !sizes.includes(s)) sizes.push(s);
  }
  return sizes;
}
