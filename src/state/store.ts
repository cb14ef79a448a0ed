// The app's state: inputs, settings, the engine and the run. Actions that talk to the worker live in actions.ts.
import { create } from 'zustand';
import type { StyleSettings } from '../engine/settings';
import type { BackendInfo, BackendName, RgbaImage, RunProgress } from '../worker/protocol';
import { initialSettings, keepSettings, keepSettingsSoon } from './settingsPersistence';
import { backendFromSearch } from './settingsUrl';

export type Slot = 'content' | 'style';

export interface InputImage {
  /** The file's name without its extension, for naming the download. */
  name: string;
  fileName: string;
  image: RgbaImage;
  /** Object URL of the file, for the thumbnail. */
  previewUrl: string;
  /** Said when the image was changed on loading (scaled down). */
  notice?: string;
  /** The file as loaded, kept so that the picture survives a reload (picturePersistence.ts). */
  file?: Blob;
}

export type EngineState =
  | { phase: 'starting' }
  | { phase: 'loading-model'; loaded: number; total: number }
  | { phase: 'ready'; backend: BackendInfo; loadMs: number }
  | { phase: 'failed'; message: string };

export type RunPhase = 'running' | 'pausing' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed';

export interface Size {
  width: number;
  height: number;
}

export interface RunState {
  id: number;
  phase: RunPhase;
  /** Size of the finished image; known once the worker has started the run. */
  output?: Size;
  downloadName: string;
  progress?: RunProgress;
}

/** The picture on show: the latest frame or the finished image, and how to save it. */
export interface ResultImage {
  image: RgbaImage;
  output: Size;
  downloadName: string;
  final: boolean;
}

export interface StatusMessage {
  id: number;
  tone: 'info' | 'success' | 'error';
  text: string;
}

/** A further painting to blend into the style, with its share. */
export interface ExtraStyle {
  input: InputImage;
  weight: number;
}

export interface AppState {
  inputs: Partial<Record<Slot, InputImage>>;
  inputErrors: Partial<Record<Slot, string>>;
  /** Blend weight of the main painting (`inputs.style`) against the extra ones. */
  styleWeight: number;
  extraStyles: ExtraStyle[];
  /** Every setting of the next run (the loss weights also steer the current one). */
  settings: StyleSettings;
  /** Seconds an iteration of a megapixel takes on this device, once measured. */
  secondsPerMegapixel?: number;
  /** Backend named in the URL (?backend=wasm), passed to the worker. */
  forcedBackend?: BackendName;
  engine: EngineState;
  run?: RunState;
  result?: ResultImage;
  /** The latest status line, read out by screen readers. */
  status?: StatusMessage;
}

export const useAppStore = create<AppState>(() => ({
  inputs: {},
  inputErrors: {},
  styleWeight: 1,
  extraStyles: [],
  settings: initialSettings(),
  forcedBackend: backendFromSearch(typeof location === 'undefined' ? '' : location.search),
  engine: { phase: 'starting' },
}));

// The URL and the saved settings follow every change, and show the settings in use from the start.
keepSettings(useAppStore.getState().settings);
useAppStore.subscribe((state, previous) => {
  if (state.settings !== previous.settings) keepSettingsSoon(state.settings);
});

let statusId = 0;

export function announce(tone: StatusMessage['tone'], text: string): void {
  useAppStore.setState({ status: { id: ++statusId, tone, text } });
}

/** Whether a run is under way (it may be paused), so that controls act on it. */
export function isRunActive(run: RunState | undefined): run is RunState {
  return run !== undefined && ['running', 'pausing', 'paused', 'stopping'].includes(run.phase);
}
