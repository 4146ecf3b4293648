import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

/**
 * Stream clients for the fan-out benchmark, in their own thread so that their reading does not compete with
 * the engine's: each connects to `/stream`, counts the events it receives, and reports the counts on request.
 */
interface Setup {
  readonly url: string;
  readonly token: string;
  readonly clients: number;
}

const setup = workerData as Setup;
const counts = new Array<number>(setup.clients).fill(0);
const sockets: WebSocket[] = [];
let open = 0;
for (let i = 0; i < setup.clients; i++) {
  const socket = new WebSocket(`${setup.url.replace(/^http/, 'ws')}/stream?token=${encodeURIComponent(setup.token)}`);
  socket.on('open', () => {
    open++;
    if (open === setup.clients) parentPort?.postMessage({ kind: 'ready' });
  });
  socket.on('message', (data: WebSocket.RawData) => {
    // Parse as a real client would.
    const message = JSON.parse(data.toString()) as { type: string };
    if (message.type === 'event') counts[i]!++;
  });
  socket.on('error', (error) => parentPort?.postMessage({ kind: 'error', message: error.message }));
  sockets.push(socket);
}
parentPort?.on('message', (request: { kind: string }) => {
  if (request.kind === 'counts') parentPort?.postMessage({ kind: 'counts', counts, open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length });
  if (request.kind === 'close') for (const socket of sockets) socket.close();
});
