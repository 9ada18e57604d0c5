// Parses a VCF off the main thread (parse-session.ts) and streams batches to the import service, which
// is the only writer. No store access here, by design: the worker only reads the file.
import { parentPort } from 'node:worker_threads';
import { createParseSession } from '../services/vcf/parse-session.ts';
import type { ToWorker } from '../services/vcf/worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('vcf-parse.worker.ts must run in a worker thread');
const session = createParseSession({ post: (message, transfer) => port.postMessage(message, transfer ?? []) });
port.on('message', (message: ToWorker) => session.handle(message));
