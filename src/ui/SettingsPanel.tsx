import { useId } from 'react';
import { resetSettings, setIterations, setSize, setWeight, updateSettings } from '../state/actions';
import { COLOUR_LABELS, OUTPUT_SIZES, QUALITY_PRESETS, WEIGHT_RANGES } from '../state/options';
import { useAppStore } from '../state/store';
import { AdvancedSettings } from './AdvancedSettings';
import { ChoiceField } from './ChoiceField';
import { LogSlider } from './LogSlider';
import { StyleScaleSlider } from './StyleScaleSlider';
import { StyleStrength } from './StyleStrength';
import { TimeEstimate } from './TimeEstimate';

/** Log-scale slider of one loss weight: equal steps multiply the weight by equal factors. */
function WeightSlider({ kind, label, help }: { kind: 'content' | 'style'; label: string; help: string }) {
  const value = useAppStore((state) => state.settings.weights[kind]);
  const { min, max } = WEIGHT_RANGES[kind];
  return (
    <LogSlider label={label} help={help} value={value} base={10} minExponent={min} maxExponent={max} onValue={(weight) => setWeight(kind, weight)} />
  );
}

export function SettingsPanel() {
  const size = useAppStore((state) => state.settings.size);
  const iterations = useAppStore((state) => state.settings.iterations);
  const colour = useAppStore((state) => state.settings.colour);
  const sizeId = useId();
  const qualityId = useId();
  const sizes = OUTPUT_SIZES.includes(size) ? OUTPUT_SIZES : [...OUTPUT_SIZES, size].sort((a, b) => a - b);
  const preset = QUALITY_PRESETS.find((p) => p.iterations === iterations);
  return (
    <div className="settings">
      <StyleStrength />
      <WeightSlider kind="content" label="Content weight" help="Higher keeps more of the photo's shapes." />
      <WeightSlider kind="style" label="Style weight" help="Higher paints more strongly. Changes apply to a running job at once." />
      <ChoiceField
        label="Colours"
        help="Whose colours the result has. Keeping the photo's paints only the painting's brushwork and texture. From the next Start."
        value={colour}
        labels={COLOUR_LABELS}
        onChoose={(chosen) => updateSettings({ colour: chosen })}
      />
      <StyleScaleSlider />
      <div className="field-row">
        <div className="field">
          <label htmlFor={sizeId}>Output size</label>
          <select id={sizeId} value={size} onChange={(event) => setSize(Number(event.currentTarget.value))}>
            {sizes.map((s) => (
              <option key={s} value={s}>
                {s} px
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={qualityId}>Quality</label>
          <select
            id={qualityId}
            value={preset?.id ?? 'custom'}
            onChange={(event) => {
              const chosen = QUALITY_PRESETS.find((p) => p.id === event.currentTarget.value);
              if (chosen) setIterations(chosen.iterations);
            }}
          >
            {QUALITY_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label} · {p.iterations} steps
              </option>
            ))}
            {!preset && <option value="custom">{iterations} steps</option>}
          </select>
        </div>
      </div>
      <p className="field-help">Size is the long side of the result; steps are those at full size. Both apply from the next Start.</p>
      <TimeEstimate />
      <AdvancedSettings />
      <button type="button" className="button-quiet" onClick={resetSettings}>
        Reset to defaults
      </button>
    </div>
  );
}
