// The user's pictures survive a reload or a crashed tab: the photo, the paintings of the blend with their
// weights, the mask, the region maps (and a doodle) and the last finished result are kept in IndexedDB, in this browser only, and put back
// at start-up. Nothing here may break the app: when storage fails, a notice says so and the app carries on.
import type { RgbaImage } from '../worker/protocol';
import { measureSpeedIfNeeded, stopRun } from './actions';
import { decodeImage } from './decodeImage';
import { clearMask, useMaskStore, type MaskImage } from './maskStore';
import { emptyRegions, paintingImages, useRegionStore, type Assignment, type RegionMap, type Regions } from './regionStore';
import { announce, isRunActive, useAppStore, type InputImage, type ResultImage, type Size } from './store';
import { useStyleBlendStore } from './styleBlend';

const DB_NAME = 'neural-style';
const STORE_NAME = 'pictures';
/** Changes are written this long after the last one: a slider drag makes one write, not hundreds. */
const SAVE_DELAY_MS = 400;

// What is kept: one entry per part, so that a change writes only its own part. Entries are checked when
// read back (one may be damaged, or from another version of the app): a bad one is dropped.

/** A picture as its original file: decoded again on restoring, exactly as when it was loaded. */
export interface StoredInput {
  blob: Blob;
  name: string;
  fileName: string;
  notice?: string;
}

export interface StoredWeights {
  styleWeight: number;
  extras: number[];
}

/** A mask's grey levels, one byte a pixel (a mask has R = G = B and opaque alpha). */
export interface StoredMask {
  width: number;
  height: number;
  grey: Uint8Array;
  source: MaskImage['source'];
  fileName?: string;
}

/** A region map's pixels as they are (each a region's colour, or clear where unpainted). */
export interface StoredMap {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  source: RegionMap['source'];
  fileName?: string;
}

/** The region maps: over the photo or the doodle, and per painting (by its place in the blend, 0 the main one). */
export interface StoredRegions {
  doodle?: Size;
  target?: StoredMap;
  paintings: { index: number; map: StoredMap }[];
  assignments: Record<string, Assignment>;
}

export interface StoredResult {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  output: Size;
  downloadName: string;
}

export interface StoredPictures {
  content?: StoredInput;
  style?: StoredInput;
  extras?: StoredInput[];
  weights?: StoredWeights;
  mask?: StoredMask;
  regions?: StoredRegions;
  result?: StoredResult;
}

