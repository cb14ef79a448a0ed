import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type StyleSettings } from '../engine/settings';
import { ignoredSettingsNotice } from './settingsPersistence';
import { backendFromSearch, ignoredSettingParams, searchWithSettings, settingsFromSearch, settingsToSearch } from './settingsUrl';

/** Every setting away from its default. */
const CHANGED: StyleSettings = {
  size: 1024,
  iterations: 50,
  coarseIterations: 10,
  scales: 2,
  weights: { content: 0.5, style: 25, tv: 0.125, temporal: 2000 },
  contentLayers: { relu3_2: 1, relu4_2: 0.5 },
  styleLayers: { relu1_1: 1, relu2_1: 0.5 },
  styleTerm: 'inetwork',
  pooling: 'avg',
  optimizer: 'adam',
  learningRate: 4,
  lbfgsHistory: 12,
  pyramidLevels: 0,
  init: 'noise',
  seed: 4_000_000_000,
  colour: 'luminance',
  styleScale: 1.5,
  tileSize: 256,
};

describe('settings in the URL', () => {
  it('writes nothing for the defaults', () => {
    expect(settingsToSearch(DEFAULT_SETTINGS)).toBe('');
    expect(settingsFromSearch('')).toBeUndefined();
  });

  it('round-trips every setting', () => {
    expect(settingsFromSearch(settingsToSearch(CHANGED))).toEqual(CHANGED);
  });

  it('writes only what differs, readably', () => {
    const search = settingsToSearch({ ...DEFAULT_SETTINGS, size: 1024, styleLayers: { relu1_1: 1, relu2_1: 0.5 } });
    expect(search).toBe('?size=1024&styleLayers=relu1_1:1,relu2_1:0.5');
    expect(settingsToSearch({ ...DEFAULT_SETTINGS, weights: { ...DEFAULT_SETTINGS.weights, tv: 0.25 } })).toBe('?tv=0.25');
  });

  it('reads the short test URLs, leaving the rest at the defaults', () => {
    expect(settingsFromSearch('?backend=wasm&size=128&iterations=5')).toEqual({ ...DEFAULT_SETTINGS, size: 128, iterations: 5 });
    expect(backendFromSearch('?backend=wasm&size=128')).toBe('wasm');
  });

  it('ignores garbage and keeps the valid rest', () => {
    const garbage =
      '?size=abc&iterations=-3&scales=2.5&style=&tv=-1&content=NaN&pooling=median&optimizer=sgd&lr=0&history=1e9' +
      '&init=photo&seed=-1&colour=sepia&styleScale=100&tile=7&contentLayers=relu9_9:1&styleLayers=relu1_1:x&backend=tpu';
    expect(settingsFromSearch(garbage)).toBeUndefined();
    expect(backendFromSearch(garbage)).toBeUndefined();
    expect(settingsFromSearch('?size=abc&seed=7&colour=sepia&tile=512px&styleScale=2')).toEqual({
      ...DEFAULT_SETTINGS,
      seed: 7,
      styleScale: 2,
    });
  });

  it('keeps at least one layer: a query that leaves none has its layers ignored', () => {
    expect(settingsFromSearch('?contentLayers=')).toEqual({ ...DEFAULT_SETTINGS, contentLayers: {} });
    expect(settingsFromSearch('?contentLayers=&styleLayers=')).toBeUndefined();
  });

  it('keeps the other parameters, such as backend, in front', () => {
    const search = searchWithSettings('?backend=wasm&size=128&colour=histogram', { ...DEFAULT_SETTINGS, seed: 7 });
    expect(search).toBe('?backend=wasm&seed=7');
    expect(searchWithSettings('?backend=wasm', DEFAULT_SETTINGS)).toBe('?backend=wasm');
  });

  it('names what it ignored: hostile numbers, unknown layers, layers that leave none', () => {
    const hostile = `?size=1e308&iterations=NaN&style=Infinity&tv=-0.5&seed=7&styleLayers=relu1_1:1,relu9_9:1&lr=${'9'.repeat(5000)}`;
    expect(settingsFromSearch(hostile)).toEqual({ ...DEFAULT_SETTINGS, seed: 7 });
    expect(ignoredSettingParams(hostile).map((p) => p.slice(0, 40))).toEqual([
      'size=1e308',
      'iterations=NaN',
      'styleLayers=relu1_1:1,relu9_9:1',
      `lr=${'9'.repeat(37)}`,
      'style=Infinity',
      'tv=-0.5',
    ]);
    expect(ignoredSettingParams('?contentLayers=&styleLayers=')).toEqual(['contentLayers=', 'styleLayers=']);
    expect(ignoredSettingParams('?size=1024&backend=tpu&utm_source=x')).toEqual([]);
  });

  it('gives one notice for the link and for damaged saved settings, quoting each value briefly', () => {
    expect(ignoredSettingsNotice('?size=1024', '?pooling=median')).toBeUndefined();
    expect(ignoredSettingsNotice('', '?size=1024')).toBeUndefined();
    expect(ignoredSettingsNotice('?size=abc', '')).toBe('Some settings in the link (size=abc) were not valid and were left at their defaults.');
    // The saved settings count only when the link names none.
    expect(ignoredSettingsNotice('?backend=wasm', `?pooling=median&lr=${'9'.repeat(100)}`)).toBe(
      `Some settings saved in this browser (pooling=median, lr=${'9'.repeat(37)}…) were not valid and were left at their defaults.`,
    );
  });
});
