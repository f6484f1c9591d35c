export const IPC_CALL = 'pointage:call';
export const IPC_PROGRESS = 'pointage:progress';
