// Packs installed from real files into a data folder: manifests with the facts the files state, atomic
// replacement (a failed, corrupted or cancelled install leaves the previous pack in place and in use), the
// specific packs/… errors, removal, and repair after a crash between the two renames.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { DEMO_CLINVAR, DEMO_TRANSCRIPTS } from '../../helpers/annotation-vcfs.ts';
import { createPacksService } from '../../../electron/main/services/packs/packs-service.ts';
import type { PacksService } from '../../../electron/main/services/packs/packs-service.ts';
import { readPackManifest, sha256File, verifyPackFiles } from '../../../electron/main/services/annotation/packs/pack-manifest.ts';
import { openSourcesFromPacks } from '../../../electron/main/services/annotation/packs/open-sources.ts';
import type { AppError } from '../../../shared/errors.ts';

const tmp = makeTempDir('genodesk-packs-');
afterAll(() => tmp.cleanup());
let n = 0;
function service(): { packs: PacksService; dataDir: string } {
  const dataDir = path.join(tmp.dir, `data-${++n}`);
  return { packs: createPacksService({ dataDir, builtInDir: path.join(RESOURCES, 'packs'), actor: 'tester' }), dataDir };
}
async function failure(p: Promise<unknown>): Promise<AppError> {
  return p.then(
    () => {
      throw new Error('expected the install to fail');
    },
    (e: AppError) => e,
  );
}
function leftovers(dataDir: string): string[] {
  return fs.readdirSync(path.join(dataDir, 'packs')).filter((f) => f.startsWith('.'));
}
const GFF3 = path.join(DEMO_TRANSCRIPTS, 'transcripts.gff3.gz');
const FASTA = path.join(DEMO_TRANSCRIPTS, 'GRCh38_chr21_Npadded.fa.gz');
const CLINVAR_VCF = path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');

