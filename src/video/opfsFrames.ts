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

const isNotFound = (error: unknown) => error instanceof DOMException && error.name === 'NotFoundError';

/** The frame numbers in a render's folder. */
async function framesIn(folder: FileSystemDirectoryHandle): Promise<number[]> {
  const found: number[] = [];
  for await (const [name, handle] of (folder as ListedFolder).entries()) {
    const index = frameIndexOf(name);
    // A crash between creating a frame's file and closing its stream leaves it empty: not a frame.
    if (index !== undefined && handle.kind === 'file' && (await (handle as FileSystemFileHandle).getFile()).size > 0) found.push(index);
  }
  return found;
}

/** Deletes the render folders that hold no frame. */
export async function removeEmptyOpfsRenders(): Promise<void> {
  const root = await rendersFolder();
  for await (const [name, handle] of (root as ListedFolder).entries()) {
    if (handle.kind === 'directory' && (await framesIn(handle as FileSystemDirectoryHandle)).length === 0) await root.removeEntry(name, { recursive: true });
  }
}

export async function opfsFrames(renderId: string): Promise<FrameFiles> {
  const root = await rendersFolder();
  // Made with the render's first frame: a render only looked up, or stopped before its first frame, leaves no folder.
  let folder: FileSystemDirectoryHandle | undefined = await root.getDirectoryHandle(renderId).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  return {
    async put(index, png) {
      folder ??= await root.getDirectoryHandle(renderId, { create: true });
      // A writable stream goes to a side file that replaces the frame only on close: a crash mid-write leaves no half frame.
      const writable = await (await folder.getFileHandle(frameFileName(index), { create: true })).createWritable();
      await writable.write(png);
      await writable.close();
    },
    async get(index) {
      if (!folder) return undefined;
      try {
        return await (await folder.getFileHandle(frameFileName(index))).getFile();
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async indices() {
      return folder ? framesIn(folder) : [];
    },
    async clear() {
      folder = undefined;
      await root.removeEntry(renderId, { recursive: true }).catch((error: unknown) => {
        if (!isNotFound(error)) throw error;
      });
    },
  };
}
