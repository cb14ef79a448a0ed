// A render's frames in IndexedDB, for browsers without writable OPFS files: one record per frame, keyed [render, frame].
import { RENDERS_ROOT, type FrameFiles } from './frameFiles';

const STORE = 'frames';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase(): Promise<IDBDatabase> {
  const open = indexedDB.open(RENDERS_ROOT, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  return request(open);
}

/** Every frame of one render: its keys are [renderId, frame number]. */
const framesOf = (renderId: string) => IDBKeyRange.bound([renderId, 0], [renderId, Infinity]);

async function withDatabase<T>(act: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await act(db);
  } finally {
    db.close();
  }
}

/** The renders whose frames are kept here. */
export function indexedDbRenders(): Promise<string[]> {
  return withDatabase(async (db) => {
    const keys = await request(db.transaction(STORE, 'readonly').objectStore(STORE).getAllKeys());
    return [...new Set(keys.map((key) => (key as [string, number])[0]))];
  });
}

export function removeIndexedDbRender(renderId: string): Promise<void> {
  return withDatabase((db) => request(db.transaction(STORE, 'readwrite').objectStore(STORE).delete(framesOf(renderId))));
}

export async function indexedDbFrames(renderId: string): Promise<FrameFiles> {
  const db = await openDatabase();
  const everyFrame = framesOf(renderId);
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    async put(index, png) {
      // Stored as bytes: Safari long refused Blobs in IndexedDB. Read before the transaction opens,
      // since a transaction closes at the first await that is not its own.
      const record = { type: png.type, bytes: await png.arrayBuffer() };
      await request(store('readwrite').put(record, [renderId, index]));
    },
    async get(index) {
      const record = (await request(store('readonly').get([renderId, index]))) as { type: string; bytes: ArrayBuffer } | undefined;
      return record && new Blob([record.bytes], { type: record.type });
    },
    async indices() {
      const keys = await request(store('readonly').getAllKeys(everyFrame));
      return keys.map((key) => (key as [string, number])[1]);
    },
    async clear() {
      await request(store('readwrite').delete(everyFrame));
    },
  };
}
