import { useState } from 'react';
import type { SyncStatus } from '../../../../shared/schemas/sync.ts';
import { call, RequestError } from '../../lib/ipc-client.ts';
import { describeError } from '../../lib/error-messages.ts';
import type { Navigate } from '../../navigation.ts';
import { useSyncStatus } from './use-sync-status.ts';

const LABEL: Record<SyncStatus['state'], { text: string; tag: string }> = {
  offline: { text: 'Offline', tag: 'nhsuk-tag--grey' },
  syncing: { text: 'Syncing', tag: 'nhsuk-tag--blue' },
  'up-to-date': { text: 'Up to date', tag: 'nhsuk-tag--green' },
  error: { text: 'Sync problem', tag: 'nhsuk-tag--red' },
};

/**
 * Header status: offline is the normal case and never blocks work; the count of waiting changes and the
 * last error in plain words tell the counsellor nothing is lost.
 */
export function SyncIndicator({ navigate }: { navigate: Navigate }) {
  const status = useSyncStatus();
  const [manualError, setManualError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!status) return null;
  const label = LABEL[status.state];

  async function syncNow() {
    setBusy(true);
    setManualError(null);
    try {
      await call('sync:now', {});
    } catch (err) {
      setManualError(err instanceof RequestError ? describeError(err.error) : String(err));
    } finally {
      setBusy(false);
    }
  }

  const error = manualError ?? (status.state === 'up-to-date' ? null : status.lastError);
  return (
    <div className="gd-sync" data-testid="sync-status" role="status" aria-live="polite">
      <strong className={`nhsuk-tag ${label.tag}`} data-testid="sync-state">
        {label.text}
      </strong>
      <span className="gd-sync__detail" data-testid="sync-pending">
        {status.pending === 0 ? 'No changes waiting' : status.pending === 1 ? '1 change waiting' : `${status.pending} changes waiting`}
      </span>
      {status.conflicts > 0 && (
        <a
          href="#"
          className="gd-sync__link"
          data-testid="sync-conflicts-link"
          onClick={(e) => {
            e.preventDefault();
            navigate({ screen: 'conflicts' });
          }}
        >
          {status.conflicts === 1 ? '1 conflict to resolve' : `${status.conflicts} conflicts to resolve`}
        </a>
      )}
      <button type="button" className="gd-sync__button" onClick={syncNow} disabled={busy || status.state === 'syncing'}>
        Sync now
      </button>
      <a
        href="#"
        className="gd-sync__link"
        onClick={(e) => {
          e.preventDefault();
          navigate({ screen: 'settings' });
        }}
      >
        Settings
      </a>
      {error && (
        <span className="gd-sync__error" data-testid="sync-error">
          {error}
        </span>
      )}
    </div>
  );
}
