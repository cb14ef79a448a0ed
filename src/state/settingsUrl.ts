// Settings as readable query parameters (?size=1024&style=10&pooling=avg&styleLayers=relu1_1:1,relu2_1:0.5):
// only those that differ from the engine's defaults are written, and reading them back ignores
// any value that is not valid, so that a hand-edited or stale link never breaks a run.
import {
  COLOUR_MODES,
  DEFAULT_SETTINGS,
  INITIAL_IMAGES,
  OPTIMIZERS,
  STYLE_TERMS,
  type LayerWeights,
  type LossWeights,
  type StyleSettings,
} from '../engine/settings';
import { LAYER_NAMES, type Pooling } from '../engine/network/vgg19Architecture';
import { isBackendName, type BackendName } from '../worker/protocol';
import { POOLING_LABELS, SETTING_LIMITS } from './options';

/** How one setting is written to a parameter and read back; `read` gives undefined for an invalid value. */
interface Codec<T> {
  read(text: string): T | undefined;
  write(value: T): string;
}

type Param<T> = Codec<T> & { name: string };

function numberBetween({ min, max }: { min: number; max: number }, integer = false): Codec<number> {
  return {
    read(text) {
      // Number('') is 0: an empty parameter is not a number.
      const value = text.trim() === '' ? NaN : Number(text);
      const valid = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
      return valid ? value : undefined;
    },
    write: String,
  };
}

const integerBetween = (limits: { min: number; max: number }) => numberBetween(limits, true);
const positive = numberBetween({ min: Number.MIN_VALUE, max: Infinity });
const weight = numberBetween(SETTING_LIMITS.weight);

function oneOf<T extends string>(choices: readonly T[]): Codec<T> {
  return { read: (text) => choices.find((choice) => choice === text), write: (value) => value };
}

/** Layers as `relu1_1:1,relu2_1:0.5` in the network's order; an empty value means none. */
const layerList: Codec<LayerWeights> = {
  read(text) {
    const layers: LayerWeights = {};
    for (const entry of text.split(',').filter(Boolean)) {
      const [name, weightText = '', ...extra] = entry.split(':');
      const layer = LAYER_NAMES.find((l) => l === name);
      const weight = positive.read(weightText);
      if (!layer || weight === undefined || extra.length > 0 || layer in layers) return undefined;
      layers[layer] = weight;
    }
    return layers;
  },
  write: (layers) =>
    LAYER_NAMES.filter((layer) => (layers[layer] ?? 0) > 0)
      .map((layer) => `${layer}:${layers[layer]}`)
      .join(','),
};

type SettingName = Exclude<keyof StyleSettings, 'weights'>;

/** Every setting's parameter (the mapped types make a new engine setting a type error here until it has one). */
const SETTING_PARAMS: { [K in SettingName]: Param<StyleSettings[K]> } = {
  size: { name: 'size', ...integerBetween(SETTING_LIMITS.size) },
  iterations: { name: 'iterations', ...integerBetween(SETTING_LIMITS.iterations) },
  coarseIterations: { name: 'coarse', ...integerBetween(SETTING_LIMITS.coarseIterations) },
  scales: { name: 'scales', ...integerBetween(SETTING_LIMITS.scales) },
  contentLayers: { name: 'contentLayers', ...layerList },
  styleLayers: { name: 'styleLayers', ...layerList },
  styleTerm: { name: 'styleTerm', ...oneOf(STYLE_TERMS) },
  pooling: { name: 'pooling', ...oneOf(Object.keys(POOLING_LABELS) as Pooling[]) },
  optimizer: { name: 'optimizer', ...oneOf(OPTIMIZERS) },
  learningRate: { name: 'lr', ...numberBetween(SETTING_LIMITS.learningRate) },
  lbfgsHistory: { name: 'history', ...integerBetween(SETTING_LIMITS.lbfgsHistory) },
  pyramidLevels: { name: 'pyramid', ...integerBetween(SETTING_LIMITS.pyramidLevels) },
  init: { name: 'init', ...oneOf(INITIAL_IMAGES) },
  seed: { name: 'seed', ...integerBetween(SETTING_LIMITS.seed) },
  colour: { name: 'colour', ...oneOf(COLOUR_MODES) },
  styleScale: { name: 'styleScale', ...numberBetween(SETTING_LIMITS.styleScale) },
  tileSize: { name: 'tile', ...integerBetween(SETTING_LIMITS.tileSize) },
};

const WEIGHT_PARAMS: { [K in keyof LossWeights]-?: Param<number> } = {
  content: { name: 'content', ...weight },
  style: { name: 'style', ...weight },
  tv: { name: 'tv', ...weight },
  temporal: { name: 'steadiness', ...weight },
};

