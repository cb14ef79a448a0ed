import * as tf from '@tensorflow/tfjs';

/** Reads from the backend's memory (the GPU's, on a GPU) back to JavaScript, counted as they happen. */
export interface ReadbackCounter {
  /** Asynchronous reads: tensor.data(), which a GPU answers without stalling the page. */
  readonly reads: number;
  /** Synchronous reads: dataSync(), arraySync(); each waits for the GPU to drain its queue. */
  readonly syncReads: number;
  /** Gives the backend its own methods back. */
  stop(): void;
}

type ReadMethods = Pick<tf.KernelBackend, 'read' | 'readSync'>;

/** Counts the active backend's reads (every tensor read goes through them) until `stop`. */
export function countReadbacks(backend: tf.KernelBackend = tf.backend()): ReadbackCounter {
  const target = backend as ReadMethods;
  const own = { read: Object.getOwnPropertyDescriptor(target, 'read'), readSync: Object.getOwnPropertyDescriptor(target, 'readSync') };
  const { read, readSync } = target;
  let reads = 0;
  let syncReads = 0;
  // wasm and cpu answer read() by calling readSync() before they return: that is one read, not two.
  let inRead = false;
  target.read = function (dataId) {
    reads++;
    inRead = true;
    try {
      return read.call(this, dataId);
    } finally {
      inRead = false;
    }
  };
  target.readSync = function (dataId) {
    if (!inRead) syncReads++;
    return readSync.call(this, dataId);
  };
  const restore = (name: keyof ReadMethods) => {
    const descriptor = own[name];
    if (descriptor) Object.defineProperty(target, name, descriptor);
    else delete (target as Partial<ReadMethods>)[name];
  };
  return {
    get reads() {
      return reads;
    },
    get syncReads() {
      return syncReads;
    },
    stop() {
      restore('read');
      restore('readSync');
    },
  };
}
