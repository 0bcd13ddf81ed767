// Entry of a bench worker thread: registers tsx in this thread, then loads the TypeScript entry
// named in workerData.entry (a worker given a .ts file directly is refused before tsx's hooks run).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
