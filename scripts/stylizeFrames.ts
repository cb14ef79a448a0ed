// npm run stylize -- FRAMES/ STYLE OUT/: a clip as a folder of frames, each repainted from the one
// before (Ruder et al.; src/engine/video/), with the long-term term also from frames t−2 and t−4. A
// folder already begun is resumed: its frames are kept, and the next continues from the earlier ones
// written, read back from their files, as an unbroken run would.
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { extname, join, parse } from 'node:path';
import { framesHeldTo, startVideoFrame, type EarlierFrame, type FrameStats, type RunHooks, type StyleInputs, type StyleSettings, type Vgg19 } from '../src/engine';
import { encodePng } from '../src/engine/image/png';
import { readImageFile } from '../src/engine/image/readImageFile';

const FRAME_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];

/** The picture files of a folder, in the order of their names ("frame2" before "frame10"). */
export function frameFiles(dir: string): string[] {
  const names = readdirSync(dir).filter((name) => FRAME_EXTENSIONS.includes(extname(name).toLowerCase()));
  return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Where frame `name`'s result goes: the same name, as PNG. */
const outputFile = (outDir: string, name: string) => join(outDir, `${parse(name).name}.png`);

export interface FramesReport {
  /** Frames found already done in the output folder, and frames written now. */
  kept: number;
  written: number;
  stats: FrameStats[];
}

/** A clip's hooks, and whether its frames are held to frames further back. */
export interface FramesOptions extends RunHooks {
  onFrame?: (index: number, count: number, stats: FrameStats) => void;
  /** Ruder et al.'s long-term temporal term: each frame held to frames t−2 and t−4 too (each two more optical flows). */
  longTerm?: boolean;
}

/**
 * Stylises every frame of `inDir` into `outDir` with the paintings and options of `inputs` and
 * `settings` (their content is each frame). Frames whose result exists are kept, up to the first
 * that is missing; from there each frame continues from the earlier frames and their results,
 * read back from disk where this run did not make them.
 */
export async function stylizeFrames(
  vgg: Vgg19,
  inDir: string,
  outDir: string,
  inputs: Omit<StyleInputs, 'content'>,
  settings: StyleSettings,
  options: FramesOptions = {},
): Promise<FramesReport> {
  const { longTerm = false, ...hooks } = options;
  const names = frameFiles(inDir);
  if (names.length === 0) throw new Error(`${inDir} holds no frames (${FRAME_EXTENSIONS.join(', ')} files)`);
  mkdirSync(outDir, { recursive: true });
  let kept = 0;
  while (kept < names.length && existsSync(outputFile(outDir, names[kept]))) kept++;
  // The earlier frames still needed, by index: those of this run, or read from the folders once.
  const earlier = new Map<number, EarlierFrame>();
  const earlierFrame = async (index: number): Promise<EarlierFrame> => {
    if (!earlier.has(index)) {
      earlier.set(index, { frame: await readImageFile(join(inDir, names[index])), result: await readImageFile(outputFile(outDir, names[index])) });
    }
    return earlier.get(index)!;
  };
  const stats: FrameStats[] = [];
  for (let index = kept; index < names.length; index++) {
    const [previous, ...further] = await Promise.all(framesHeldTo(index, longTerm).map(earlierFrame));
    const frame = await readImageFile(join(inDir, names[index]));
    const { image, stats: frameStats } = await startVideoFrame(vgg, { ...inputs, content: frame }, previous && (longTerm ? { ...previous, further } : previous), settings, hooks).result;
    const out = outputFile(outDir, names[index]);
    // Written whole or not at all: a stopped render never leaves half a frame to resume from.
    writeFileSync(`${out}.part`, encodePng(image));
    renameSync(`${out}.part`, out);
    stats.push(frameStats);
    hooks.onFrame?.(index, names.length, frameStats);
    earlier.set(index, { frame, result: image });
    const oldestNeeded = Math.min(...framesHeldTo(index + 1, longTerm));
    for (const i of [...earlier.keys()]) if (i < oldestNeeded) earlier.delete(i);
  }
  return { kept, written: names.length - kept, stats };
}
