// VGG19's golden activations (shared/golden/vgg19-features.json, from an independent PyTorch
// implementation) and how closely the engine must reproduce them on any backend: the Node tests
// and the browser tests (wasm, WebGL, WebGPU) hold the network to the same numbers.
import type { LayerName, Pooling } from '../network/vgg19Architecture';
import type { FeatureSummary, Probe } from './featureSummary';

export interface GoldenLayer {
  shape: [number, number, number];
  mean: number;
  std: number;
  max: number;
  /** [row, column, channel, value]. */
  probes: [number, number, number, number][];
  gram: FeatureSummary['gram'];
}

export interface GoldenFeatures {
  input: { height: number; width: number };
  layers: Record<Pooling, Partial<Record<LayerName, GoldenLayer>>>;
}

/** The golden input, RGB row by row: x[y][x][c] = 127.5 + 127.5 sin(0.37y + 0.23x(1 + 0.5c) + 1.7c). */
export function goldenInput({ height, width }: GoldenFeatures['input']): Float32Array {
  const values = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) values[(y * width + x) * 3 + c] = 127.5 + 127.5 * Math.sin(0.37 * y + 0.23 * x * (1 + 0.5 * c) + 1.7 * c);
  return values;
}

/** The probed positions of each golden layer, to be read from the engine's activations. */
export function goldenProbes(layers: GoldenFeatures['layers'][Pooling]): Partial<Record<LayerName, Probe[]>> {
  return Object.fromEntries(Object.entries(layers).map(([layer, { probes }]) => [layer, probes.map(([row, col, channel]) => [row, col, channel])]));
}

/** The stated tolerance of float32 implementations: relative on the statistics, with an absolute floor near zero. */
const RELATIVE = 1e-3;
/** Absolute on the probes; large activations add float32 rounding of a few 1e-3 relative on top. */
const PROBE_ABSOLUTE = 1e-2;
const PROBE_RELATIVE = 1e-5;

/** Where `summaries` and the golden layers disagree beyond the tolerance, in words; empty when they agree. */
export function goldenDisagreements(
  summaries: Partial<Record<LayerName, FeatureSummary>>,
  golden: GoldenFeatures['layers'][Pooling],
  what: string,
): string[] {
  const found: string[] = [];
  const close = (actual: number, expected: number, name: string) => {
    if (!(Math.abs(actual - expected) <= RELATIVE * Math.max(Math.abs(expected), 1))) found.push(`${what} ${name}: ${actual} vs ${expected}`);
  };
  for (const [layer, want] of Object.entries(golden) as [LayerName, GoldenLayer][]) {
    const got = summaries[layer];
    if (!got || got.shape.join('x') !== want.shape.join('x')) {
      found.push(`${what} ${layer}: shape ${got?.shape.join('x')} vs ${want.shape.join('x')}`);
      continue;
    }
    close(got.mean, want.mean, `${layer} mean`);
    close(got.std, want.std, `${layer} std`);
    close(got.max, want.max, `${layer} max`);
    want.probes.forEach(([row, col, channel, expected], i) => {
      const actual = got.probes[i];
      if (!(Math.abs(actual - expected) <= PROBE_ABSOLUTE + PROBE_RELATIVE * Math.abs(expected)))
        found.push(`${what} ${layer} probe ${row},${col},${channel}: ${actual} vs ${expected}`);
    });
    for (const key of ['sum', 'trace', 'g00', 'g01', 'glast'] as const) close(got.gram[key], want.gram[key], `${layer} gram ${key}`);
  }
  return found;
}
