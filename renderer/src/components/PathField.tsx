import type { ChannelInput } from '../../../shared/ipc/contract.ts';
import { call } from '../lib/ipc-client.ts';

type ChooseFilePurpose = ChannelInput<'app:choose-file'>['purpose'];

/**
 * A file path field: the native chooser fills it where there is one; it can always be typed (the browser
 * harness has no chooser and answers null).
 */
export function PathField({
  id,
  label,
  hint,
  value,
  error,
  disabled,
  purpose,
  chooseLabel,
  onChange,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  error?: string;
  disabled?: boolean;
  purpose: ChooseFilePurpose;
  chooseLabel: string;
  onChange: (value: string) => void;
}) {
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  async function choose() {
    const { path } = await call('app:choose-file', { purpose });
    if (path) onChange(path);
  }
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <div className="nhsuk-hint" id={`${id}-hint`}>
        {hint}
      </div>
      {error && (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      )}
      <div className="gd-search-row">
        <input
          className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={id}
          type="text"
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={describedBy}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
        />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0 gd-path-choose" type="button" onClick={choose} disabled={disabled}>
          {chooseLabel}
        </button>
      </div>
    </div>
  );
}
