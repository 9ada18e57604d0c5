#!/usr/bin/env node
// Entry point of `npx genodesk`. The CLI is TypeScript run directly by Node 24 (type stripping), so it
// works straight after `npm install` with no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stdout.write(
    JSON.stringify({ error: { code: 'cli/usage', message: `genodesk needs Node.js 24 or newer (this is ${process.version}). Run "source .ci/env.sh" in the project, or install Node 24.`, details: {} } }) + '\n',
  );
  process.exit(2);
}
// The compile cache is turned on here, in JavaScript, before the first TypeScript module is imported: a
// .ts import made without it loads Node's type stripper (amaro, a WebAssembly module, ~30 ms of start-up)
// even when every other module is then served stripped from the cache. Same rule as
// electron/cli/compile-cache.ts (which the benchmarks use): workers find the folder through the environment.
const { default: module } = await import('node:module');
const cache = module.enableCompileCache?.();
if (cache?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = cache.directory;
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
