// The choices the controls offer. Defaults come from the engine's settings, never copied here.
import { DEFAULT_SETTINGS, DEFAULT_WEIGHTS, MIN_TILE_SIZE, type ColourMode, type InitialImage, type LossWeights, type OptimizerName, type StyleTermName } from '../engine/settings';
import type { Pooling } from '../engine/network/vgg19Architecture';

/** Photos are scaled down to this long side on loading: larger only costs memory. */
export const MAX_INPUT_SIDE = 4096;

/** Long sides of the output offered in the size menu (the default is always among them); large ones run in tiles. */
export const OUTPUT_SIZES = [...new Set([256, 384, 512, 768, 1024, 1536, 2048, 3072, MAX_INPUT_SIDE, DEFAULT_SETTINGS.size])].sort(
  (a, b) => a - b,
);

/** Iterations at the output size for each quality, relative to the engine's default. */
export const QUALITY_PRESETS = [
  { id: 'fast', label: 'Fast', iterations: Math.max(1, Math.round(DEFAULT_SETTINGS.iterations * 0.4)) },
  { id: 'normal', label: 'Normal', iterations: DEFAULT_SETTINGS.iterations },
  { id: 'high', label: 'High', iterations: DEFAULT_SETTINGS.iterations * 2 },
] as const;

/**
 * Style strength presets as loss weights relative to the engine's defaults. On the demo pictures
 * style weight 10 paints boldly and 2-3 subtly (docs/settings.md), hence ×2 and ×0.5; Bold also smooths a
 * little less, so that its stronger strokes stay crisp.
 */
export const STYLE_STRENGTHS: readonly { id: string; label: string; help: string; weights: LossWeights }[] = [
  {
    id: 'subtle',
    label: 'Subtle',
    help: 'A light touch of the painting: the photo stays clearly recognisable.',
    weights: { ...DEFAULT_WEIGHTS, style: DEFAULT_WEIGHTS.style * 0.5 },
  },
  { id: 'balanced', label: 'Balanced', help: 'The defaults: the photo repainted with the painting’s strokes.', weights: DEFAULT_WEIGHTS },
  {
    id: 'bold',
    label: 'Bold',
    help: 'Strong strokes and colours of the painting over the photo’s shapes.',
    weights: { ...DEFAULT_WEIGHTS, style: DEFAULT_WEIGHTS.style * 2, tv: DEFAULT_WEIGHTS.tv * 0.6 },
  },
];

/** Slider ranges of the loss weights, in powers of ten around the defaults. */
export const WEIGHT_RANGES = {
  content: { min: Math.log10(DEFAULT_WEIGHTS.content) - 2, max: Math.log10(DEFAULT_WEIGHTS.content) + 2 },
  style: { min: Math.log10(DEFAULT_WEIGHTS.style) - 2, max: Math.log10(DEFAULT_WEIGHTS.style) + 2 },
} as const;

const ITERATION_RANGE = { min: 1, max: 2000 } as const;

/** The values a setting may take, for the controls and for settings read from a URL or storage. */
export const SETTING_LIMITS = {
  size: { min: 64, max: MAX_INPUT_SIDE },
  iterations: ITERATION_RANGE,
  coarseIterations: ITERATION_RANGE,
  scales: { min: 1, max: 6 },
  lbfgsHistory: { min: 1, max: 50 },
  pyramidLevels: { min: 0, max: 6 },
  /** The noise generator takes 32-bit seeds. */
  seed: { min: 0, max: 2 ** 32 - 1 },
  styleScale: { min: 0.25, max: 4 },
  /** A step in pixel levels: past the 0..255 range it means nothing. */
  learningRate: { min: Number.MIN_VALUE, max: 255 },
  /** Far beyond the sliders; larger weights only overflow the loss. */
  weight: { min: 0, max: 1e6 },
  tileSize: { min: MIN_TILE_SIZE, max: 2048 },
} as const;

/** Runs longer than this get a warning before they start. */
export const LONG_RUN_SECONDS = 10 * 60;

export const POOLING_LABELS: Record<Pooling, string> = { max: 'Max pooling', avg: 'Average pooling (smoother)' };

export const STYLE_TERM_LABELS: Record<StyleTermName, string> = { gram: 'Gram matrices (Gatys et al.)', inetwork: 'INetwork (all 16 layers, chained)' };

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = { lbfgs: 'L-BFGS', adam: 'Adam' };

export const INITIAL_IMAGE_LABELS: Record<InitialImage, string> = {
  content: 'The photo',
  noise: 'Random noise',
  gray: 'Flat gray',
  previous: 'The last result',
};

export const COLOUR_LABELS: Record<ColourMode, string> = {
  none: 'Take the painting’s colours',
  luminance: 'Keep the photo’s colours (luminance only)',
  histogram: 'Match the painting’s colours to the photo (histogram)',
};
