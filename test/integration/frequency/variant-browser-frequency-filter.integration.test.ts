// The variant browser's maximum-AF filter on a real store: a patient carrying every allele of the real gnomAD
// v4.0 genomes example records plus 12 real ClinVar alleles gnomAD's file does not hold, and a frequency pack
// made from that gnomAD file with three records' figures changed (common in one group, 2 % overall, and no
// AF at all). What the browser keeps is checked against the test's own naive reading of the pack's file:
// highest-group AF where given, else AF; not in the file = 0; no AF = kept.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenoDesk } from '../../../electron/main/composition.ts';
import { turnsDuring } from '../../helpers/event-loop-turns.ts';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { rejection } from '../../helpers/rejection.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeCarrierVcf } from '../../helpers/carrier-vcf.ts';
import type { CarriedAllele } from '../../helpers/carrier-vcf.ts';

const GNOMAD = path.join(SHARED_DATA, 'population', 'gnomad-examples', 'example-genomes-grch38_v4.0.gnomad-genomes.vcf');
const CLINVAR = path.join(SHARED_DATA, 'clinvar', 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');

const tmp = makeTempDir('genodesk-frequency-filter-');
let app: GenoDesk;
let patientId: string;
let packFile: string;

const gnomadLines = fs.readFileSync(GNOMAD, 'utf8').split('\n').filter(Boolean);
const clinvarRecords = zlib
  .gunzipSync(fs.readFileSync(CLINVAR))
  .toString('utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .slice(0, 12)
  .map((l) => l.split('\t'));

/** Sets INFO keys of record `i` (0-based among records) in the copied gnomAD file. */
function editInfo(lines: string[], i: number, set: Record<string, string>): string[] {
  let k = -1;
  return lines.map((l) => {
    if (l.startsWith('#') || ++k !== i) return l;
    const c = l.split('\t');
    const info = c[7].split(';').map((kv) => {
      const key = kv.split('=')[0];
      return key in set ? `${key}=${set[key]}` : kv;
    });
    for (const [key, value] of Object.entries(set)) if (!info.some((kv) => kv.split('=')[0] === key)) info.push(`${key}=${value}`);
    return [...c.slice(0, 7), info.join(';'), ...c.slice(8)].join('\t');
  });
}

/** The test's own reading: the figure a maximum-AF filter compares, by "chrom:pos:ref:alt" (chr prefix dropped). */
function naiveFigures(file: string): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!l || l.startsWith('#')) continue;
    const c = l.split('\t');
    const info = Object.fromEntries(c[7].split(';').map((kv) => [kv.split('=')[0], kv.split('=')[1]]));
    const num = (k: string) => (info[k] === undefined || info[k] === '.' ? null : Number(info[k]));
    out.set(`${c[0].replace(/^chr/, '')}:${c[1]}:${c[3]}:${c[4]}`, num('AF_grpmax') ?? num('AF'));
  }
  return out;
}