type Part = keyof StoredPictures;
const PARTS: readonly Part[] = ['content', 'style', 'extras', 'weights', 'mask', 'regions', 'result'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isText = (value: unknown): value is string => typeof value === 'string';
const isSide = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0 && (value as number) <= 1 << 15;
const isShare = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;

function readInput(value: unknown): StoredInput | undefined {
  if (!isRecord(value) || !(value.blob instanceof Blob) || !isText(value.name) || !isText(value.fileName)) return undefined;
  if (value.notice !== undefined && !isText(value.notice)) return undefined;
  return { blob: value.blob, name: value.name, fileName: value.fileName, notice: value.notice };
}

function readMap(value: unknown): StoredMap | undefined {
  if (!isRecord(value) || !isSide(value.width) || !isSide(value.height) || !(value.data instanceof Uint8ClampedArray)) return undefined;
  if (value.data.length !== value.width * value.height * 4) return undefined;
  if ((value.source !== 'painted' && value.source !== 'uploaded') || (value.fileName !== undefined && !isText(value.fileName))) return undefined;
  const map: StoredMap = { width: value.width, height: value.height, data: value.data, source: value.source };
  if (value.fileName !== undefined) map.fileName = value.fileName;
  return map;
}

const isAssignment = (value: unknown): value is Assignment => value === 'photo' || (Number.isInteger(value) && (value as number) >= 0);

function readRegions(value: unknown): StoredRegions | undefined {
  if (!isRecord(value) || !Array.isArray(value.paintings) || !isRecord(value.assignments)) return undefined;
  const regions: StoredRegions = { paintings: [], assignments: {} };
  if (value.doodle !== undefined) {
    if (!isRecord(value.doodle) || !isSide(value.doodle.width) || !isSide(value.doodle.height)) return undefined;
    regions.doodle = { width: value.doodle.width, height: value.doodle.height };
  }
  if (value.target !== undefined) {
    const target = readMap(value.target);
    if (!target) return undefined;
    regions.target = target;
  }
  for (const entry of value.paintings as unknown[]) {
    if (!isRecord(entry)) return undefined;
    const map = readMap(entry.map);
    if (!map || !Number.isInteger(entry.index) || (entry.index as number) < 0) return undefined;
    regions.paintings.push({ index: entry.index as number, map });
  }
  for (const [key, assignment] of Object.entries(value.assignments)) {
    if (!/^\d{1,3},\d{1,3},\d{1,3}$/.test(key) || !isAssignment(assignment)) return undefined;
    regions.assignments[key] = assignment;
  }
  return regions;
}

const READERS: { [P in Part]: (value: unknown) => StoredPictures[P] } = {
  content: readInput,
  style: readInput,
  extras: (value) => {
    if (!Array.isArray(value)) return undefined;
    const inputs = value.map(readInput);
    return inputs.every((input) => input !== undefined) ? (inputs as StoredInput[]) : undefined;
  },
  weights: (value) => {
    if (!isRecord(value) || !isShare(value.styleWeight) || !Array.isArray(value.extras) || !value.extras.every(isShare)) return undefined;
    return { styleWeight: value.styleWeight, extras: value.extras as number[] };
  },
  mask: (value) => {
    if (!isRecord(value) || !isSide(value.width) || !isSide(value.height) || !(value.grey instanceof Uint8Array)) return undefined;
    if (value.grey.length !== value.width * value.height) return undefined;
    if ((value.source !== 'painted' && value.source !== 'uploaded') || (value.fileName !== undefined && !isText(value.fileName))) return undefined;
    return { width: value.width, height: value.height, grey: value.grey, source: value.source, fileName: value.fileName };
  },
  regions: readRegions,
  result: (value) => {
    if (!isRecord(value) || !isSide(value.width) || !isSide(value.height) || !(value.data instanceof Uint8ClampedArray)) return undefined;
    if (value.data.length !== value.width * value.height * 4 || !isText(value.downloadName)) return undefined;
    const output = value.output;
    if (!isRecord(output) || !isSide(output.width) || !isSide(output.height)) return undefined;
    return { width: value.width, height: value.height, data: value.data, output: { width: output.width, height: output.height }, downloadName: value.downloadName };
  },
};

/** The entries read back, those that are sound; `damaged` names the others. */
export function readStoredPictures(entries: Partial<Record<string, unknown>>): { pictures: StoredPictures; damaged: Part[] } {
  const pictures: StoredPictures = {};
  const damaged: Part[] = [];
  for (const part of PARTS) {
    if (entries[part] === undefined) continue;
    const value = READERS[part](entries[part]);
    if (value === undefined) damaged.push(part);
    else (pictures as Record<Part, unknown>)[part] = value;
  }
  return { pictures, damaged };
}

export function packMask({ image: { width, height, data }, source, fileName }: MaskImage): StoredMask {
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * 4];
  return fileName === undefined ? { width, height, grey, source } : { width, height, grey, source, fileName };
}

export function unpackMask({ width, height, grey, source, fileName }: StoredMask): MaskImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i++) {
    data[i * 4] = data[i * 4 + 1] = data[i * 4 + 2] = grey[i];
    data[i * 4 + 3] = 255;
  }
  const image: RgbaImage = { width, height, data };
  return fileName === undefined ? { image, source } : { image, source, fileName };
}

function packMap({ image: { width, height, data }, source, fileName }: RegionMap): StoredMap {
  const pixels = data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data);
  return fileName === undefined ? { width, height, data: pixels, source } : { width, height, data: pixels, source, fileName };
}

function unpackMap({ width, height, data, source, fileName }: StoredMap): RegionMap {
  return fileName === undefined ? { image: { width, height, data }, source } : { image: { width, height, data }, source, fileName };
}

/** The region maps to keep: each painting's map under its place in the blend. */
export function packRegions(regions: Regions, paintings: readonly RgbaImage[]): StoredRegions {
  const stored: StoredRegions = {
    paintings: regions.paintings.flatMap((map) => {
      const index = paintings.indexOf(map.painting);
      return index < 0 ? [] : [{ index, map: packMap(map) }];
    }),
    assignments: regions.assignments,
  };
  if (regions.doodle) stored.doodle = regions.doodle;
  if (regions.target) stored.target = packMap(regions.target);
  return stored;
}

/** The kept maps that fit the pictures now on screen: the target map its grid, each painting's map its painting. */
export function unpackRegions(stored: StoredRegions, grid: Size | undefined, paintings: readonly RgbaImage[]): Regions {
  const fits = (map: StoredMap, size: Size | undefined) => size !== undefined && size.width === map.width && size.height === map.height;
  const regions: Regions = { paintings: [], assignments: stored.assignments };
  if (stored.doodle) regions.doodle = stored.doodle;
  if (stored.target && fits(stored.target, grid)) regions.target = unpackMap(stored.target);
  for (const { index, map } of stored.paintings) {
    const painting = paintings[index];
    if (painting && fits(map, painting)) regions.paintings.push({ ...unpackMap(map), painting });
  }
  return regions;
}

