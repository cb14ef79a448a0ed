import { useId } from 'react';

interface ChoiceFieldProps<T extends string> {
  label: string;
  help: string;
  value: T;
  /** The choices in order, with the words shown for each. */
  labels: Record<T, string>;
  onChoose(value: T): void;
  /** Choices that cannot be taken now. */
  isDisabled?(value: T): boolean;
  disabled?: boolean;
}

/** A labelled menu of named choices with a line of help under it. */
export function ChoiceField<T extends string>({ label, help, value, labels, onChoose, isDisabled, disabled }: ChoiceFieldProps<T>) {
  const id = useId();
  const choices = Object.keys(labels) as T[];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-help`}
        onChange={(event) => {
          const chosen = choices.find((choice) => choice === event.currentTarget.value);
          if (chosen) onChoose(chosen);
        }}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice} disabled={isDisabled?.(choice)}>
            {labels[choice]}
          </option>
        ))}
      </select>
      <p id={`${id}-help`} className="field-help">
        {help}
      </p>
    </div>
  );
}
