// Region maps (neural doodles): a colour-coded map over the photo or over a doodle's empty canvas, and
// per painting an optional map of its own regions. Same colour, same kind of region: the engine pairs them.
// Without paintings' maps, each colour of the photo's map is given to a painting (INetwork's style masks).
import { create } from 'zustand';
import { fitLongSide } from '../engine/image/size';
import type { RgbaImage, StyleInputs } from '../worker/protocol';
import type { StyleImage } from '../engine/run/inputs';
import { loadInput, measureSpeedIfNeeded } from './actions';
import { decodeImage, ImageInputError } from './decodeImage';
import { useMaskStore } from './maskStore';
import { colourKey, DEFAULT_PALETTE, exactMap, hasUnpainted, mapColours, maskWhere, opaqueMap, type Rgb } from './regionColours';
import { announce, useAppStore, type Size } from './store';

/** A map at its picture's exact size, every pixel a region's colour or unpainted (see regionColours.ts). */
export interface RegionMap {
  image: RgbaImage;
  source: 'painted' | 'uploaded';
  fileName?: string;
}

/** A painting's map, with the painting it was made for. */
export interface PaintingMap extends RegionMap {
  painting: RgbaImage;
}

/** What a colour of the photo's map means when no painting has a map: a painting (its index) or the photo left as it is. */
export type Assignment = number | 'photo';

export interface Regions {
  /** A doodle: an empty canvas of this size to paint instead of a photo. */
  doodle?: Size;
  /** The map over the photo or the doodle. */
  target?: RegionMap;
  paintings: PaintingMap[];
  /** Colour (colourKey) to what it means, where the user chose; others take defaultAssignment. */
  assignments: Record<string, Assignment>;
}

export interface RegionState {
  regions: Regions;
  /** Whether the region section is open (a doodle opens it). */
  open: boolean;
  /** Why the last map file was refused; the maps stay. */
  error?: string;
}

export const emptyRegions = (): Regions => ({ paintings: [], assignments: {} });

export const useRegionStore = create<RegionState>(() => ({ regions: emptyRegions(), open: false }));

/** A doodle's long side: small enough to paint and run quickly, large enough for detail. */
const DOODLE_LONG_SIDE = 512;

const { getState: app } = useAppStore;

function change(regions: Partial<Regions>): void {
  const state = useRegionStore.getState();
  useRegionStore.setState({ regions: { ...state.regions, ...regions }, error: undefined });
}

/** The paintings in order: the main one (painting 1), then the blend's. */
export function paintingImages(): RgbaImage[] {
  const { inputs, extraStyles } = app();
  return inputs.style ? [inputs.style.image, ...extraStyles.map((extra) => extra.input.image)] : [];
}

/** The grid the map over the output covers: the doodle's or the photo's. */
function targetGrid(regions = useRegionStore.getState().regions): Size | undefined {
  return regions.doodle ?? app().inputs.content?.image;
}

export function paintingMapOf(regions: Regions, painting: RgbaImage | undefined): PaintingMap | undefined {
  return painting && regions.paintings.find((map) => map.painting === painting);
}

function toImageData({ width, height, data }: RgbaImage): ImageData {
  return new ImageData(new Uint8ClampedArray(data.buffer as ArrayBuffer, data.byteOffset, data.length), width, height);
}

/** Scales a map to `size` pixel by pixel (no blending, so that colours stay exact). */
function scaleMap(image: RgbaImage, { width, height }: Size): RgbaImage {
  if (image.width === width && image.height === height) return image;
  const source = new OffscreenCanvas(image.width, image.height);
  source.getContext('2d')!.putImageData(toImageData(image), 0, 0);
  const target = new OffscreenCanvas(width, height);
  const context = target.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, width, height);
  return { width, height, data: context.getImageData(0, 0, width, height).data };
}

/** Which map: the one over the photo or doodle, or painting k's (0 is the main painting). */
export type MapSlot = 'target' | number;