const SETTING_NAMES = Object.keys(SETTING_PARAMS) as SettingName[];
const WEIGHT_NAMES = Object.keys(WEIGHT_PARAMS) as (keyof LossWeights)[];
const PARAM_NAMES = new Set([...SETTING_NAMES.map((s) => SETTING_PARAMS[s].name), ...WEIGHT_NAMES.map((w) => WEIGHT_PARAMS[w].name)]);

/** The parameter of a setting whose value differs from the default, if it does. */
function changedParam<K extends SettingName>(settings: StyleSettings, key: K): [string, string] | undefined {
  const { name, write } = SETTING_PARAMS[key];
  const value = write(settings[key]);
  return value === write(DEFAULT_SETTINGS[key]) ? undefined : [name, value];
}

/** Percent-encodes a name or value, but leaves `:` and `,` (legal in a query) readable. */
const readable = (text: string) => encodeURIComponent(text).replace(/%3A/gi, ':').replace(/%2C/gi, ',');

/**
 * `search` with its settings parameters replaced by those of `settings` that differ from the
 * defaults; other parameters (such as `backend`) are kept in front.
 */
export function searchWithSettings(search: string, settings: StyleSettings): string {
  const kept = [...new URLSearchParams(search)].filter(([name]) => !PARAM_NAMES.has(name));
  const changed = [
    ...SETTING_NAMES.map((key) => changedParam(settings, key)),
    ...WEIGHT_NAMES.map((kind): [string, string] | undefined => {
      const { name, write } = WEIGHT_PARAMS[kind];
      const value = settings.weights[kind];
      return value === undefined || value === DEFAULT_SETTINGS.weights[kind] ? undefined : [name, write(value)];
    }),
  ].filter((param) => param !== undefined);
  const pairs = [...kept, ...changed];
  return pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${readable(name)}=${readable(value)}`).join('&')}`;
}

/** The query (`?…`, or '' for the defaults) that carries the settings that differ from the defaults. */
export function settingsToSearch(settings: StyleSettings): string {
  return searchWithSettings('', settings);
}

/** What a query says of the settings: the valid values, and the parameters that were not taken. */
interface ReadSearch {
  settings: Partial<StyleSettings>;
  weights: Partial<LossWeights>;
  /** `name=value` of each parameter that names a setting but was invalid or hostile (NaN, 1e308, an unknown layer). */
  ignored: string[];
}

function readSearch(search: string): ReadSearch {
  const params = new URLSearchParams(search);
  const settings: Partial<StyleSettings> = {};
  const weights: Partial<LossWeights> = {};
  const ignored: string[] = [];
  const take = <T>(param: Param<T>, keep: (value: T) => void) => {
    const text = params.get(param.name);
    if (text === null) return;
    const value = param.read(text);
    if (value === undefined) ignored.push(`${param.name}=${text}`);
    else keep(value);
  };
  for (const key of SETTING_NAMES) take(SETTING_PARAMS[key] as Param<unknown>, (value) => Object.assign(settings, { [key]: value }));
  for (const kind of WEIGHT_NAMES) take(WEIGHT_PARAMS[kind], (value) => (weights[kind] = value));
  const contentLayers = settings.contentLayers ?? DEFAULT_SETTINGS.contentLayers;
  const styleLayers = settings.styleLayers ?? DEFAULT_SETTINGS.styleLayers;
  // The loss needs at least one layer: a query that leaves none has its layer choice ignored.
  if (Object.keys(contentLayers).length + Object.keys(styleLayers).length === 0) {
    for (const key of ['contentLayers', 'styleLayers'] as const) {
      const { name } = SETTING_PARAMS[key];
      if (key in settings) ignored.push(`${name}=${params.get(name)}`);
      delete settings[key];
    }
  }
  return { settings, weights, ignored };
}

/** The settings a query carries, the others at their defaults; undefined when it carries no valid one. */
export function settingsFromSearch(search: string): StyleSettings | undefined {
  const { settings, weights } = readSearch(search);
  if (Object.keys(settings).length + Object.keys(weights).length === 0) return undefined;
  return { ...DEFAULT_SETTINGS, ...settings, weights: { ...DEFAULT_SETTINGS.weights, ...weights } };
}

/** The parameters of a query that name a setting but were not taken, as `name=value`. */
export function ignoredSettingParams(search: string): string[] {
  return readSearch(search).ignored;
}

/** The backend a query forces (?backend=wasm), for tests and comparisons. */
export function backendFromSearch(search: string): BackendName | undefined {
  const backend = new URLSearchParams(search).get('backend');
  return isBackendName(backend) ? backend : undefined;
}
