import { useState, type InputHTMLAttributes } from 'react';

export interface NumberLimits {
  min: number;
  max?: number;
  /** True when `min` itself is not allowed (a weight or a step must be above zero). */
  aboveMin?: boolean;
  integer?: boolean;
}

type NumberInputProps = NumberLimits &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'min' | 'max'> & {
    value: number;
    onValue(value: number): void;
  };

/** The typed number; an empty box is none (Number('') would be 0). */
const parse = (text: string) => (text.trim() === '' ? NaN : Number(text));

function isAllowed(value: number, { min, max = Infinity, aboveMin = false, integer = false }: NumberLimits): boolean {
  return Number.isFinite(value) && (aboveMin ? value > min : value >= min) && value <= max && (!integer || Number.isInteger(value));
}

/**
 * A number box that passes on only allowed values. What is typed stays as typed while the box
 * has focus (so that it can be cleared and retyped); leaving it shows the value in use again.
 */
export function NumberInput({ value, onValue, min, max, aboveMin, integer, ...rest }: NumberInputProps) {
  const [draft, setDraft] = useState<string>();
  const limits = { min, max, aboveMin, integer };
  const invalid = draft !== undefined && !isAllowed(parse(draft), limits);
  return (
    <input
      {...rest}
      type="number"
      inputMode={integer ? 'numeric' : 'decimal'}
      min={min}
      max={max}
      step={integer ? 1 : 'any'}
      value={draft ?? String(value)}
      aria-invalid={invalid || undefined}
      onChange={(event) => {
        const text = event.currentTarget.value;
        setDraft(text);
        const typed = parse(text);
        if (isAllowed(typed, limits)) onValue(typed);
      }}
      onBlur={() => setDraft(undefined)}
    />
  );
}
