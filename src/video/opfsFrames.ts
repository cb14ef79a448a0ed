// A render's frames as files in the origin private file system (OPFS): one folder per render.
import { frameFileName, frameIndexOf, RENDERS_ROOT, type FrameFiles } from './frameFiles';

/** Writable files off the worker: Chromium and Firefox have them, Safari before 26 does not. */
export const hasOpfs = (): boolean =>
  typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function' && typeof FileSystemFileHandle !== 'undefined' && 'createWritable' in FileSystemFileHandle.prototype;

const rendersFolder = async () => (await navigator.storage.getDirectory()).getDirectoryHandle(RENDERS_ROOT, { create: true });

type ListedFolder = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };

/** The renders whose frames are kept here: one folder each. */
export async function opfsRenders(): Promise<string[]> {
  const found: string[] = [];
  for await (const [name, handle] of ((await rendersFolder()) as ListedFolder).entries()) if (handle.kind === 'directory') found.push(name);
  return found;
}

export async function removeOpfsRender(renderId: string): Promise<void> {
  await (await rendersFolder()).removeEntry(renderId, { recursive: true });
}

export async function opfsFrames(renderId: string): Promise<FrameFiles> {
  const root = await rendersFolder();
  const folder = await root.getDirectoryHandle(renderId, { create: true });
  return {
    async put(index, png) {
      // A writable stream goes to a side file that replaces the frame only on close: a crash mid-write leaves no half frame.
      const writable = await (await folder.getFileHandle(frameFileName(index), { create: true })).createWritable();
      await writable.write(png);
      await writable.close();
    },
    async get(index) {
      try {
        return await (await folder.getFileHandle(frameFileName(index))).getFile();
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') return undefined;
        throw error;
      }
    },
    async indices() {
      const found: number[] = [];
      const entries = (folder as ListedFolder).entries();
      for await (const [name, handle] of entries) {
        const index = frameIndexOf(name);
        // A crash between creating a frame's file and closing its stream leaves it empty: not a frame.
        if (index !== undefined && handle.kind === 'file' && (await (handle as FileSystemFileHandle).getFile()).size > 0) found.push(index);
      }
      return found;
    },
    async clear() {
      await root.removeEntry(renderId, { recursive: true });
    },
  };
}
