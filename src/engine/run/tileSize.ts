import { largestTileFitting, maxBufferBytes } from '../device/deviceLimits';
import type { Size } from '../image/size';
import type { StyleSettings } from '../settings';
import { planRun } from './plan';

/**
 * The tile size a run uses: the settings' own, or smaller where the GPU cannot bind a buffer as
 * large as a tile's widest activation (said once, before the run starts, rather than failing in it).
 */
export function tileSizeForDevice(content: Size, settings: StyleSettings, onNotice?: (message: string) => void): number {
  const limit = maxBufferBytes();
  const fitting = largestTileFitting(limit);
  if (fitting >= settings.tileSize) return settings.tileSize;
  const largest = planRun(content, settings).at(-1)!.size;
  if (Math.max(largest.width, largest.height) > fitting) {
    onNotice?.(`This GPU binds at most ${Math.round(limit / 2 ** 20)} MB in one buffer, so sizes above ${fitting} px go in tiles of ${fitting} px.`);
  }
  return fitting;
}
