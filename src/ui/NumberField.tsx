import { useId, type ReactNode } from 'react';
import { NumberInput, type NumberLimits } from './NumberInput';

interface NumberFieldProps extends NumberLimits {
  label: string;
  help: string;
  value: number;
  onValue(value: number): void;
  disabled?: boolean;
  /** Shown after the box, e.g. a button that picks a value. */
  children?: ReactNode;
}

/** A labelled number box with a line of help under it. */
export function NumberField({ label, help, children, ...input }: NumberFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="number-row">
        <NumberInput id={id} aria-describedby={`${id}-help`} {...input} />
        {children}
      </div>
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
    </div>
  );
}
