// A dropped clip survives a reload with its render settings, so that a render resumes where it was:
// its finished frames are kept apart, by render (src/video/videoFrameStore.ts). IndexedDB, this browser only.
import type { VideoOptions } from './videoStore';

const DB_NAME = 'neural-style-video';
const STORE_NAME = 'clip';
const KEY = 'current';

export interface StoredClip {
  file: Blob;
  fileName: string;
  lastModified?: number;
  options: VideoOptions;
  /** A render was under way when the page went: it goes on by itself once the engine is ready. */
  rendering: boolean;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB would not open'));
  });
}

async function transact<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE_NAME, mode).objectStore(STORE_NAME));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The clip kept, or undefined when there is none or it is damaged (from another version of the app). */
export async function readStoredClip(): Promise<StoredClip | undefined> {
  const value = await transact<Partial<StoredClip> | undefined>('readonly', (store) => store.get(KEY));
  const options = value?.options;
  if (!value || !(value.file instanceof Blob) || typeof value.fileName !== 'string' || !options) return undefined;
  if (![options.fps, options.longSide, options.start, options.end].every(isNumber)) return undefined;
  // Kept before the long-term term was offered: off, as it was then.
  const longTerm = options.longTerm === true;
  return { file: value.file, fileName: value.fileName, lastModified: value.lastModified, options: { ...options, longTerm }, rendering: value.rendering === true };
}

export async function storeClip(clip: StoredClip): Promise<void> {
  await transact('readwrite', (store) => store.put(clip, KEY));
}

export async function forgetStoredClip(): Promise<void> {
  await transact('readwrite', (store) => store.delete(KEY));
}
