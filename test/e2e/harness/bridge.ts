// Browser side of the loopback harness: defines `window.genodesk` with the same createBridge as the
// Electron preload, carried over HTTP (invoke) and Server-Sent Events (on) to the harness server.
import { createBridge } from '../../../shared/ipc/bridge.ts';
import type { IpcResult } from '../../../shared/ipc/contract.ts';

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? sessionStorage.getItem('genodesk-harness-token') ?? '';
sessionStorage.setItem('genodesk-harness-token', token);

let source: EventSource | null = null;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

function ensureEvents(): void {
  if (source) return;
  source = new EventSource(`/__events?token=${encodeURIComponent(token)}`);
  source.onmessage = (message) => {
    const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
    listeners.get(event)?.forEach((l) => l(payload));
  };
}

(window as unknown as { genodesk: unknown }).genodesk = createBridge({
  async invoke(channel, input) {
    const res = await fetch('/__ipc', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-genodesk-token': token },
      body: JSON.stringify({ channel, input: input === undefined ? null : input }),
    });
    return (await res.json()) as IpcResult<unknown>;
  },
  subscribe(event, listener) {
    ensureEvents();
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event)!.add(listener);
    return () => listeners.get(event)?.delete(listener);
  },
});
