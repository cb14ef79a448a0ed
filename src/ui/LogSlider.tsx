import { useId } from 'react';
import { FieldHead } from './FieldHead';
import { formatWeight } from './format';

export interface LogSliderProps {
  label: string;
  help: string;
  value: number;
  /** Each step of the slider's exponent multiplies the value by this. */
  base: 2 | 10;
  /** The slider's ends, as exponents of `base`. */
  minExponent: number;
  maxExponent: number;
  /** Shown beside the label and read out; the value to two digits by default. */
  shown?: string;
  /** Gets the chosen value, to two significant digits. */
  onValue: (value: number) => void;
}

/** A labelled log-scale slider with its value and a line of help: equal steps multiply the value by equal factors. */
export function LogSlider({ label, help, value, base, minExponent, maxExponent, shown = formatWeight(value), onValue }: LogSliderProps) {
  const id = useId();
  const log = base === 2 ? Math.log2 : Math.log10;
  return (
    <div className="field">
      <FieldHead id={id} label={label} shown={shown} />
      <input
        id={id}
        type="range"
        min={minExponent}
        max={maxExponent}
        step={0.05}
        value={log(value)}
        aria-valuetext={shown}
        aria-describedby={`${id}-help`}
        onChange={(event) => onValue(Number((base ** Number(event.currentTarget.value)).toPrecision(2)))}
      />
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
    </div>
  );
}
