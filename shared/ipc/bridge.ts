import type { IpcResult } from './contract.ts';
import { CHANNELS, EVENTS } from './channel-names.ts';

/** What the preload (or, in the browser harness, the loopback bridge) exposes as `window.genodesk`: nothing else. */
export interface GenoDeskBridge {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export interface BridgeTransport {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

const channelSet: ReadonlySet<string> = new Set(CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENTS);

/**
 * The bridge refuses any channel or event not in the contract before anything is sent, so a
 * compromised page cannot reach arbitrary main-process listeners through it.
 */
export function createBridge(transport: BridgeTransport): GenoDeskBridge {
  return Object.freeze({
    invoke(channel: string, input: unknown) {
      if (typeof channel !== 'string' || !channelSet.has(channel)) {
        return Promise.resolve({
          ok: false as const,
          error: { code: 'ipc/unknown-channel' as const, message: `Unknown request "${String(channel).slice(0, 64)}".`, details: {} },
        });
      }
      return transport.invoke(channel, input);
    },
    on(event: string, listener: (payload: unknown) => void) {
      if (typeof event !== 'string' || !eventSet.has(event)) throw new Error(`Unknown event "${String(event).slice(0, 64)}"`);
      if (typeof listener !== 'function') throw new Error('Listener must be a function');
      return transport.subscribe(event, listener);
    },
  });
}
