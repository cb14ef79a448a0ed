// The choices the controls offer. Defaults come from the engine's settings, never copied here.
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTS } from '../engine/settings';
import { isBackendName, type BackendName } from '../worker/protocol';

/** Long sides of the output offered in the size menu (the default is always among them). */
export const OUTPUT_SIZES = [...new Set([256, 384, 512, 768, 1024, DEFAULT_SETTINGS.size])].sort((a, b) => a - b);

/** Iterations per scale for each quality, relative to the engine's default. */
export const QUALITY_PRESETS = [
  { id: 'fast', label: 'Fast', iterations: Math.max(1, Math.round(DEFAULT_SETTINGS.iterations * 0.4)) },
  { id: 'normal', label: 'Normal', iterations: DEFAULT_SETTINGS.iterations },
  { id: 'high', label: 'High', iterations: DEFAULT_SETTINGS.iterations * 2 },
] as const;

/** Slider ranges of the loss weights, in powers of ten around the defaults. */
export const WEIGHT_RANGES = {
  content: { min: Math.log10(DEFAULT_WEIGHTS.content) - 2, max: Math.log10(DEFAULT_WEIGHTS.content) + 2 },
  style: { min: Math.log10(DEFAULT_WEIGHTS.style) - 2, max: Math.log10(DEFAULT_WEIGHTS.style) + 2 },
} as const;

/** Photos are scaled down to this long side on loading: larger only costs memory. */
export const MAX_INPUT_SIDE = 4096;

/** Settings a URL may carry, e.g. ?backend=wasm&size=128&iterations=20 (for tests and comparisons). */
export interface UrlOptions {
  backend?: BackendName;
  size?: number;
  iterations?: number;
}

function integerParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const value = Number(params.get(name));
  return params.has(name) && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

export function readUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const backend = params.get('backend');
  return {
    backend: isBackendName(backend) ? backend : undefined,
    size: integerParam(params, 'size', 64, 2048),
    iterations: integerParam(params, 'iterations', 1, 2000),
  };
}