beforeAll(async () => {
  app = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester' });
  patientId = app.patients.create({ nhsNumber: '9434765919', familyName: 'Frequency', givenName: 'Filter', birthDate: '1980-01-01', sex: 'female' }).id;
  const gnomadRecords = gnomadLines.filter((l) => !l.startsWith('#')).map((l) => l.split('\t'));
  const file = writeCarrierVcf(
    path.join(tmp.dir, 'patient.vcf'),
    [...clinvarRecords.map((r): CarriedAllele => [r[0], r[1], r[3], r[4]]), ...gnomadRecords.map((r): CarriedAllele => [r[0].replace(/^chr/, ''), r[1], r[3], r[4]])],
    (i) => (i % 3 === 0 ? '1/1' : '0/1'),
  );
  await app.imports.importVcf({ file, patientId, build: 'GRCh38' });
  // Record 1 common in one group (20 %), record 2 at 2 % overall with no group figure, record 3 with no AF.
  let lines = editInfo(gnomadLines, 1, { AF: '0.1', AF_grpmax: '0.2' });
  lines = editInfo(lines, 2, { AF: '0.02', AF_grpmax: '.' });
  lines = editInfo(lines, 3, { AF: '.', AC: '0', AN: '0' });
  packFile = path.join(tmp.dir, 'gnomad-edited.vcf');
  fs.writeFileSync(packFile, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

const key = (v: { chrom: string; pos: number; ref: string; alt: string }) => `${v.chrom.replace(/^chr/, '')}:${v.pos}:${v.ref}:${v.alt}`;

describe('the variant browser’s maximum population-frequency filter', () => {
  it('asks for a gnomAD pack when none is installed', async () => {
    const err = await rejection(Promise.resolve().then(() => app.annotation.queryVariants({ patientId, maxAf: 0.01 })));
    expect(err).toMatchObject({ code: 'annotate/no-frequency-pack', message: expect.stringMatching(/No gnomAD frequency pack is installed for GRCh38/) });
  });

  it('keeps exactly the variants at or under the limit (highest group, else overall; absent = 0; no AF kept)', async () => {
    await app.packs.install({ paths: [packFile] });
    const figures = naiveFigures(packFile);
    const all = app.annotation.queryVariants({ patientId, limit: 1000 }).variants;
    expect(all).toHaveLength(19);
    for (const maxAf of [0.05, 0.01, 0.00002, 0]) {
      const expected = all
        .filter((v) => {
          const f = figures.has(key(v)) ? figures.get(key(v)) : 0;
          return f === null || (f as number) <= maxAf;
        })
        .map((v) => v.id);
      const page = app.annotation.queryVariants({ patientId, maxAf, limit: 1000 });
      expect(page.variants.map((v) => v.id)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    }
    // The edited records: 20 % in one group and 2 % overall are gone at 1 %; the one with no AF stays.
    expect(app.annotation.queryVariants({ patientId, maxAf: 0.01, limit: 1000 }).total).toBe(17);
    expect(app.annotation.queryVariants({ patientId, maxAf: 0.05, limit: 1000 }).total).toBe(18);
  });

  it('combines with the other filters and pages through the same set', async () => {
    const genotype = app.annotation.queryVariants({ patientId, maxAf: 0.01, genotype: ['hom-alt'], limit: 1000 });
    const homAlt = app.annotation.queryVariants({ patientId, genotype: ['hom-alt'], limit: 1000 }).variants;
    expect(genotype.variants.every((v) => v.zygosity === 'hom-alt')).toBe(true);
    expect(genotype.total).toBeLessThanOrEqual(homAlt.length);
    const whole = app.annotation.queryVariants({ patientId, maxAf: 0.01, limit: 1000 }).variants.map((v) => v.id);
    const paged = [0, 5, 10, 15].flatMap((offset) => app.annotation.queryVariants({ patientId, maxAf: 0.01, offset, limit: 5 }).variants.map((v) => v.id));
    expect(paged).toEqual(whole);
    const region = app.annotation.queryVariants({ patientId, maxAf: 0.01, region: 'chr1:10000-12200', limit: 1000 });
    expect(region.variants.every((v) => v.pos >= 10000 && v.pos <= 12200)).toBe(true);
    expect(region.total).toBe(5);
  });

  it('for the app, looks figures up and sorts by them in slices, handing the event loop back, and gives the same pages', async () => {
    // The same store opened with the shortest slices: the app's query yields after every chunk it counts.
    const sliced = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester', filterSliceMs: 0 });
    try {
      const query = { patientId, maxAf: 0.01, genotype: ['het' as const, 'hom-alt' as const], limit: 1000 };
      const { result: page, turns } = await turnsDuring(() => sliced.annotation.queryVariantsYielding(query));
      expect(turns).toBeGreaterThan(0);
      expect(page).toEqual(app.annotation.queryVariants(query));
      expect(page.total).toBe(17);
      // The sort by frequency too, rarest last, on the filter's rows.
      const sortedQuery = { ...query, sort: { key: 'frequency' as const, direction: 'desc' as const } };
      const { result: sorted, turns: sortTurns } = await turnsDuring(() => sliced.annotation.queryVariantsYielding(sortedQuery));
      expect(sortTurns).toBeGreaterThan(0);
      expect(sorted).toEqual(app.annotation.queryVariants(sortedQuery));
      expect(sorted.variants.map((v) => v.id).sort()).toEqual(page.variants.map((v) => v.id).sort());
    } finally {
      await sliced.close();
    }
  });

  it('refuses, with the count, when more variants pass the other filters than it looks up at once', async () => {
    // The same store opened with a cap of 10 variants: 19 pass no other filter, 7 the region.
    const small = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester', frequencyFilterCap: 10 });
    try {
      const err = await rejection(Promise.resolve().then(() => small.annotation.queryVariants({ patientId, maxAf: 0.01 })));
      expect(err).toMatchObject({
        code: 'annotate/frequency-filter-too-broad',
        message: '19 variants pass the other filters; the population-frequency filter looks up at most 10 at once. Add a consequence, impact, ClinVar, gene or region filter first.',
        details: { variants: 19, cap: 10 },
      });
      expect(small.annotation.queryVariants({ patientId, maxAf: 0.01, region: 'chr1:10000-12200' }).total).toBe(5);
      // Asked again without the region it is refused again: figures remembered from the region do not count.
      expect(await rejection(Promise.resolve().then(() => small.annotation.queryVariants({ patientId, maxAf: 0.01 })))).toMatchObject({ code: 'annotate/frequency-filter-too-broad' });
    } finally {
      await small.close();
    }
  });
});

describe('the variant browser’s sort by population frequency', () => {
  it('orders by the same figure, not seen as 0, those without one last, then by position; pages through it', () => {
    const figures = naiveFigures(packFile);
    const figure = (v: { chrom: string; pos: number; ref: string; alt: string }) => (figures.has(key(v)) ? figures.get(key(v)) : 0) ?? null;
    const all = app.annotation.queryVariants({ patientId, limit: 1000 }).variants;
    for (const direction of ['asc', 'desc'] as const) {
      const sorted = app.annotation.queryVariants({ patientId, sort: { key: 'frequency', direction }, limit: 1000 });
      expect(sorted.total).toBe(all.length);
      // The test's own order: by figure (none last), ties in position order.
      const expected = all
        .map((v, i) => ({ v, i, f: figure(v) }))
        .sort((a, b) => (a.f === null || b.f === null ? (a.f === null ? (b.f === null ? a.i - b.i : 1) : -1) : direction === 'asc' ? a.f - b.f || a.i - b.i : b.f - a.f || a.i - b.i))
        .map((x) => x.v.id);
      expect(sorted.variants.map((v) => v.id)).toEqual(expected);
      const paged = [0, 4, 8, 12, 16].flatMap((offset) => app.annotation.queryVariants({ patientId, sort: { key: 'frequency', direction }, offset, limit: 4 }).variants.map((v) => v.id));
      expect(paged).toEqual(expected);
    }
    // Most common first: the edited record at 20 % in one group, then the one at 2 % overall.
    const top = app.annotation.queryVariants({ patientId, sort: { key: 'frequency', direction: 'desc' }, limit: 2 }).variants.map((v) => figure(v));
    expect(top).toEqual([0.2, 0.02]);
    // With the frequency filter and a genotype filter as well.
    const rare = app.annotation.queryVariants({ patientId, maxAf: 0.01, genotype: ['het'], sort: { key: 'frequency', direction: 'desc' }, limit: 1000 }).variants;
    expect(rare.every((v) => v.zygosity === 'het' && (figure(v) === null || (figure(v) as number) <= 0.01))).toBe(true);
  });

  it('is refused, with the count, past the cap', async () => {
    const small = createGenoDesk({ dataDir: path.join(tmp.dir, 'data'), dbKey: 'k', actor: 'tester', frequencyFilterCap: 10 });
    try {
      const err = await rejection(Promise.resolve().then(() => small.annotation.queryVariants({ patientId, sort: { key: 'frequency', direction: 'asc' } })));
      expect(err).toMatchObject({ code: 'annotate/frequency-filter-too-broad', details: { variants: 19, cap: 10 } });
      expect(small.annotation.queryVariants({ patientId, region: 'chr1:10000-12200', sort: { key: 'frequency', direction: 'asc' } }).total).toBe(7);
    } finally {
      await small.close();
    }
  });
});
