// The renderer's only way to the main process: one typed client over the contract. The transport is
// whatever `window.genodesk` is (Electron's preload, or the browser harness's loopback bridge).
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../../shared/ipc/contract.ts';
import type { GenoDeskBridge } from '../../../shared/ipc/bridge.ts';
import type { SerializedError } from '../../../shared/errors.ts';

declare global {
  interface Window {
    genodesk: GenoDeskBridge;
  }
}

export class RequestError extends Error {
  readonly error: SerializedError;
  constructor(error: SerializedError) {
    super(error.message);
    this.error = error;
  }
}

export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await window.genodesk.invoke(channel, input);
  if (result.ok) return result.data as ChannelOutput<C>;
  throw new RequestError(result.error);
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.genodesk.on(event, (payload) => listener(payload as EventPayload<E>));
}
