import { useId } from 'react';
import { updateSettings } from '../state/actions';
import { SETTING_LIMITS } from '../state/options';
import { useAppStore } from '../state/store';
import { formatWeight } from './format';

const { min, max } = SETTING_LIMITS.styleScale;

/** Log-scale slider of the painting's size relative to the output: equal steps multiply it by equal factors. */
export function StyleScaleSlider() {
  const styleScale = useAppStore((state) => state.settings.styleScale);
  const id = useId();
  const shown = `${formatWeight(styleScale)}×`;
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={id}>Brush size (style scale)</label>
        <output htmlFor={id} className="field-value">
          {shown}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={Math.log2(min)}
        max={Math.log2(max)}
        step={0.05}
        value={Math.log2(styleScale)}
        aria-valuetext={shown}
        aria-describedby={`${id}-help`}
        onChange={(event) => updateSettings({ styleScale: Number((2 ** Number(event.currentTarget.value)).toPrecision(2)) })}
      />
      <p id={`${id}-help`} className="field-help">
        How large the painting is seen: above 1× its strokes and patterns come out larger, below 1× finer. From the next Start.
      </p>
    </div>
  );
}
