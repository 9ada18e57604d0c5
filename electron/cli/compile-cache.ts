// Node's on-disk compile cache, for the command line (bin/genodesk.js). The CLI is TypeScript that Node
// strips of its types on every start, and each VCF parse worker strips its modules again; with the
// cache a parse worker is ready in ~50 ms instead of ~150 ms (measured on this machine). The cache
// holds compiled code only, keyed by each file's content, in the OS temporary folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. Worker threads find it through the environment.
import module from 'node:module';

export function enableCompileCache(): void {
  const result = module.enableCompileCache?.();
  if (result?.directory && !process.env.NODE_COMPILE_CACHE) process.env.NODE_COMPILE_CACHE = result.directory;
}
