import { useId, useState } from 'react';
import { DEFAULT_SETTINGS, type LayerWeights } from '../engine/settings';
import { LAYER_NAMES, type LayerName } from '../engine/network/vgg19Architecture';
import { updateSettings } from '../state/actions';
import { useAppStore } from '../state/store';
import { NumberInput } from './NumberInput';

type Role = 'contentLayers' | 'styleLayers';

const ROLE_WORDS: Record<Role, string> = { contentLayers: 'content', styleLayers: 'style' };

/** Weight of a newly ticked layer: its default if it has one, else the share every default layer has. */
const NEW_LAYER_WEIGHT = 1;

const isUsed = (layers: LayerWeights, layer: LayerName) => (layers[layer] ?? 0) > 0;

/**
 * Which VGG19 layers describe the photo's content and the painting's style, each with its weight
 * (weights are shares: they are normalised to sum to 1 within content and within style).
 */
export function LayerTable() {
  const contentLayers = useAppStore((state) => state.settings.contentLayers);
  const styleLayers = useAppStore((state) => state.settings.styleLayers);
  // INetwork's style term takes every layer at its own weights: the style column does not apply.
  const styleColumnUnused = useAppStore((state) => state.settings.styleTerm === 'inetwork');
  const [refused, setRefused] = useState(false);
  const id = useId();
  const chosen: Record<Role, LayerWeights> = { contentLayers, styleLayers };

  const setLayer = (role: Role, layer: LayerName, weight: number | undefined) => {
    const layers: LayerWeights = { ...chosen[role], [layer]: weight };
    if (weight === undefined) delete layers[layer];
    const other = chosen[role === 'contentLayers' ? 'styleLayers' : 'contentLayers'];
    // The loss needs at least one layer, content or style.
    const none = LAYER_NAMES.every((l) => !isUsed(layers, l) && !isUsed(other, l));
    setRefused(none);
    if (!none) updateSettings({ [role]: layers });
  };

  const cell = (role: Role, layer: LayerName) => {
    const used = isUsed(chosen[role], layer);
    const words = ROLE_WORDS[role];
    const disabled = role === 'styleLayers' && styleColumnUnused;
    return (
      <td>
        <span className="layer-cell">
          <input
            type="checkbox"
            checked={used}
            disabled={disabled}
            aria-label={`${layer} for ${words}`}
            onChange={(event) =>
              setLayer(role, layer, event.currentTarget.checked ? (DEFAULT_SETTINGS[role][layer] ?? NEW_LAYER_WEIGHT) : undefined)
            }
          />
          {used && (
            <NumberInput
              className="layer-weight"
              aria-label={`Weight of ${layer} for ${words}`}
              value={chosen[role][layer]!}
              disabled={disabled}
              min={0}
              aboveMin
              onValue={(weight) => setLayer(role, layer, weight)}
            />
          )}
        </span>
      </td>
    );
  };

  return (
    <div className="field">
      <span className="field-label" id={`${id}-label`}>
        Network layers
      </span>
      <p className="field-help" id={`${id}-help`}>
        Content layers decide which shapes of the photo are kept; style layers which textures of the painting are copied
        (the first layers are fine detail, the last ones large patterns). Weights are shares within each column.
      </p>
      <div className="layer-table-scroll">
        <table className="layer-table" aria-labelledby={`${id}-label`} aria-describedby={`${id}-help`}>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Content</th>
              <th scope="col">Style</th>
            </tr>
          </thead>
          <tbody>
            {LAYER_NAMES.map((layer) => (
              <tr key={layer}>
                <th scope="row">{layer}</th>
                {cell('contentLayers', layer)}
                {cell('styleLayers', layer)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {refused && (
        <p className="field-message is-error" role="alert">
          At least one layer must stay selected, for content or for style: tick another one first.
        </p>
      )}
    </div>
  );
}
