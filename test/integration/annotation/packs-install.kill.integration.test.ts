// Issue 15: a process installing a transcript pack (the demo GFF3 and the 46.7 Mb chr21 FASTA, indexed at
// install) is SIGKILLed at random moments and in each phase. After the next start (recoverInterrupted), the
// pack in use is either the previous one or the complete new one — never a half pack — it passes its
// checksums and opens for annotation, and no temporary folder is left.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacksService } from '../../../electron/main/services/packs/packs-service.ts';
import { openSourcesFromPacks } from '../../../electron/main/services/annotation/packs/open-sources.ts';
import { closeSources } from '../../../electron/main/services/annotation/annotator.ts';
import { readPackManifest, verifyPackFiles } from '../../../electron/main/services/annotation/packs/pack-manifest.ts';
import { DEMO_TRANSCRIPTS } from '../../helpers/annotation-vcfs.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { onLines } from '../../helpers/child-lines.ts';

const GFF3 = path.join(DEMO_TRANSCRIPTS, 'transcripts.gff3.gz');
const FASTA = path.join(DEMO_TRANSCRIPTS, 'GRCh38_chr21_Npadded.fa.gz');
const CHILD = path.join(REPO_ROOT, 'test/integration/annotation/kill-install-child.ts');
const { dir, cleanup } = makeTempDir('genodesk-packs-kill-');
const dataDir = path.join(dir, 'data');
let installMs = 2000;
let packId = '';

type KillPoint = { delayMs: number } | { phase: string };

function runAndKill(version: string, point: KillPoint): Promise<{ killed: boolean; phases: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, version, GFF3, FASTA], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const phases: string[] = [];
    child.stderr.on('data', (d) => (stderr += d));
    onLines(child.stdout, (line) => {
      if (line === 'ready' && 'delayMs' in point) setTimeout(() => child.kill('SIGKILL'), point.delayMs);
      if (line.startsWith('phase ')) {
        const [, phase, bytes] = line.split(' ');
        if (phases.at(-1) !== phase) phases.push(phase);
        if ('phase' in point && phase === point.phase && Number(bytes) > 0) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', phases });
      else reject(new Error(`install child failed (${code}): ${stderr}`));
    });
  });
}

beforeAll(async () => {
  const packs = createPacksService({ dataDir, actor: 'kill-test' });
  const t = performance.now();
  packId = (await packs.install({ paths: [GFF3, FASTA], version: 'v1' })).id;
  installMs = performance.now() - t;
}, 120_000);
afterAll(cleanup);

describe('a pack install killed at any moment', () => {
  const points: KillPoint[] = [{ phase: 'copying' }, { phase: 'checking' }, { phase: 'finishing' }, { delayMs: -1 }];
  it.each(points.map((p, i) => [i, p] as const))('kill %i leaves the previous pack or the whole new one, in use and intact', async (i, p) => {
    // The timed kill lands at a random moment of a whole install (measured in beforeAll).
    const point = 'delayMs' in p ? { delayMs: Math.floor(50 + Math.random() * installMs) } : p;
    const version = `v${i + 2}`;
    const before = createPacksService({ dataDir, actor: 'kill-test' }).get(packId).version;
    const { killed } = await runAndKill(version, point);
    const packs = createPacksService({ dataDir, actor: 'kill-test' }); // start-up repair runs here
    const active = packs.list().installed.filter((x) => x.active && x.kind === 'transcripts');
    expect(active).toHaveLength(1);
    expect([before, version]).toContain(active[0].version);
    if (!killed) expect(active[0].version).toBe(version);
    expect(fs.readdirSync(path.join(dataDir, 'packs')).filter((f) => f.startsWith('.'))).toEqual([]);
    const packDir = path.join(dataDir, 'packs', packId);
    await verifyPackFiles(packDir, readPackManifest(packDir));
    const sources = await openSourcesFromPacks({ transcripts: packDir });
    expect(sources.reference.fetch('chr21', 25_000_000, 25_000_009)).toMatch(/^[ACGTN]{10}$/);
    closeSources(sources);
  }, 60_000);
});
