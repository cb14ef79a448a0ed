// The finished frames of a render, kept on the device as they are painted, so that a reload or a crash
// resumes at the next frame instead of the first. OPFS where the browser writes files, else IndexedDB.
import type { RgbaImage } from '../engine/image/image';
import { firstMissingFrame, type FrameFiles } from './frameFiles';
import { frameToPng, pngToFrame } from './framePng';
import { indexedDbFrames, indexedDbRenders, removeIndexedDbRender } from './indexedDbFrames';
import { hasOpfs, opfsFrames, opfsRenders, removeEmptyOpfsRenders, removeOpfsRender } from './opfsFrames';

export type FrameStorage = 'opfs' | 'indexeddb';

/** Where this browser keeps frames: OPFS where it writes files, else IndexedDB. */
export const frameStorage = (): FrameStorage => (hasOpfs() ? 'opfs' : 'indexeddb');

export class VideoFrameStore {
  private constructor(
    readonly renderId: string,
    readonly storage: FrameStorage,
    private readonly files: FrameFiles,
  ) {}

  /** The store of one render (see renderId.ts); `storage` forces one kind, for the tests. */
  static async open(renderId: string, storage: FrameStorage = frameStorage()): Promise<VideoFrameStore> {
    // An hour of work should not be evicted when the disk fills: asks the browser to keep it (it may say no).
    if (navigator.storage?.persisted && !(await navigator.storage.persisted())) await navigator.storage.persist().catch(() => false);
    const files = storage === 'opfs' ? await opfsFrames(renderId) : await indexedDbFrames(renderId);
    return new VideoFrameStore(renderId, storage, files);
  }

  /** The renders with frames kept in `storage`. */
  static renders(storage: FrameStorage = frameStorage()): Promise<string[]> {
    return storage === 'opfs' ? opfsRenders() : indexedDbRenders();
  }

  /** Deletes the frames of every render but `keep` (all of them without it): renders nobody can reach take no disk. */
  static async removeRendersBut(keep: string | undefined, storage: FrameStorage = frameStorage()): Promise<void> {
    const remove = storage === 'opfs' ? removeOpfsRender : removeIndexedDbRender;
    for (const renderId of await VideoFrameStore.renders(storage)) if (renderId !== keep) await remove(renderId);
  }

  /**
   * Deletes the renders that hold no frame: folders made before their first frame by earlier
   * versions of the app, or whose only frame a crash left unwritten. IndexedDB has none: its
   * renders are the keys of their frames.
   */
  static async removeEmptyRenders(storage: FrameStorage = frameStorage()): Promise<void> {
    if (storage === 'opfs') await removeEmptyOpfsRenders();
  }

  async save(index: number, frame: RgbaImage): Promise<void> {
    await this.files.put(index, await frameToPng(frame));
  }

  async load(index: number): Promise<RgbaImage | undefined> {
    const png = await this.files.get(index);
    return png && pngToFrame(png);
  }

  /** The numbers of the frames kept, ascending. */
  async doneFrames(): Promise<number[]> {
    return (await this.files.indices()).sort((a, b) => a - b);
  }

  /** The frame a render resumes at. */
  async nextFrame(): Promise<number> {
    return firstMissingFrame(await this.files.indices());
  }

  /** Frames 0 to count - 1 in order, for the encoder; fails on a missing one. */
  async *frames(count: number): AsyncGenerator<RgbaImage> {
    for (let index = 0; index < count; index++) {
      const frame = await this.load(index);
      if (!frame) throw new Error(`frame ${index} of ${count} is not stored`);
      yield frame;
    }
  }

  async clear(): Promise<void> {
    await this.files.clear();
  }
}
