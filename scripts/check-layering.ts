// Who may import whom (STYLE.md §1, after VS Code's code-layering rule):
//   shared/   imports nothing outside shared/ and no Node, Electron or DOM-framework module;
//   renderer/ never imports electron/ (the renderer reaches the main process only through the contract);
//   services and workers never import 'electron' (the CLI and tests run them without it);
//   nothing outside renderer/ imports renderer/;
//   audit and outbox rows are written only through services/mutator.ts (one transaction with the change),
//   except by the modules that predate it (listed below, to be moved onto it, never added to).
import fs from 'node:fs';
import path from 'node:path';

export interface SourceFile {
  /** Repository-relative, forward slashes. */
  path: string;
  source: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const SHARED_PACKAGES = new Set(['zod']);
const AUDIT_WRITERS = new Set(['electron/main/services/audit.ts', 'electron/main/services/outbox.ts']);
/** Written before the mutator existed; new code calls `createMutator` instead. */
const LEGACY_DIRECT_WRITERS = new Set([
  'electron/main/services/mutator.ts',
  'electron/main/services/diagnosis-workspace/classification-store.ts',
  'electron/main/services/diagnosis-workspace/panel-store.ts',
  'electron/main/services/diagnosis-workspace/referral-store.ts',
  'electron/main/services/diagnosis-workspace/analysis-store.ts',
  'electron/main/services/vcf/import-writer.ts',
  'electron/main/services/packs/pack-audit.ts',
  'electron/main/services/sync/pull-phase.ts',
  'electron/main/services/sync/conflicts.ts',
  'electron/main/services/annotation-store/annotation-writer.ts',
]);

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return found;
}

export function checkLayering(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.source)) {
      const relative = specifier.startsWith('.');
      const target = relative ? path.posix.normalize(path.posix.join(path.posix.dirname(file.path), specifier)) : null;
      const add = (rule: string) => violations.push({ file: file.path, specifier, rule });
      if (file.path.startsWith('shared/')) {
        if (target ? !target.startsWith('shared/') : !SHARED_PACKAGES.has(specifier.split('/')[0])) add('shared/ imports nothing local outside shared/ and no platform module');
      }
      if (file.path.startsWith('renderer/') && (target?.startsWith('electron/') || specifier === 'electron' || specifier.startsWith('node:'))) {
        add('renderer/ never imports electron/ or Node');
      }
      if (/^electron\/main\/(services|workers)\//.test(file.path) && (specifier === 'electron' || specifier.startsWith('electron/'))) {
        add("services and workers never import 'electron'");
      }
      if (!file.path.startsWith('renderer/') && target?.startsWith('renderer/')) add('only renderer/ imports renderer/');
      if (
        file.path.startsWith('electron/') &&
        target &&
        AUDIT_WRITERS.has(target) &&
        /\bwrite(Audit|Outbox)\b/.test(file.source) &&
        !LEGACY_DIRECT_WRITERS.has(file.path)
      ) {
        add('audited changes are written through services/mutator.ts (row, audit and outbox in one transaction)');
      }
      if (/^electron\//.test(file.path) && target && (target.startsWith('scripts/') || target.startsWith('test/'))) {
        add('shipped code never imports scripts/ or test/ (comparison tools live there)');
      }
    }
  }
  return violations;
}

export function readSourceTree(root: string, folders = ['shared', 'renderer', 'electron', 'test', 'scripts']): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'migrations') walk(rel);
      } else if (/\.(ts|tsx|mts)$/.test(entry.name)) {
        files.push({ path: rel, source: fs.readFileSync(path.join(root, rel), 'utf8') });
      }
    }
  };
  for (const f of folders) if (fs.existsSync(path.join(root, f))) walk(f);
  return files;
}