function putMap(slot: MapSlot, map: RegionMap): void {
  const { regions } = useRegionStore.getState();
  if (slot === 'target') {
    const grid = targetGrid();
    if (grid) change({ target: { ...map, image: scaleMap(map.image, grid) } });
    return;
  }
  const painting = paintingImages()[slot];
  if (!painting) return;
  const others = regions.paintings.filter((p) => p.painting !== painting);
  change({ paintings: [...others, { ...map, image: scaleMap(map.image, painting), painting }] });
}

/** A map painted in the region painter (any size: it is scaled to its picture). */
export function setPaintedMap(slot: MapSlot, image: RgbaImage): void {
  putMap(slot, { image, source: 'painted' });
}

export function removeMap(slot: MapSlot): void {
  const { regions } = useRegionStore.getState();
  if (slot === 'target') return change({ target: undefined });
  const painting = paintingImages()[slot];
  change({ paintings: regions.paintings.filter((p) => p.painting !== painting) });
}

export function mapOf(slot: MapSlot, regions = useRegionStore.getState().regions): RegionMap | undefined {
  return slot === 'target' ? regions.target : paintingMapOf(regions, paintingImages()[slot]);
}

const slotName = (slot: MapSlot) => (slot === 'target' ? 'the picture' : `painting ${slot + 1}`);

/** A colour-coded map from a file, for the photo or doodle or a painting: scaled to it, its colours made exact. */
export async function loadMapFile(slot: MapSlot, file: Blob, fileName: string): Promise<boolean> {
  const refuse = (message: string) => {
    useRegionStore.setState({ error: message });
    announce('error', message);
    return false;
  };
  const size = slot === 'target' ? targetGrid() : paintingImages()[slot];
  if (!size) return refuse(slot === 'target' ? 'Load a photo or start a doodle first: the map is drawn over it.' : 'Load the painting first.');
  try {
    const { image } = await decodeImage(file, fileName, Math.max(size.width, size.height));
    putMap(slot, { image: exactMap(image), source: 'uploaded', fileName });
    const colours = mapColours(mapOf(slot)?.image ?? image).length;
    announce('info', `Map of ${slotName(slot)} loaded: ${fileName}, ${colours} region${colours === 1 ? '' : 's'}.`);
    return true;
  } catch (error) {
    return refuse(error instanceof ImageInputError || error instanceof Error ? `${fileName}: ${error.message}` : `${fileName} could not be loaded as a map.`);
  }
}

/** A doodle's canvas: the painting's shape, DOODLE_LONG_SIDE long; 4:3 without a painting. */
function doodleSize(): Size {
  const painting = app().inputs.style?.image ?? { width: 4, height: 3 };
  return fitLongSide(painting, DOODLE_LONG_SIDE);
}

/** Paints a doodle instead of a photo: the photo goes, an empty canvas takes its place. */
export function startDoodle(size = doodleSize()): void {
  const { inputs } = app();
  if (inputs.content) URL.revokeObjectURL(inputs.content.previewUrl);
  change({ doodle: size, target: undefined });
  useAppStore.setState({ inputs: { ...inputs, content: undefined } });
  useRegionStore.setState({ open: true });
  measureSpeedIfNeeded();
  announce('info', `Doodle: an empty ${size.width}×${size.height} canvas. Paint its regions under “Regions”, and a map of the painting in the same colours.`);
}

export function stopDoodle(): void {
  change({ doodle: undefined, target: undefined });
}

export function setOpen(open: boolean): void {
  useRegionStore.setState({ open });
}

export function setAssignment(colour: Rgb, assignment: Assignment): void {
  const { regions } = useRegionStore.getState();
  change({ assignments: { ...regions.assignments, [colourKey(colour)]: assignment } });
}

/** A colour's meaning when the user has not chosen: the palette's order, painting by painting (red 1, green 2, ...). */
export function assignmentOf(regions: Regions, colour: Rgb, order: number, paintingCount: number): Assignment {
  const chosen = regions.assignments[colourKey(colour)];
  if (chosen === 'photo' || (typeof chosen === 'number' && chosen < paintingCount)) return chosen;
  const inPalette = DEFAULT_PALETTE.findIndex((c) => colourKey(c) === colourKey(colour));
  return (inPalette >= 0 ? inPalette : order) % Math.max(1, paintingCount);
}