// The database: opened once, on first use.

let database: Promise<IDBDatabase> | undefined;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function finished(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('the write was cancelled'));
  });
}

/** Opens the database at `version` (latest when undefined), making the store when it is missing. */
function openAt(version?: number): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, version);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE_NAME)) open.result.createObjectStore(STORE_NAME);
  };
  return request(open);
}

async function openDatabase(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  let db = await openAt();
  // A database of that name without the store (made by something else): a new version adds it.
  if (!db.objectStoreNames.contains(STORE_NAME)) {
    const next = db.version + 1;
    db.close();
    db = await openAt(next);
  }
  // Another tab upgrading the database asks this one to let go; the next use opens it again.
  db.onversionchange = () => {
    db.close();
    database = undefined;
  };
  db.onclose = () => {
    database = undefined;
  };
  return db;
}

function getDatabase(): Promise<IDBDatabase> {
  database ??= openDatabase().catch((error) => {
    database = undefined;
    throw error;
  });
  return database;
}

const reason = (error: unknown) => (error instanceof Error || error instanceof DOMException ? error.message || error.name : String(error));

// What the database holds, as far as this page knows: per part, the object last written (the same
// object in the state means nothing to write), or STORED for an entry this page did not write.

const STORED = Symbol('stored entry');
type Known = { [P in Part]?: unknown };

/** Comparable tokens of the state's parts: objects compare by identity, arrays element by element. */
function currentTokens(known: Known): Required<Known> {
  const { inputs, extraStyles, styleWeight, result } = useAppStore.getState();
  return {
    content: inputs.content,
    style: inputs.style,
    extras: extraStyles.length > 0 ? extraStyles.map((extra) => extra.input) : undefined,
    weights: extraStyles.length > 0 ? [styleWeight, ...extraStyles.map((extra) => extra.weight)].join(',') : undefined,
    mask: useMaskStore.getState().mask,
    regions: regionsToken(),
    // A run's frames do not replace the last finished result: only the next finished one does.
    result: result?.final ? result : known.result,
  };
}

/** The region state, or nothing when it holds nothing worth keeping. */
function regionsToken(): Regions | undefined {
  const { regions } = useRegionStore.getState();
  const empty = !regions.doodle && !regions.target && regions.paintings.length === 0 && Object.keys(regions.assignments).length === 0;
  return empty ? undefined : regions;
}

