import { updateSettings } from '../state/actions';
import { SETTING_LIMITS } from '../state/options';
import { useAppStore } from '../state/store';
import { formatWeight } from './format';
import { LogSlider } from './LogSlider';

const { min, max } = SETTING_LIMITS.styleScale;

/** Log-scale slider of the painting's size relative to the output: equal steps multiply it by equal factors. */
export function StyleScaleSlider() {
  const styleScale = useAppStore((state) => state.settings.styleScale);
  return (
    <LogSlider
      label="Brush size (style scale)"
      help="How large the painting is seen: above 1× its strokes and patterns come out larger, below 1× finer. From the next Start."
      value={styleScale}
      base={2}
      minExponent={Math.log2(min)}
      maxExponent={Math.log2(max)}
      shown={`${formatWeight(styleScale)}×`}
      onValue={(value) => updateSettings({ styleScale: value })}
    />
  );
}
