import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/schemas/sync.ts';
import { call, subscribe } from '../../lib/ipc-client.ts';

/** The sync status as the main process reports it: fetched once, then kept current by events. */
export function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    const unsubscribe = subscribe('sync:status-changed', (s) => live && setStatus(s));
    void call('sync:status', {}).then((s) => live && setStatus((current) => current ?? s));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return status;
}