describe('packs service', () => {
  it('offers the shipped packs as built-in and installs one with its manifest, verified', async () => {
    const { packs, dataDir } = service();
    const before = packs.list();
    expect(before.installed).toEqual([]);
    expect(before.builtIn.map((p) => p.id).sort()).toEqual(['clinvar-20211025-grch38-testset', 'clinvar-macarthur2018-grch38', 'grch38-chr21-ensembl84-demo']);
    const progress: string[] = [];
    const pack = await packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' }, { onProgress: (p) => progress.push(p.phase) });
    const shipped = readPackManifest(DEMO_TRANSCRIPTS);
    expect(pack).toMatchObject({ id: shipped.id, kind: 'transcripts', build: 'GRCh38', version: shipped.version, licence: shipped.licence, active: true });
    expect(pack.sha256).toBe(await sha256File(GFF3));
    expect(progress).toEqual(expect.arrayContaining(['copying', 'verifying', 'checking', 'finishing']));
    const dir = path.join(dataDir, 'packs', pack.id);
    await verifyPackFiles(dir, readPackManifest(dir));
    expect(packs.list().builtIn.find((p) => p.id === pack.id)?.installed).toBe(true);
    expect(packs.active('GRCh38').transcripts?.version).toEqual({ id: shipped.id, kind: 'transcripts', version: shipped.version, sha256: pack.sha256 });
    expect(packs.active('GRCh37')).toEqual({});
    expect(leftovers(dataDir)).toEqual([]);
  });

  it('makes a transcript pack from a GFF3 and a FASTA, picking up the FASTA index and reading the build from the files', async () => {
    const { packs, dataDir } = service();
    const pack = await packs.install({ paths: [GFF3, FASTA] });
    expect(pack.kind).toBe('transcripts');
    // The GFF3 says "#!genome-build GRCh38"; chromosome 21 is 46,709,983 bp long as in GRCh38.
    expect(pack.build).toBe('GRCh38');
    expect(pack.licence).toMatch(/^Ensembl data/);
    expect(pack.files.map((f) => [f.role, f.path])).toEqual([
      ['gff3', 'transcripts.gff3.gz'],
      ['fasta', 'GRCh38_chr21_Npadded.fa.gz'],
      ['fasta-fai', 'GRCh38_chr21_Npadded.fa.gz.fai'],
      ['fasta-gzi', 'GRCh38_chr21_Npadded.fa.gz.gzi'],
      // Written at install: the random-access form annotation reads (transcript-pack-index.ts).
      ['sequence', 'index/sequence.fa'],
      ['sequence-fai', 'index/sequence.fa.fai'],
      ['transcript-models', 'index/transcripts.jsonl'],
      ['transcript-table', 'index/transcripts.json'],
    ]);
    // The engine opens the installed pack exactly as it opens a shipped one.
    const sources = await openSourcesFromPacks({ transcripts: path.join(dataDir, 'packs', pack.id) });
    expect(sources.build).toBe('GRCh38');
    expect(sources.packs?.[0]).toEqual({ id: pack.id, kind: 'transcripts', version: pack.version, sha256: pack.sha256 });
    sources.reference.close();
  });

  it('makes a ClinVar pack from NCBI’s VCF with the release date of its header', async () => {
    const { packs } = service();
    const pack = await packs.install({ paths: [CLINVAR_VCF] });
    // ##fileDate=20211025 and ##reference=GRCh38 in the file's header.
    expect(pack).toMatchObject({ kind: 'clinvar', build: 'GRCh38', version: '2021-10-25', date: '2021-10-25' });
    expect(pack.licence).toMatch(/public domain/);
  });

  it('installs a PanelApp export as a panel pack through the diagnosis parser', async () => {
    const { packs } = service();
    const file = path.join(RESOURCES, 'panels', 'panelapp', 'panel_50.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: number; name: string; version: string };
    const pack = await packs.install({ paths: [file] });
    expect(pack).toMatchObject({ kind: 'panel', build: 'any', version: json.version, id: `panelapp-${json.id}` });
    expect(pack.panels).toEqual([{ id: String(json.id), name: json.name, version: json.version }]);
    expect(packs.panelFiles()).toHaveLength(1);
  });

  it('a file corrupted mid-install is refused and the previous pack stays installed and in use', async () => {
    const { packs, dataDir } = service();
    const v1 = await packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
    const dir = path.join(dataDir, 'packs', v1.id);
    const manifestBefore = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    const e = await failure(
      packs.install(
        { builtInId: 'grch38-chr21-ensembl84-demo' },
        {
          // Cut the copied FASTA in half after the copy, before verification (a disk or copy fault).
          afterCopy: (temp) => {
            const f = path.join(temp, 'GRCh38_chr21_Npadded.fa.gz');
            fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
          },
        },
      ),
    );
    expect(e.code).toBe('packs/corrupt');
    expect(e.message).toMatch(/truncated while installing/);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe(manifestBefore);
    await verifyPackFiles(dir, readPackManifest(dir));
    expect(packs.list().installed.map((p) => [p.id, p.active, p.installedAt])).toEqual([[v1.id, true, v1.installedAt]]);
    expect(leftovers(dataDir)).toEqual([]);

    // The same with a byte changed but the size kept: the checksum catches it.
    const e2 = await failure(
      packs.install(
        { builtInId: 'grch38-chr21-ensembl84-demo' },
        {
          afterCopy: (temp) => {
            const f = path.join(temp, 'transcripts.gff3.gz');
            const b = fs.readFileSync(f);
            b[100] ^= 0xff;
            fs.writeFileSync(f, b);
          },
        },
      ),
    );
    expect(e2.code).toBe('packs/corrupt');
    expect(e2.message).toMatch(/checksum/);
    await verifyPackFiles(dir, readPackManifest(dir));
    expect(leftovers(dataDir)).toEqual([]);
  });

  it('a damaged source file is refused against its manifest checksum; a truncated gzip cannot be read to the end', async () => {
    const { packs, dataDir } = service();
    await packs.install({ builtInId: 'clinvar-20211025-grch38-testset' });
    const src = path.join(tmp.dir, 'damaged-pack');
    fs.cpSync(DEMO_CLINVAR, src, { recursive: true });
    const vcf = path.join(src, 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');
    fs.truncateSync(vcf, fs.statSync(vcf).size - 100);
    expect((await failure(packs.install({ paths: [src] }))).code).toBe('packs/corrupt');

    const truncated = path.join(tmp.dir, 'clinvar_truncated.vcf.gz');
    const whole = fs.readFileSync(CLINVAR_VCF);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const e = await failure(packs.install({ paths: [truncated] }));
    expect(e.code).toBe('packs/corrupt');
    expect(packs.list().installed.map((p) => p.id)).toEqual(['clinvar-20211025-grch38-testset']);
    expect(leftovers(dataDir)).toEqual([]);
  });

  it('refuses a GFF3 and a FASTA of different builds, and a build that contradicts the files', async () => {
    const { packs } = service();
    // A FASTA whose chromosome 21 is 48,129,895 bp long: GRCh37's length (GRC assembly report GCF_000001405.25).
    const fasta = path.join(tmp.dir, 'grch37-chr21.fa');
    const length = 48_129_895;
    fs.writeFileSync(fasta, Buffer.concat([Buffer.from('>21\n'), Buffer.alloc(length, 'N'), Buffer.from('\n')]));
    fs.writeFileSync(`${fasta}.fai`, `21\t${length}\t4\t${length}\t${length + 1}\n`);
    const e = await failure(packs.install({ paths: [GFF3, fasta] }));
    expect(e.code).toBe('packs/build-mismatch');
    expect(e.details).toMatchObject({ gff3Build: 'GRCh38', fastaBuild: 'GRCh37' });

    const declared = await failure(packs.install({ paths: [GFF3, FASTA], build: 'GRCh37' }));
    expect(declared.code).toBe('packs/build-mismatch');
    expect(packs.list().installed).toEqual([]);
  });

  it('names unknown kinds: a file that is no pack file, a manifest of another kind, files that do not make one pack', async () => {
    const { packs } = service();
    expect((await failure(packs.install({ paths: [path.join(RESOURCES, 'packs', 'README.md')] }))).code).toBe('packs/unsupported-kind');
    const odd = path.join(tmp.dir, 'odd-kind');
    fs.cpSync(DEMO_CLINVAR, odd, { recursive: true });
    const m = JSON.parse(fs.readFileSync(path.join(odd, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(path.join(odd, 'manifest.json'), JSON.stringify({ ...m, kind: 'dbsnp' }));
    expect((await failure(packs.install({ paths: [odd] }))).code).toBe('packs/unsupported-kind');
    expect((await failure(packs.install({ paths: [GFF3, CLINVAR_VCF] }))).code).toBe('packs/unsupported-kind');
    expect((await failure(packs.install({ paths: [GFF3] }))).code).toBe('packs/unsupported-kind');
    const patientVcf = path.join(SHARED_DATA, 'vcf', 'ensembl-vep', 'input', 'test.vcf');
    expect((await failure(packs.install({ paths: [patientVcf] }))).code).toBe('packs/unsupported-kind');
    expect((await failure(packs.install({ paths: [path.join(tmp.dir, 'nowhere.gff3')] }))).code).toBe('packs/file-not-found');
    expect((await failure(packs.install({ builtInId: 'nope' }))).code).toBe('packs/not-found');
  });

  it('a cancelled install leaves the previous pack; remove deletes; a crash between the renames is repaired', async () => {
    const { packs, dataDir } = service();
    const v1 = await packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' });
    const controller = new AbortController();
    const e = await failure(
      packs.install({ builtInId: 'grch38-chr21-ensembl84-demo' }, { signal: controller.signal, onProgress: (p) => p.phase === 'copying' && controller.abort() }),
    );
    expect(e.code).toBe('packs/cancelled');
    expect(packs.list().installed.map((p) => [p.id, p.installedAt])).toEqual([[v1.id, v1.installedAt]]);
    expect(leftovers(dataDir)).toEqual([]);

    // Crash after the old pack was moved aside and before the new one moved in.
    const root = path.join(dataDir, 'packs');
    fs.renameSync(path.join(root, v1.id), path.join(root, '.old-crashed'));
    fs.mkdirSync(path.join(root, '.install-crashed'));
    expect(packs.list().installed).toEqual([]);
    packs.recoverInterrupted();
    expect(packs.list().installed.map((p) => p.id)).toEqual([v1.id]);
    expect(leftovers(dataDir)).toEqual([]);

    expect(packs.remove(v1.id).id).toBe(v1.id);
    expect(packs.list().installed).toEqual([]);
    expect(() => packs.remove(v1.id)).toThrow(expect.objectContaining({ code: 'packs/not-found' }));
  });

  it('a cancel while the indexing worker reads the FASTA stops it, keeps the previous pack and leaves nothing behind', async () => {
    const { packs, dataDir } = service();
    const v1 = await packs.install({ paths: [GFF3, FASTA], version: 'v1' });
    const controller = new AbortController();
    const seen: string[] = [];
    const e = await failure(
      packs.install(
        { paths: [GFF3, FASTA], version: 'v2' },
        {
          signal: controller.signal,
          onProgress: (p) => {
            seen.push(`${p.phase} ${p.file}`);
            // Progress with a file name during "checking" comes from the worker thread.
            if (p.phase === 'checking' && p.file && p.bytes > 0) controller.abort();
          },
        },
      ),
    );
    expect(e.code).toBe('packs/cancelled');
    expect(seen).toContain(`checking ${path.basename(FASTA)}`);
    expect(packs.list().installed.map((p) => [p.id, p.version, p.installedAt])).toEqual([[v1.id, 'v1', v1.installedAt]]);
    expect(leftovers(dataDir)).toEqual([]);
  });

  it('the most recently installed pack of a kind and build is the one in use', async () => {
    const { packs } = service();
    await packs.install({ builtInId: 'clinvar-20211025-grch38-testset' });
    await new Promise((r) => setTimeout(r, 5));
    const newer = await packs.install({ builtInId: 'clinvar-macarthur2018-grch38' });
    expect(packs.active('GRCh38').clinvar?.version.id).toBe(newer.id);
    expect(packs.list().installed.filter((p) => p.kind === 'clinvar').map((p) => [p.id, p.active])).toEqual([
      ['clinvar-macarthur2018-grch38', true],
      ['clinvar-20211025-grch38-testset', false],
    ]);
  });
});