function sameToken(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

let known: Known = {};
/** Bumped by "Forget my pictures": a restore or a write begun before it must not bring pictures back. */
let generation = 0;
let restored = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
let saving: Promise<void> | undefined;
let failureTold = false;

function tellFailureOnce(text: string): void {
  if (failureTold) return;
  failureTold = true;
  announce('info', text);
}

async function storedInput(input: InputImage): Promise<StoredInput> {
  // Pictures loaded by the app keep their file; the thumbnail's URL is the same file otherwise.
  const blob = input.file ?? (await (await fetch(input.previewUrl)).blob());
  const stored: StoredInput = { blob, name: input.name, fileName: input.fileName };
  if (input.notice !== undefined) stored.notice = input.notice;
  return stored;
}

async function entryOf(part: Part, token: unknown): Promise<unknown> {
  if (token === undefined) return undefined;
  switch (part) {
    case 'content':
    case 'style':
      return storedInput(token as InputImage);
    case 'extras':
      return Promise.all((token as InputImage[]).map(storedInput));
    case 'weights': {
      const [styleWeight, ...extras] = (token as string).split(',').map(Number);
      return { styleWeight, extras } satisfies StoredWeights;
    }
    case 'mask':
      return packMask(token as MaskImage);
    case 'regions':
      return packRegions(token as Regions, paintingImages());
    case 'result': {
      const { image, output, downloadName } = token as ResultImage;
      const data = image.data instanceof Uint8ClampedArray ? image.data : new Uint8ClampedArray(image.data);
      return { width: image.width, height: image.height, data, output, downloadName } satisfies StoredResult;
    }
  }
}

/** Writes the parts that changed since the last write, all in one transaction. */
async function writeChanges(): Promise<void> {
  const startedIn = generation;
  const tokens = currentTokens(known);
  const changed = PARTS.filter((part) => !sameToken(tokens[part], known[part]));
  if (changed.length === 0) return;
  try {
    const entries = await Promise.all(changed.map((part) => entryOf(part, tokens[part])));
    const db = await getDatabase();
    if (startedIn !== generation) return;
    const transaction = db.transaction(STORE_NAME, 'readwrite');
    const store = transaction.objectStore(STORE_NAME);
    changed.forEach((part, i) => (entries[i] === undefined ? store.delete(part) : store.put(entries[i], part)));
    await finished(transaction);
    if (startedIn !== generation) return;
    for (const part of changed) known[part] = tokens[part];
  } catch (error) {
    console.warn('Pictures not kept:', error);
    tellFailureOnce(`Your pictures could not be kept in this browser (${reason(error)}): a reload will lose them.`);
  }
}

/** Writes what changed, one write at a time; changes made during a write are written after it. */
function saveNow(): Promise<void> {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  if (!restored) return Promise.resolve();
  const previous = saving ?? Promise.resolve();
  const next = previous.then(writeChanges);
  saving = next.finally(() => {
    if (saving === next) saving = undefined;
  });
  return next;
}

function saveSoon(): void {
  if (!restored) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
}

async function restoreInput(stored: StoredInput): Promise<InputImage> {
  const { image } = await decodeImage(stored.blob, stored.fileName);
  const input: InputImage = { name: stored.name, fileName: stored.fileName, image, previewUrl: URL.createObjectURL(stored.blob), file: stored.blob };
  if (stored.notice !== undefined) input.notice = stored.notice;
  return input;
}

/** Decodes a picture; undefined (and `failed` set) when it cannot be. */
async function tryRestoreInput(stored: StoredInput | undefined, failed: string[]): Promise<InputImage | undefined> {
  if (!stored) return undefined;
  try {
    return await restoreInput(stored);
  } catch (error) {
    failed.push(stored.fileName);
    console.warn(`Kept picture ${stored.fileName} not restored:`, error);
    return undefined;
  }
}

const revoke = (input: InputImage | undefined) => input && URL.revokeObjectURL(input.previewUrl);

async function readAll(): Promise<Partial<Record<string, unknown>>> {
  const db = await getDatabase();
  const store = db.transaction(STORE_NAME, 'readonly').objectStore(STORE_NAME);
  const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
  return Object.fromEntries(keys.map((key, i) => [String(key), values[i]]));
}

/** Puts back the kept pictures, into the slots that are still empty (what the user did meanwhile wins). */
async function restore(): Promise<void> {
  const startedIn = generation;
  let entries: Partial<Record<string, unknown>>;
  try {
    entries = await readAll();
  } catch (error) {
    // Without storage nothing was kept: the first write says so, once there is something to keep.
    console.warn('Kept pictures not read:', error);
    return;
  }
  if (startedIn !== generation) return;
  const { pictures, damaged } = readStoredPictures(entries);
  const failed: string[] = damaged.map((part) => `the ${part}`);
  for (const part of PARTS) if (entries[part] !== undefined) known[part] = STORED;
  // Damaged entries are removed by the first write: the state has nothing of theirs.
  const [content, style, extras] = await Promise.all([
    tryRestoreInput(pictures.content, failed),
    tryRestoreInput(pictures.style, failed),
    Promise.all((pictures.extras ?? []).map((extra) => tryRestoreInput(extra, failed))),
  ]);
  if (startedIn !== generation) {
    [content, style, ...extras].forEach(revoke);
    return;
  }

  const state = useAppStore.getState();
  const change: Partial<typeof state> = {};
  const inputs = { ...state.inputs };
  const put: string[] = [];
  if (content && !inputs.content) {
    inputs.content = content;
    known.content = content;
    put.push(content.fileName);
  } else revoke(content);
  if (style && !inputs.style) {
    inputs.style = style;
    known.style = style;
    put.push(style.fileName);
  } else revoke(style);
  if (inputs.content !== state.inputs.content || inputs.style !== state.inputs.style) change.inputs = inputs;

  // The blend goes with its own painting, and only into an empty blend.
  const weights = pictures.weights;
  const blendFits = inputs.style === style && state.extraStyles.length === 0 && weights?.extras.length === extras.length;
  const restoredExtras = blendFits ? extras.flatMap((input, i) => (input ? [{ input, weight: weights.extras[i] }] : [])) : [];
  if (restoredExtras.length > 0 && restoredExtras.length === extras.length) {
    change.extraStyles = restoredExtras;
    change.styleWeight = weights!.styleWeight;
    known.extras = restoredExtras.map((extra) => extra.input);
    known.weights = [weights!.styleWeight, ...weights!.extras].join(',');
    put.push(...restoredExtras.map((extra) => extra.input.fileName));
  } else {
    // A blend with a painting missing would not be the one kept: it is left out whole.
    extras.forEach(revoke);
  }

  if (pictures.result && !state.result && !state.run) {
    const { width, height, data, output, downloadName } = pictures.result;
    change.result = { image: { width, height, data }, output, downloadName, final: true };
    known.result = change.result;
    put.push('the last result');
  }
  useAppStore.setState(change);

  // The mask goes with its own photo, at that photo's size.
  const mask = pictures.mask;
  const photo = useAppStore.getState().inputs.content;
  if (mask && photo === content && photo && !useMaskStore.getState().mask && photo.image.width === mask.width && photo.image.height === mask.height) {
    const image = unpackMask(mask);
    useMaskStore.setState({ mask: image, uploadError: undefined });
    known.mask = image;
    put.push('the mask');
  }

  // The maps go with their own pictures, at their sizes; a doodle only where no photo came back.
  if (pictures.regions && !regionsToken()) {
    const { doodle } = pictures.regions;
    const keepDoodle = doodle && !useAppStore.getState().inputs.content;
    const grid = keepDoodle ? doodle : photo === content ? photo?.image : undefined;
    const restoredPaintings = useAppStore.getState().inputs.style === style ? paintingImages() : [];
    const regions = unpackRegions({ ...pictures.regions, doodle: keepDoodle ? doodle : undefined }, grid, restoredPaintings);
    useRegionStore.setState({ regions, open: Boolean(regions.doodle || regions.target) });
    known.regions = regionsToken();
    if (regions.doodle) put.push('the doodle');
    if (regions.target || regions.paintings.length > 0) put.push('the region maps');
  }

  if (failed.length > 0) announce('info', `Some kept pictures could not be restored (${failed.join(', ')}): they are left out.`);
  else if (put.length > 0) announce('info', `Your pictures are back from last time: ${put.join(', ')}.`);
  if (change.inputs?.content) measureSpeedIfNeeded();
}

let started = false;

/**
 * Restores the kept pictures, then keeps them as they change. Call once at start-up; never throws,
 * and the app works meanwhile (a picture loaded before the restore ends is kept instead).
 */
export async function keepPictures(): Promise<void> {
  if (started || typeof window === 'undefined') return;
  started = true;
  try {
    await restore();
  } catch (error) {
    console.warn('Kept pictures not restored:', error);
    announce('info', `Your pictures from last time could not be restored (${reason(error)}).`);
  }
  restored = true;
  useAppStore.subscribe((state, previous) => {
    if (state.inputs !== previous.inputs || state.extraStyles !== previous.extraStyles || state.styleWeight !== previous.styleWeight || state.result !== previous.result) saveSoon();
  });
  useMaskStore.subscribe((state, previous) => {
    if (state.mask !== previous.mask) saveSoon();
  });
  useRegionStore.subscribe((state, previous) => {
    if (state.regions !== previous.regions) saveSoon();
  });
  // Leaving the page, or hiding it (a phone may close it then), writes what is still waiting.
  window.addEventListener('pagehide', () => void saveNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void saveNow();
  });
  saveSoon();
}

