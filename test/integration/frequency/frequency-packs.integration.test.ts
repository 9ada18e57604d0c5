// Frequency packs from the real gnomAD sites VCF records in shared/data (v2.1 exomes, v3.1 genomes, v4.0
// exomes and genomes): recognised by `packs install`, the release told from the header, every record's
// AF / highest-group AF / AC / AN / homozygotes read back from the pack's table exactly as the file states
// them (read here by a separate, naive parse), absent variants "not seen", and bad files refused with
// file and line while the previous pack stays active.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { rejection } from '../../helpers/rejection.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { createPacksService } from '../../../electron/main/services/packs/packs-service.ts';
import { createFrequencyService } from '../../../electron/main/services/frequency/frequency-service.ts';
import { frequencyStatusText } from '../../../shared/schemas/frequency.ts';
import { withPackFrequencies } from '../../../electron/main/services/frequency/candidate-frequencies.ts';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';

const GNOMAD = path.join(SHARED_DATA, 'population', 'gnomad-examples');
const FILES = {
  v2: path.join(GNOMAD, 'example-exomes-grch38_v2.1.gnomad-exomes.vcf'),
  v3: path.join(GNOMAD, 'example-genomes-grch38_v3.1.gnomad-genomes.vcf'),
  v4exomes: path.join(GNOMAD, 'example-exomes-grch38_v4.0.gnomad-exomes.vcf'),
  v4genomes: path.join(GNOMAD, 'example-genomes-grch38_v4.0.gnomad-genomes.vcf'),
};

const tmp = makeTempDir('genodesk-frequency-');
afterAll(() => tmp.cleanup());
let n = 0;
function setup() {
  const dataDir = path.join(tmp.dir, `data-${++n}`);
  const packs = createPacksService({ dataDir, actor: 'tester' });
  return { dataDir, packs, frequency: createFrequencyService({ packs }) };
}
const leftovers = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'packs')).filter((f) => f.startsWith('.'));

/** The test's own reading of a record: split on tabs and semicolons, nothing shared with the app. */
function records(file: string) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const c = l.split('\t');
      const info = Object.fromEntries(c[7].split(';').map((kv) => [kv.split('=')[0], kv.split('=')[1] ?? '']));
      const num = (k: string) => (info[k] === undefined || info[k] === '.' ? null : Number(info[k]));
      return { chrom: c[0], pos: Number(c[1]), ref: c[3], alt: c[4], af: num('AF'), grpmaxAf: num('AF_grpmax') ?? num('AF_popmax'), ac: num('AC'), an: num('AN'), homozygotes: num('nhomalt') };
    });
}

