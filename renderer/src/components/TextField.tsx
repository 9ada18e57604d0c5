export interface TextFieldProps {
  id: string;
  label: string;
  hint?: string;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  width?: 'nhsuk-input--width-10' | 'nhsuk-input--width-20' | 'nhsuk-input--width-30';
  inputMode?: 'numeric' | 'text';
  autoComplete?: string;
}

/** NHS.UK text input: label, optional hint, and the error message next to the field it is about. */
export function TextField({ id, label, hint, value, error, onChange, width, inputMode, autoComplete = 'off' }: TextFieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <input
        className={`nhsuk-input${width ? ` ${width}` : ''}${error ? ' nhsuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        value={value}
        inputMode={inputMode}
        autoComplete={autoComplete}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
