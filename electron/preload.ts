// The only bridge between the page and the app: one `invoke` for the contract and a progress
// subscription. No Node, no ipcRenderer, nothing else reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CALL, IPC_PROGRESS } from './main/channels.js';

contextBridge.exposeInMainWorld('pointage', {
  invoke: (name: string, input: unknown) => ipcRenderer.invoke(IPC_CALL, name, input),
  onProgress: (listener: (progress: unknown) => void) => {
    const wrapped = (_event: unknown, progress: unknown) => listener(progress);
    ipcRenderer.on(IPC_PROGRESS, wrapped);
    return () => void ipcRenderer.off(IPC_PROGRESS, wrapped);
  },
});
