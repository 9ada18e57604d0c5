// The browser harness: where Electron's binary is missing, the built renderer is served on 127.0.0.1 and
// the same IPC contract is carried to the same main-process services (composition + dispatcher) over
// HTTP. Loopback only, a per-run secret on every request, and Host checked against DNS rebinding.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { createDispatcher } from '../../../electron/main/ipc/dispatcher.ts';
import { allHandlers } from '../../../electron/main/ipc/handlers.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { memorySyncSettings } from '../../../electron/main/services/sync-controller.ts';
import type { SyncConfig } from '../../../electron/main/services/sync/sync-service.ts';

export interface Harness {
  url: string;
  /** URL the browser opens: carries the per-run token. */
  appUrl: string;
  token: string;
  app: GenoDesk;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

async function bundleBridge(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, 'test/e2e/harness/bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  });
  return result.outputFiles[0].text;
}

export async function startHarness({ dataDir, dbKey, port = 0, syncConfig = null }: { dataDir: string; dbKey: string; port?: number; syncConfig?: SyncConfig | null }): Promise<Harness> {
  const rendererDir = path.join(REPO_ROOT, 'out/renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('Build the renderer first: npm run build');
  const app = createGenoDesk({ dataDir, dbKey, actor: 'harness-user', syncSettings: memorySyncSettings(syncConfig), cleanUpAtStart: true, phenotypeInWorker: true });
  app.sync.start();
  const dispatcher = createDispatcher(allHandlers({ app, version: '0.1.0', launcher: 'harness' }));
  const token = randomBytes(24).toString('hex');
  const bridgeJs = await bundleBridge();
  const sseClients = new Set<http.ServerResponse>();
  const unsubscribe = app.events.on((event, payload) => {
    const data = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const res of sseClients) res.write(data);
  });
  let host = '';

  const tokenOk = (candidate: string | null | undefined) => {
    if (!candidate || candidate.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(candidate), Buffer.from(token));
  };

  const server = http.createServer((req, res) => {
    if (req.headers.host !== host) {
      res.writeHead(421).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === '/__ipc' && req.method === 'POST') {
      if (!tokenOk(req.headers['x-genodesk-token'] as string | undefined)) {
        res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: { code: 'ipc/untrusted-sender', message: 'Request refused.', details: {} } }));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 8 * 1024 * 1024) req.destroy();
        else chunks.push(c);
      });
      req.on('end', async () => {
        let body: { channel?: unknown; input?: unknown } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
        } catch {
          body = {};
        }
        const result = await dispatcher.dispatch(String(body.channel ?? ''), body.input);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      });
      return;
    }
    if (url.pathname === '/__events') {
      if (!tokenOk(url.searchParams.get('token'))) {
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    if (url.pathname === '/__harness/bridge.js') {
      res.writeHead(200, { 'content-type': MIME['.js'] }).end(bridgeJs);
      return;
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('Not found');
      return;
    }
    let body: Buffer | string = fs.readFileSync(file);
    if (rel === 'index.html') {
      // The bridge must define window.genodesk before the app's module script runs.
      body = body.toString('utf8').replace('<head>', '<head>\n    <script src="/__harness/bridge.js"></script>');
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'content-security-policy': CSP }).end(body);
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  host = `127.0.0.1:${address.port}`;
  const base = `http://${host}`;
  return {
    url: base,
    appUrl: `${base}/?token=${token}`,
    token,
    app,
    async close() {
      unsubscribe();
      for (const res of sseClients) res.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.close();
    },
  };
}
