// Calls `onLine` for each complete line a child process writes (kill tests read their child's progress).
import type { Readable } from 'node:stream';

export function onLines(stream: Readable, onLine: (line: string) => void): void {
  let buffer = '';
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      onLine(line);
    }
  });
}
