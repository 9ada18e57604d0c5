// The transport-independent half of IPC: look up the channel, validate the input against the contract,
// call the service, validate the output, and return `{ok,data}` or `{ok:false,error}` with only
// {code,message,details}. Electron's ipcMain and the browser harness both call dispatch().
import type { z } from 'zod';
import { contract } from '../../../shared/ipc/contract.ts';
import type { Channel, ChannelInput, ChannelOutput, IpcResult } from '../../../shared/ipc/contract.ts';
import { AppError, serializeError } from '../../../shared/errors.ts';

export type Handler<C extends Channel> = (input: z.output<(typeof contract)[C]['input']>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
export type HandlerGroup = { [C in Channel]?: Handler<C> };

export interface Dispatcher {
  channels(): Channel[];
  dispatch(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
}

export interface DispatcherOptions {
  /** Where unexpected errors (with stacks) go; only their code crosses to the renderer. */
  log?: (message: string, err: unknown) => void;
}

/** Merges handler groups; a channel registered twice or missing from the contract is a programming error. */
export function createDispatcher(groups: HandlerGroup[], { log = (m, e) => console.error(m, e) }: DispatcherOptions = {}): Dispatcher {
  const handlers = new Map<string, (input: unknown) => unknown>();
  for (const group of groups) {
    for (const [channel, handler] of Object.entries(group)) {
      if (!(channel in contract)) throw new Error(`IPC handler for "${channel}" has no entry in shared/ipc/contract.ts`);
      if (handlers.has(channel)) throw new Error(`IPC channel "${channel}" is registered twice`);
      handlers.set(channel, handler as (input: unknown) => unknown);
    }
  }

  async function dispatch(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
    const handler = handlers.get(channel);
    if (!handler || !(channel in contract)) {
      return fail(new AppError('ipc/unknown-channel', `Unknown request "${String(channel).slice(0, 64)}".`, { channel: String(channel).slice(0, 64) }));
    }
    const spec = contract[channel as Channel];
    const parsed = spec.input.safeParse(payload);
    if (!parsed.success) {
      return fail(
        new AppError('ipc/invalid-input', `The request "${channel}" was malformed.`, {
          channel,
          issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        }),
      );
    }
    try {
      const result = await handler(parsed.data);
      const out = spec.output.safeParse(result);
      if (!out.success) {
        log(`IPC output of ${channel} does not match the contract`, out.error);
        return fail(new AppError('ipc/invalid-output', 'The application produced an unexpected answer. Nothing was changed by the display.', { channel }));
      }
      return { ok: true, data: out.data };
    } catch (err) {
      if (!(err instanceof AppError)) log(`IPC handler ${channel} failed`, err);
      return fail(err);
    }
  }

  return { channels: () => [...handlers.keys()] as Channel[], dispatch };
}

function fail(err: unknown): IpcResult<never> {
  return { ok: false, error: serializeError(err) };
}

export type { ChannelInput };
