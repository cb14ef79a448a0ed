// What the result canvas shows, read the same way by every browser test.
import type { Page } from '@playwright/test';

/** A hash of the pixels on the result canvas, or undefined while it shows nothing (hidden or blank). */
export function canvasHash(page: Page): Promise<string | undefined> {
  return page.locator('canvas.stage-canvas').evaluate((canvas: HTMLCanvasElement) => {
    if (canvas.hidden) return undefined;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    // Results are opaque: a canvas of transparent pixels lost its picture.
    if (pixels.every((value) => value === 0)) return undefined;
    let hash = 2166136261;
    for (const value of pixels) hash = Math.imul(hash ^ value, 16777619);
    return `${canvas.width}x${canvas.height}:${hash >>> 0}`;
  });
}
