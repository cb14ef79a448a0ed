import type { ReactNode } from 'react';
import { MIN_SCALE_SIZE, type StyleSettings } from '../engine/settings';
import { setWeight, updateSettings } from '../state/actions';
import { INITIAL_IMAGE_LABELS, OPTIMIZER_LABELS, POOLING_LABELS, SETTING_LIMITS, STYLE_TERM_LABELS } from '../state/options';
import { useAppStore } from '../state/store';
import { ChoiceField } from './ChoiceField';
import { LayerTable } from './LayerTable';
import { NumberField } from './NumberField';

/** A fresh seed for the noise start, anywhere in the generator's range. */
const randomSeed = () => Math.floor(Math.random() * (SETTING_LIMITS.seed.max + 1));

function DiceIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
      <rect x="3.5" y="3.5" width="17" height="17" rx="3.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <circle cx="8.5" cy="8.5" r="1.5" fill="currentColor" />
      <circle cx="12" cy="12" r="1.5" fill="currentColor" />
      <circle cx="15.5" cy="15.5" r="1.5" fill="currentColor" />
    </svg>
  );
}

/** The whole-number settings, each with its limits in SETTING_LIMITS. */
type CountSetting = 'seed' | 'lbfgsHistory' | 'pyramidLevels' | 'iterations' | 'coarseIterations' | 'scales' | 'tileSize';

interface CountFieldProps {
  setting: CountSetting;
  label: string;
  help: string;
  disabled?: boolean;
  children?: ReactNode;
}

/** A number box for one whole-number setting, held within its limits. */
function CountField({ setting, ...field }: CountFieldProps) {
  const value = useAppStore((state) => state.settings[setting]);
  const onValue = (chosen: number) => {
    const change: Partial<Pick<StyleSettings, CountSetting>> = { [setting]: chosen };
    updateSettings(change);
  };
  return <NumberField {...field} value={value} {...SETTING_LIMITS[setting]} integer onValue={onValue} />;
}

/** Every engine setting that the main panel does not show, each with what it does in plain words. */
export function AdvancedSettings() {
  const settings = useAppStore((state) => state.settings);
  const hasResult = useAppStore((state) => state.result !== undefined);
  const adam = settings.optimizer === 'adam';
  return (
    <details className="advanced-settings">
      <summary>Advanced</summary>
      <div className="advanced-body">
        <LayerTable />
        <div className="field-row">
          <ChoiceField
            label="Style term"
            help={
              settings.styleTerm === 'inetwork'
                ? "INetwork's: every layer's textures (the style layers above are not used), the deeper the weightier; slower."
                : "Gatys et al.'s: the painting's textures at the style layers above."
            }
            value={settings.styleTerm}
            labels={STYLE_TERM_LABELS}
            onChoose={(styleTerm) => updateSettings({ styleTerm })}
          />
        </div>
        <div className="field-row">
          <ChoiceField
            label="Pooling"
            help="How the network shrinks its view between layers; average pooling often gives smoother results."
            value={settings.pooling}
            labels={POOLING_LABELS}
            onChoose={(pooling) => updateSettings({ pooling })}
          />
          <NumberField
            label="Smoothness (total variation weight)"
            help="Higher smooths away speckles and noise. Applies to a running job at once."
            value={settings.weights.tv}
            min={0}
            onValue={(tv) => setWeight('tv', tv)}
          />
        </div>
        <div className="field-row">
          <ChoiceField
            label="Start from"
            help={hasResult ? 'The picture the painting starts from.' : 'The picture the painting starts from (the last result, once there is one).'}
            value={settings.init}
            labels={INITIAL_IMAGE_LABELS}
            isDisabled={(init) => init === 'previous' && !hasResult}
            onChoose={(init) => updateSettings({ init })}
          />
          <CountField setting="seed" label="Random seed" help="Used when starting from noise: the same seed repeats a run exactly.">
            <button type="button" className="button-quiet button-dice" aria-label="New random seed" title="New random seed" onClick={() => updateSettings({ seed: randomSeed() })}>
              <DiceIcon />
              New
            </button>
          </CountField>
        </div>
        <div className="field-row">
          <ChoiceField
            label="Optimiser"
            help="L-BFGS converges in fewer steps; Adam uses less memory per step."
            value={settings.optimizer}
            labels={OPTIMIZER_LABELS}
            onChoose={(optimizer) => updateSettings({ optimizer })}
          />
          <NumberField
            label="Step size"
            help={adam ? 'How far Adam moves the pixels each step, in levels of 0-255.' : 'How far L-BFGS tries its first step.'}
            value={settings.learningRate}
            min={0}
            aboveMin
            onValue={(learningRate) => updateSettings({ learningRate })}
          />
        </div>
        <div className="field-row">
          <CountField
            setting="lbfgsHistory"
            label="L-BFGS history"
            help={adam ? 'Only used by L-BFGS.' : 'How many past steps L-BFGS remembers to aim its next one.'}
            disabled={adam}
          />
          <CountField
            setting="pyramidLevels"
            label="L-BFGS pyramid levels"
            help={
              adam
                ? 'Only used by L-BFGS.'
                : 'Each step also moves the picture at ½, ¼, … of its size, so broad shapes settle sooner. 0: per-pixel steps, as the classic tools take.'
            }
            disabled={adam}
          />
        </div>
        <div className="field-row">
          <CountField setting="iterations" label="Steps at full size" help="Iterations at the output size: more refine the result and take longer." />
          <CountField
            setting="coarseIterations"
            label="Steps at each smaller scale"
            help="Iterations at each scale before the output size (at most the steps at full size). They lay out the broad shapes; a few do that as well as many."
            disabled={settings.scales < 2}
          />
        </div>
        <div className="field-row">
          <CountField
            setting="scales"
            label="Scales"
            help={`Painted first small, then at sizes doubling up to the output size (none below ${MIN_SCALE_SIZE} px).`}
          />
          <CountField
            setting="tileSize"
            label="Tile size"
            help="Large pictures are painted in overlapping tiles of this many pixels: smaller ones need less memory."
          />
        </div>
        <p className="field-help">These apply from the next Start, except smoothness.</p>
      </div>
    </details>
  );
}