const DOODLE = { painting: 'demo/renoir.png', paintingMap: 'demo/renoir-map.png', doodle: 'demo/creek-map.png' } as const;

async function fetchFile(url: string): Promise<{ blob: Blob; fileName: string }> {
  const fileName = url.split('/').pop()!;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${fileName}: HTTP ${response.status}`);
  return { blob: await response.blob(), fileName };
}

/** The neural-doodle example: Renoir's painting with its map, and a doodle of a creek in the same colours. */
export async function loadDoodleExample(): Promise<void> {
  try {
    const [painting, paintingMap, doodle] = await Promise.all([fetchFile(DOODLE.painting), fetchFile(DOODLE.paintingMap), fetchFile(DOODLE.doodle)]);
    await loadInput('style', painting.blob, painting.fileName);
    if (!app().inputs.style) return;
    startDoodle(doodleSize());
    if (!(await loadMapFile(0, paintingMap.blob, paintingMap.fileName))) return;
    if (!(await loadMapFile('target', doodle.blob, doodle.fileName))) return;
    announce('info', 'The doodle example is ready: the creek’s map in the colours of the Renoir’s map. Press Start.');
  } catch (error) {
    announce('error', `The doodle example could not be fetched (${String(error)}).`);
  }
}

/** The region part of a run's pictures for `styles` (painting k at index k), or why the run cannot start. */
export function regionInputs(styles: StyleImage[]): Pick<StyleInputs, 'styles' | 'targetMap' | 'mask'> | string {
  const { regions } = useRegionStore.getState();
  const target = regions.target;
  if (!target) {
    if (regions.doodle) return 'Paint the doodle first: its regions, in the colours of the painting’s map, under “Regions”.';
    return { styles };
  }
  if (useMaskStore.getState().mask) return 'Use the mask or the regions, not both: remove one of them.';
  const images = paintingImages();
  const maps = styles.map((_, k) => paintingMapOf(regions, images[k]));
  // The photo stays where nothing is painted.
  const painted = regions.doodle || !hasUnpainted(target.image) ? undefined : maskWhere(target.image, () => true);
  if (maps.some(Boolean)) {
    return {
      styles: styles.map((style, k) => (maps[k] ? { ...style, map: opaqueMap(maps[k].image) } : style)),
      targetMap: opaqueMap(target.image),
      mask: painted,
    };
  }
  if (regions.doodle) return 'A doodle takes each region’s style from the painting’s region of its colour: paint or load a map of the painting, in the doodle’s colours.';
  const colours = mapColours(target.image);
  const meaning = new Map(colours.map(({ colour }, order) => [colourKey(colour), assignmentOf(regions, colour, order, styles.length)]));
  const used = styles.flatMap((style, k) => ([...meaning.values()].includes(k) ? [{ ...style, mask: maskWhere(target.image, (key) => meaning.get(key) === k) }] : []));
  if (used.length === 0) return 'Every colour of the map keeps the photo: give at least one to a painting.';
  if (used.length === 1) return { styles: [{ image: used[0].image, weight: used[0].weight }], mask: used[0].mask };
  return { styles: used };
}

// A photo or painting replaced: the maps made for the old one go, and a photo ends a doodle.
useAppStore.subscribe((state, previous) => {
  const { regions } = useRegionStore.getState();
  const photo = state.inputs.content?.image;
  const next: Partial<Regions> = {};
  if (photo && photo !== previous.inputs.content?.image) {
    if (regions.doodle) next.doodle = undefined;
    const target = regions.target?.image;
    if (target && (target.width !== photo.width || target.height !== photo.height || regions.doodle)) {
      next.target = undefined;
      queueMicrotask(() => announce('info', 'The map over the picture was removed: it was made for another picture.'));
    }
  }
  if (state.inputs.style !== previous.inputs.style || state.extraStyles !== previous.extraStyles) {
    const current = new Set(paintingImages());
    const kept = regions.paintings.filter((map) => current.has(map.painting));
    if (kept.length !== regions.paintings.length) next.paintings = kept;
  }
  if (Object.keys(next).length > 0) change(next);
});
