import type { LayerName, Pooling } from './network/vgg19Architecture';

/** Per-layer weights, e.g. { relu4_2: 1 }. They are normalised to sum to 1. */
export type LayerWeights = Partial<Record<LayerName, number>>;

export type OptimizerName = 'lbfgs' | 'adam';
/** Where the first scale starts: the photo, seeded noise, flat gray, or a result from before. */
export type InitialImage = 'content' | 'noise' | 'gray' | 'previous';
export const INITIAL_IMAGES: readonly InitialImage[] = ['content', 'noise', 'gray', 'previous'];

/**
 * Colour preservation (Gatys et al., "Preserving Color in Neural Artistic Style Transfer"):
 * 'luminance' transfers the style on brightness alone and keeps the photo's colours;
 * 'histogram' first gives the painting the photo's colour statistics.
 */
export type ColourMode = 'none' | 'luminance' | 'histogram';
export const COLOUR_MODES: readonly ColourMode[] = ['none', 'luminance', 'histogram'];
export const OPTIMIZERS: readonly OptimizerName[] = ['lbfgs', 'adam'];

/**
 * The style term: 'gram' is Gatys et al.'s (the Gram matrices at the chosen style layers);
 * 'inetwork' is INetwork's (Novak & Nikulin's improvements: all 16 layers, shifted activations,
 * a chain of adjacent layers' losses with weights growing with depth), which ignores the style layers.
 */
export type StyleTermName = 'gram' | 'inetwork';
export const STYLE_TERMS: readonly StyleTermName[] = ['gram', 'inetwork'];

/** The weights of the loss terms: the only settings that may change during a run. */
export interface LossWeights {
  content: number;
  style: number;
  tv: number;
  /**
   * A video's steadiness: how closely each frame keeps the previous result carried along the
   * motion (Ruder et al.). Only video frames have the term; a photo's weights may leave it out.
   */
  temporal?: number;
}

export interface StyleSettings {
  /** Long side of the output in pixels; the aspect ratio is the photo's. */
  size: number;
  /** Iterations at the output size: the last scale. */
  iterations: number;
  /**
   * Iterations at each smaller scale before it (never more than `iterations`). They only lay
   * out the broad shapes for the last scale, and a few do that as well as many.
   */
  coarseIterations: number;
  /** Number of scales, each twice the size of the one before, ending at `size`. */
  scales: number;
  weights: LossWeights;
  contentLayers: LayerWeights;
  styleLayers: LayerWeights;
  styleTerm: StyleTermName;
  pooling: Pooling;
  optimizer: OptimizerName;
  /** Adam's step in pixel levels (0..255); L-BFGS's first step scale. */
  learningRate: number;
  /** How many past steps L-BFGS remembers. */
  lbfgsHistory: number;
  /**
   * Coarser levels that each L-BFGS step also moves the picture at (1/2, 1/4, … of its size):
   * the broad shapes settle in fewer steps. 0 gives the plain per-pixel steps of the classic tools.
   */
  pyramidLevels: number;
  init: InitialImage;
  /** Seed of the noise initial image, so that a run can be repeated exactly. */
  seed: number;
  colour: ColourMode;
  /**
   * Size of the painting relative to the output (neural-style's -style_scale): above 1 the
   * painting is seen larger, so its brush strokes come out larger.
   */
  styleScale: number;
  /**
   * Longest side one optimisation step works on. Larger scales are optimised in overlapping
   * tiles of this size with blended seams, so that high resolutions fit in memory.
   */
  tileSize: number;
}

export const DEFAULT_CONTENT_LAYERS: LayerWeights = { relu4_2: 1 };
export const DEFAULT_STYLE_LAYERS: LayerWeights = { relu1_1: 1, relu2_1: 1, relu3_1: 1, relu4_1: 1, relu5_1: 1 };

export const DEFAULT_WEIGHTS: LossWeights = { content: 1, style: 5, tv: 0.5, temporal: 1000 };

export const DEFAULT_SETTINGS: StyleSettings = {
  size: 512,
  iterations: 150,
  coarseIterations: 30,
  scales: 3,
  weights: DEFAULT_WEIGHTS,
  contentLayers: DEFAULT_CONTENT_LAYERS,
  styleLayers: DEFAULT_STYLE_LAYERS,
  styleTerm: 'gram',
  pooling: 'max',
  optimizer: 'lbfgs',
  learningRate: 8,
  lbfgsHistory: 8,
  pyramidLevels: 5,
  init: 'content',
  seed: 0,
  colour: 'none',
  styleScale: 1,
  tileSize: 512,
};

/** Smallest long side a scale may have: below it VGG19's deepest layers have no room. */
export const MIN_SCALE_SIZE = 128;
/** Smallest tile: the out-of-memory fallback halves the tile size down to this. */
export const MIN_TILE_SIZE = 128;
/** The painting is never seen smaller than this, whatever the style scale. */
export const MIN_STYLE_SIZE = 64;

/** The settings with every one not given (or given as undefined) at its default. */
export function withDefaults(partial: Partial<StyleSettings> = {}): StyleSettings {
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  return {
    ...DEFAULT_SETTINGS,
    ...given,
    weights: { ...DEFAULT_WEIGHTS, ...partial.weights },
  };
}
