// Picks HPO terms by label, synonym or HP id. Searching runs in the main process over IPC (the ontology
// stays there, offline); keystrokes are debounced and a late answer to an older query is dropped, so the
// list always matches what is typed. Each result shows its definition on request.
import { useEffect, useRef, useState } from 'react';
import type { HpoTermInfo } from '../../../../shared/schemas/phenotype.ts';
import { describeError } from '../../lib/error-messages.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';

/** Short enough to feel immediate, long enough that fast typing sends one query, not one per key. */
const DEBOUNCE_MS = 120;

export function TermPicker({ chosenIds, onPick }: { chosenIds: ReadonlySet<string>; onPick: (term: HpoTermInfo, excluded: boolean) => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<HpoTermInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [searchedFor, setSearchedFor] = useState('');
  const latest = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults([]);
      setSearchedFor('');
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      call('phenotype:search-terms', { query: q, limit: 12 }).then(
        (r) => {
          if (ticket !== latest.current) return;
          setResults(r.terms);
          setSearchedFor(q);
          setError(null);
        },
        (err) => {
          if (ticket === latest.current) setError(err instanceof RequestError ? describeError(err.error) : String(err));
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <div className="gd-ph-picker" data-testid="ph-picker">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="ph-search">
          Find an HPO term
        </label>
        <div className="nhsuk-hint" id="ph-search-hint">
          Type part of a name, a synonym or an HP id, for example “seiz” or HP:0001250.
        </div>
        <input
          className="nhsuk-input"
          id="ph-search"
          type="search"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="ph-search-hint"
          aria-controls={results.length > 0 ? 'ph-results' : undefined}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {searchedFor ? `${results.length} terms found for ${searchedFor}` : ''}
      </p>
      {searchedFor && results.length === 0 && <p className="nhsuk-body-s">No HPO term matches “{searchedFor}”.</p>}
      {results.length > 0 && (
        <ul className="gd-ph-results nhsuk-list" id="ph-results" aria-label="Matching HPO terms" data-testid="ph-results">
          {results.map((t) => {
            const chosen = chosenIds.has(t.id);
            return (
              <li key={t.id} className="gd-ph-result" data-testid="ph-result">
                <div className="gd-ph-result-head">
                  <span>
                    <strong>{t.label}</strong> <span className="gd-muted">{t.id}</span>
                  </span>
                  {chosen ? (
                    <span className="nhsuk-tag nhsuk-tag--grey">Added</span>
                  ) : (
                    <span className="gd-ph-actions">
                      <button type="button" className="nhsuk-button gd-dx-small" onClick={() => onPick(t, false)} aria-label={`Add ${t.label} as present`}>
                        Present
                      </button>
                      <button type="button" className="nhsuk-button nhsuk-button--secondary gd-dx-small" onClick={() => onPick(t, true)} aria-label={`Add ${t.label} as looked for and absent`}>
                        Absent
                      </button>
                    </span>
                  )}
                </div>
                {t.synonyms.length > 0 && <div className="nhsuk-body-s gd-muted gd-ph-synonyms">Also: {t.synonyms.slice(0, 4).join('; ')}</div>}
                {t.definition && (
                  <details className="gd-ph-definition">
                    <summary>Definition</summary>
                    <p className="nhsuk-body-s">{t.definition}</p>
                  </details>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