/** Forgets the pictures: those on screen (a run under way stops) and those kept in this browser. */
export async function forgetPictures(): Promise<void> {
  generation++;
  clearTimeout(saveTimer);
  saveTimer = undefined;
  const { run, inputs, extraStyles } = useAppStore.getState();
  if (isRunActive(run)) stopRun();
  // The mask first: without it, removing the photo has nothing to say about a mask.
  clearMask();
  revoke(inputs.content);
  revoke(inputs.style);
  extraStyles.forEach((extra) => revoke(extra.input));
  // Without a run, whatever the stopped one still sends is dropped.
  useAppStore.setState({ inputs: {}, inputErrors: {}, extraStyles: [], styleWeight: 1, result: undefined, run: undefined });
  useStyleBlendStore.setState({ addError: undefined });
  useRegionStore.setState({ regions: emptyRegions(), error: undefined });
  known = {};
  let db: IDBDatabase;
  try {
    db = await getDatabase();
  } catch (error) {
    announce('info', `Your pictures are cleared from the page (this browser’s storage cannot be used: ${reason(error)}).`);
    return;
  }
  try {
    const transaction = db.transaction(STORE_NAME, 'readwrite');
    transaction.objectStore(STORE_NAME).clear();
    await finished(transaction);
    announce('info', 'Your pictures are forgotten: none are kept in this browser now.');
  } catch (error) {
    console.warn('Kept pictures not cleared:', error);
    announce('info', `Your pictures are cleared from the page, but this browser’s copy could not be removed (${reason(error)}).`);
  }
}
