// Where a render's frames live on the device, by name, whichever storage holds them.

/** Holds PNG frames by number for one render. */
export interface FrameFiles {
  put(index: number, png: Blob): Promise<void>;
  get(index: number): Promise<Blob | undefined>;
  /** The numbers of the frames kept, in any order. */
  indices(): Promise<number[]>;
  /** Forgets the render's frames. */
  clear(): Promise<void>;
}

/** The folder (OPFS) or database (IndexedDB) every render's frames go in. */
export const RENDERS_ROOT = 'video-renders';

const DIGITS = 6;

/** "frame-000042.png": sorted by name is sorted by number. */
export const frameFileName = (index: number): string => `frame-${String(index).padStart(DIGITS, '0')}.png`;

/** The number in a frame's file name; undefined for any other file, such as a write the browser left unfinished. */
export function frameIndexOf(fileName: string): number | undefined {
  const match = /^frame-(\d+)\.png$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** Where a render resumes: the first frame not yet kept. */
export function firstMissingFrame(indices: Iterable<number>): number {
  const done = new Set(indices);
  let next = 0;
  while (done.has(next)) next++;
  return next;
}