describe('frequency packs (gnomAD sites VCFs)', () => {
  it.each([
    ['v2', FILES.v2],
    ['v3', FILES.v3],
    ['v4', FILES.v4exomes],
    ['v4', FILES.v4genomes],
  ])('installs a gnomAD %s file and reads back every record as the file states it', async (release, file) => {
    const { packs, frequency, dataDir } = setup();
    const pack = await packs.install({ paths: [file] });
    expect(pack).toMatchObject({ kind: 'frequency', build: 'GRCh38', version: release, active: true });
    expect(pack.files.map((f) => f.role).sort()).toEqual(['frequency-table', 'frequency-vcf']);
    const recs = records(file);
    expect(recs.length).toBeGreaterThan(2);
    for (const r of recs) {
      // The patient's import may say "1" where gnomAD says "chr1": both are the same allele.
      const got = frequency.lookup('GRCh38', { ...r, chrom: r.chrom.replace(/^chr/, '') });
      expect(got.frequencyStatus).toBe('seen');
      expect(got.frequency).toMatchObject({ source: 'gnomAD', version: release, af: r.af, grpmaxAf: r.grpmaxAf, ac: r.ac, an: r.an, homozygotes: r.homozygotes });
    }
    const absent = frequency.lookup('GRCh38', { chrom: 'chr1', pos: recs[0].pos, ref: recs[0].ref, alt: recs[0].alt === 'A' ? 'T' : 'A' });
    expect(absent).toEqual({ frequency: null, frequencyStatus: 'not-seen', frequencyPack: { id: pack.id, version: release } });
    expect(frequencyStatusText(absent)).toBe(`Not seen in gnomAD ${release}`);
    expect(frequency.lookup('GRCh37', recs[0])).toEqual({ frequency: null, frequencyStatus: 'no-pack', frequencyPack: null });
    expect(leftovers(dataDir)).toEqual([]);
    frequency.close();
  });

  it('takes the highest-group frequency from AF_grpmax in v4 and AF_popmax in v2/v3, with the group', async () => {
    const { packs, frequency } = setup();
    await packs.install({ paths: [FILES.v4genomes] });
    const withGroup = records(FILES.v4genomes).find((r) => r.grpmaxAf !== null);
    expect(withGroup).toBeDefined();
    const got = frequency.lookup('GRCh38', withGroup!);
    expect(got.frequency?.grpmaxAf).toBe(withGroup!.grpmaxAf);
    expect(got.frequency?.grpmax).toMatch(/^[a-z_]+$/);
    frequency.close();
  });

  it('refuses a sites VCF without AF, naming the file and line, and keeps the previous pack active', async () => {
    const { packs, frequency, dataDir } = setup();
    const before = await packs.install({ paths: [FILES.v4genomes] });
    const text = fs.readFileSync(FILES.v4genomes, 'utf8');
    const noAf = path.join(tmp.dir, 'no-af.gnomad.vcf');
    fs.writeFileSync(noAf, text.replace(/^##INFO=<ID=AF,[^\n]*\n/m, '').replace(/;AF=[^;\t]*/g, ''));
    const err = await rejection(packs.install({ paths: [noAf] }));
    expect(err.code).toBe('packs/corrupt');
    expect(err.message).toMatch(/no AF INFO field/);
    expect(err.details).toMatchObject({ file: expect.stringContaining('no-af.gnomad.vcf'), line: expect.any(Number) });
    expect(packs.active('GRCh38').frequency?.version.id).toBe(before.id);
    expect(leftovers(dataDir)).toEqual([]);
    frequency.close();
  });

  it('refuses a record whose AF is not a number with its line, and a gzip file cut short', async () => {
    const { packs, dataDir } = setup();
    const before = await packs.install({ paths: [FILES.v3] });
    const lines = fs.readFileSync(FILES.v3, 'utf8').split('\n');
    const second = lines.findIndex((l) => l && !l.startsWith('#')) + 1;
    lines[second] = lines[second].replace(/;AF=[^;\t]*/, ';AF=abc');
    const bad = path.join(tmp.dir, 'bad-af.gnomad.vcf');
    fs.writeFileSync(bad, lines.join('\n'));
    const err = await rejection(packs.install({ paths: [bad] }));
    expect(err.code).toBe('packs/corrupt');
    expect(err.details).toMatchObject({ line: second + 1, field: 'AF' });

    const gz = zlib.gzipSync(fs.readFileSync(FILES.v3));
    const cut = path.join(tmp.dir, 'cut.gnomad.vcf.gz');
    fs.writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const truncated = await rejection(packs.install({ paths: [cut] }));
    expect(truncated.code).toBe('packs/corrupt');
    expect(truncated.message).toMatch(/truncated|read to the end/);
    expect(packs.active('GRCh38').frequency?.version.id).toBe(before.id);
    expect(leftovers(dataDir)).toEqual([]);
  });

  it('stops when cancelled and leaves the previous pack active', async () => {
    const { packs, dataDir } = setup();
    const before = await packs.install({ paths: [FILES.v2] });
    const abort = new AbortController();
    const err = await rejection(packs.install({ paths: [FILES.v4genomes] }, { signal: abort.signal, onProgress: () => abort.abort() }));
    expect(err.code).toBe('packs/cancelled');
    expect(packs.active('GRCh38').frequency?.version.id).toBe(before.id);
    expect(leftovers(dataDir)).toEqual([]);
  });

  it('gives the diagnosis rarity filters the highest-group AF, or AF 0 "not seen in gnomAD v4", and records the pack', async () => {
    const { packs, frequency } = setup();
    const candidate = (r: { chrom: string; pos: number; ref: string; alt: string }) => ({ ...r, zygosity: 'het', consequences: [] }) as unknown as CandidateVariantInput;
    const input = { variants: [] as CandidateVariantInput[], packs: [], notes: [] };
    const recs = records(FILES.v4genomes);
    const withGroup = recs.find((r) => r.grpmaxAf !== null)!;
    input.variants = [candidate(withGroup), candidate({ chrom: 'chr1', pos: 5_000_000, ref: 'A', alt: 'G' })];
    expect(withPackFrequencies(input, 'GRCh38', frequency)).toBe(input); // no pack installed: unchanged
    const pack = await packs.install({ paths: [FILES.v4genomes] });
    const out = withPackFrequencies(input, 'GRCh38', frequency);
    expect(out.variants[0].populationFrequencies).toEqual([{ af: withGroup.grpmaxAf, source: expect.stringMatching(/^gnomAD v4 AF_grpmax \([a-z_]+\)$/) }]);
    expect(out.variants[1].populationFrequencies).toEqual([{ af: 0, source: 'not seen in gnomAD v4' }]);
    expect(out.packs).toEqual([expect.objectContaining({ id: pack.id, kind: 'frequency', version: 'v4' })]);
    expect(out.notes.join(' ')).toMatch(/gnomAD v4/);
    frequency.close();
  });
});
