// Runs sandboxed with context isolation: exposes `window.genodesk` = { invoke, on } over the contract's
// channels and nothing else. Never the raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from '../../shared/ipc/bridge.ts';
import type { IpcResult } from '../../shared/ipc/contract.ts';

const bridge = createBridge({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<IpcResult<unknown>>,
  subscribe: (event, listener) => {
    const handler = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(event, handler);
    return () => ipcRenderer.off(event, handler);
  },
});

contextBridge.exposeInMainWorld('genodesk', bridge);
