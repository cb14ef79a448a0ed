/** A field's label with its value shown beside it (read out with the control `id` names). */
export function FieldHead({ id, label, shown }: { id: string; label: string; shown: string }) {
  return (
    <div className="field-head">
      <label htmlFor={id}>{label}</label>
      <output htmlFor={id} className="field-value">
        {shown}
      </output>
    </div>
  );
}
