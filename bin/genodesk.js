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
const { enableCompileCache } = await import('../electron/cli/compile-cache.ts');
enableCompileCache();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
