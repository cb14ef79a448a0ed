// The Node benchmark's pictures. Here (npm run bench) the demo JPEGs are decoded as npm run stylize
// decodes them, with sharp; on the GPU machine (scripts/gpu-check.sh) they come decoded ahead as PNG,
// for the bench bundled there carries no sharp, whose native libvips would not travel (gpuCheckStage.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_CONTENT, BENCH_STYLE, QUALITY_PAIRS } from '../src/engine/benchmark/benchmarkSuite';
import type { RgbaImage } from '../src/engine/image/image';
import { decodePng } from '../src/engine/image/png';

/** Every picture the benchmark reads from demo/. */
export const BENCH_PICTURES = [...new Set([BENCH_CONTENT, BENCH_STYLE, ...QUALITY_PAIRS.flatMap(({ content, style }) => [content, style])])];

/** A demo picture decoded ahead: FILE.png beside FILE. */
export const decodedPicturePath = (demoDir: string, file: string) => join(demoDir, `${file}.png`);

/** readBenchPicture's import of sharp's module, as written there: the bundle leaves it out by this name. */
export const READ_IMAGE_FILE = '../src/engine/image/readImageFile';

/** A demo picture as RGBA: its copy decoded ahead where there is one, else decoded here with sharp. */
export async function readBenchPicture(demoDir: string, file: string): Promise<RgbaImage> {
  const decoded = decodedPicturePath(demoDir, file);
  if (existsSync(decoded)) return decodePng(await readFile(decoded));
  const { readImageFile } = await import('../src/engine/image/readImageFile');
  return readImageFile(join(demoDir, file));
}
