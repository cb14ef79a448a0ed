import { useId } from 'react';
import type { LossWeights } from '../engine/settings';
import { setWeights } from '../state/actions';
import { STYLE_STRENGTHS } from '../state/options';
import { useAppStore } from '../state/store';

const sameWeights = (a: LossWeights, b: LossWeights) => a.content === b.content && a.style === b.style && a.tv === b.tv;

/** Subtle / Balanced / Bold: loss weights in one click; the one in use shows as pressed, none when custom. */
export function StyleStrength() {
  const weights = useAppStore((state) => state.settings.weights);
  const id = useId();
  const current = STYLE_STRENGTHS.find((preset) => sameWeights(preset.weights, weights));
  return (
    <div className="field">
      <span id={id} className="field-label">
        Style strength
      </span>
      <div className="segmented" role="group" aria-labelledby={id} aria-describedby={`${id}-help`}>
        {STYLE_STRENGTHS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            aria-pressed={preset === current}
            title={preset.help}
            onClick={() => setWeights(preset.weights)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <p id={`${id}-help`} className="field-help">
        {current?.help ?? 'Custom weights (set below). Pick a strength to start from one again; it applies to a running job at once.'}
      </p>
    </div>
  );
}
