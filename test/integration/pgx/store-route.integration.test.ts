// PGx from a patient's stored import (the store route) must give exactly what `pgx --vcf` gives on the same
// file: same diplotypes, phenotypes, missing positions, reference-block calls and recommendations. Each
// file is really imported (worker, split multi-allelic rows, trimmed alleles) into an encrypted store.
// Expected calls come from PharmCAT's files (.match.json, examples/index.md) and its allele definitions.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/main/db/connection.ts';
import type { Store } from '../../../electron/main/db/connection.ts';
import { createImportService } from '../../../electron/main/services/vcf/import-service.ts';
import type { ImportService } from '../../../electron/main/services/vcf/import-service.ts';
import { createPgxService } from '../../../electron/main/services/pgx/pgx-service.ts';
import type { PgxService } from '../../../electron/main/services/pgx/pgx-service.ts';
import { PgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { runPgxFromVcf } from '../../../electron/main/services/pgx/pgx-engine.ts';
import type { PgxResult, PgxStoredRun } from '../../../shared/schemas/pgx.ts';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { EXAMPLE_VCF, PHARMCAT } from './pharmcat-agreement.ts';

const PRE = path.join(SHARED_DATA, 'vcf', 'pharmcat-preprocessor-tests');
const MULTI = path.join(PHARMCAT, 'examples', 'multisample.vcf');
const data = new PgxData(path.join(RESOURCES, 'pgx'));
const tmp = makeTempDir('genodesk-pgx-store-');
let store: Store;
let imports: ImportService;
let pgx: PgxService;
let patientNo = 0;

beforeAll(() => {
  store = openStore({ file: path.join(tmp.dir, 'store.db'), key: 'test-key' });
  imports = createImportService({ store, actor: 'test' });
  pgx = createPgxService({ store, actor: 'test', data });
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

function newPatient(): string {
  const id = `pgx-patient-${++patientNo}`;
  store.sqlite
    .prepare(
      `INSERT INTO patients (id, nhs_number, family_name, given_name, family_fold, given_fold, birth_date, sex, version, created_at, updated_at)
       VALUES (?, ?, 'Test', 'Patient', 'test', 'patient', '1970-01-01', 'unknown', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    )
    .run(id, `PGX${patientNo}`);
  return id;
}

async function importFor(file: string, sample?: string, build?: 'GRCh37' | 'GRCh38'): Promise<{ patientId: string; importId: string }> {
  const patientId = newPatient();
  const r = await imports.importVcf({ file, patientId, sample, build });
  return { patientId, importId: r.id };
}

function withoutSource(r: PgxStoredRun): PgxResult {
  const { genotypeSource: _s, ...rest } = r;
  void _s;
  return rest;
}

/** Writes a copy of PharmCAT's example VCF with some data lines replaced. */
function exampleWith(name: string, edit: (lines: string[]) => string[]): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, edit(fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n')).join('\n'));
  return file;
}

function setGenotype(lines: string[], chrom: string, pos: number, gt: string): string[] {
  let hit = 0;
  const out = lines.map((l) => {
    const f = l.split('\t');
    if (f[0] !== chrom || Number(f[1]) !== pos) return l;
    hit++;
    f[9] = gt;
    return f.join('\t');
  });
  if (hit !== 1) throw new Error(`expected one record at ${chrom}:${pos}, found ${hit}`);
  return out;
}

async function bothRoutes(file: string, sample?: string): Promise<{ stored: PgxStoredRun; direct: PgxResult }> {
  const { patientId } = await importFor(file, sample);
  return { stored: pgx.run(patientId), direct: await runPgxFromVcf(file, { sample, data }) };
}

const gene = (r: PgxResult, name: string) => r.genes.find((g) => g.gene === name)!;

describe('store route = file route', () => {
  it("PharmCAT's example VCF: the whole result is identical, and every gene agrees with .match.json", async () => {
    const { stored, direct } = await bothRoutes(EXAMPLE_VCF);
    expect(withoutSource(stored)).toEqual(direct);
    const sampleColumn = fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n').find((l) => l.startsWith('#CHROM'))!.split('\t')[9];
    expect(stored.genotypeSource).toMatchObject({ kind: 'import', fileName: 'pharmcat.example.vcf', sample: sampleColumn, outsideCallFiles: [] });
    const expected = JSON.parse(fs.readFileSync(path.join(PHARMCAT, 'examples', 'pharmcat.example.match.json'), 'utf8')) as { results: { gene: string; diplotypes: { name: string }[] }[] };
    for (const e of expected.results) expect(gene(stored, e.gene)?.diplotypes.join(' | '), e.gene).toBe(e.diplotypes.map((d) => d.name).join(' | '));
  });

  it('a multi-sample file imported as Sample_2 gives PharmCAT example 2 (CYP2C19 *2/*2, CYP2B6 *1/*6: examples/index.md)', async () => {
    const { stored, direct } = await bothRoutes(MULTI, 'Sample_2');
    expect(withoutSource(stored)).toEqual(direct);
    expect(gene(stored, 'CYP2C19').diplotypes).toEqual(['*2/*2']);
    expect(gene(stored, 'CYP2B6').diplotypes).toEqual(['*1/*6']);
    expect(stored.sample).toBe('Sample_2');
  });

  it('chromosome naming: "1"-style names and un-normalised indels (PharmCAT preprocessor raw.vcf) read as from the file', async () => {
    for (const sample of ['Sample_1', 'Sample_2']) {
      const { stored, direct } = await bothRoutes(path.join(PRE, 'raw.vcf'), sample);
      expect(withoutSource(stored)).toEqual(direct);
      // and as from PharmCAT's own preprocessed output of the same sample
      const pre = await runPgxFromVcf(path.join(PRE, 'raw.preprocessed.vcf'), { sample, data });
      expect(stored.genes.map((g) => [g.gene, g.diplotypes, g.haplotypes])).toEqual(pre.genes.map((g) => [g.gene, g.diplotypes, g.haplotypes]));
    }
  });

  it('chromosome naming: the example rewritten with "10"/"MT"-style names gives the example\'s calls', async () => {
    const file = exampleWith('example-nochr.vcf', (lines) => lines.map((l) => l.replace(/^chr/, '').replace(/^##contig=<ID=chr/, '##contig=<ID=')));
    const { stored } = await bothRoutes(file);
    const direct = await runPgxFromVcf(EXAMPLE_VCF, { data });
    expect(stored.genes.map((g) => [g.gene, g.diplotypes, g.phenotypes, g.missingPositions])).toEqual(direct.genes.map((g) => [g.gene, g.diplotypes, g.phenotypes, g.missingPositions]));
  });
});

describe('multi-allelic sites and indels at PGx positions', () => {
  const def = data.definition('NUDT15');
  const idx = def.variants.findIndex((v) => v.position === 48037782);
  const locus = def.variants[idx];
  const ins = locus.alts.find((a) => a.length > locus.ref.length)!;
  const del = locus.alts.find((a) => a.length < locus.ref.length)!;
  const alleleWith = (alt: string) => def.namedAlleles.find((n) => n.alleles[idx] === alt && n.alleles.filter((a) => a !== null).length === 1)!.name;
  // NUDT15 *6 (insertion) and *9 (deletion) share one multi-allelic PGx site (allele definitions)
  const expected = [alleleWith(ins), alleleWith(del)].sort();
  const nudt15 = (lines: string[]) => {
    const drop = lines.filter((l) => !l.startsWith('chr13\t48037782\t'));
    const at = drop.findIndex((l) => l.startsWith('chr13\t') && Number(l.split('\t')[1]) > 48037782);
    return (rows: string[]) => [...drop.slice(0, at), ...rows, ...drop.slice(at)];
  };
  const row = (ref: string, alt: string, gt: string) => `chr13\t48037782\t.\t${ref}\t${alt}\t.\tPASS\t.\tGT\t${gt}`;

  it(`NUDT15 one record ${locus.ref}>${ins},${del} GT 1/2 (split into two rows on import) → ${expected.join('/')}`, async () => {
    const file = exampleWith('nudt15-multi.vcf', (l) => nudt15(l)([row(locus.ref, `${ins},${del}`, '1/2')]));
    const { stored, direct } = await bothRoutes(file);
    expect(withoutSource(stored)).toEqual(direct);
    expect(gene(stored, 'NUDT15').diplotypes.map((d) => d.split('/').sort())).toEqual([expected]);
  });

  it(`NUDT15 as two records, the insertion in minimal form (A>AGGAGTC) → ${expected.join('/')}`, async () => {
    const file = exampleWith('nudt15-split.vcf', (l) => nudt15(l)([row('A', 'AGGAGTC', '0/1'), row(locus.ref, del, '1/0')]));
    const { stored, direct } = await bothRoutes(file);
    expect(withoutSource(stored)).toEqual(direct);
    expect(gene(stored, 'NUDT15').diplotypes.map((d) => d.split('/').sort())).toEqual([expected]);
  });

  const cyp2c9 = data.definition('CYP2C9');
  const c9 = cyp2c9.variants.findIndex((v) => v.position === 94949281);
  const star6 = cyp2c9.namedAlleles.find((n) => n.alleles[c9] === cyp2c9.variants[c9].alts[0] && n.alleles.filter((a) => a !== null).length === 1)!.name;
  const c9ref = cyp2c9.namedAlleles.find((n) => n.reference)!.name;
  it(`CYP2C9 deletion ${cyp2c9.variants[c9].ref}>${cyp2c9.variants[c9].alts[0]} heterozygous → ${c9ref}/${star6}, not missing`, async () => {
    const file = exampleWith('cyp2c9-del.vcf', (l) => setGenotype(l, 'chr10', 94949281, '0/1'));
    const { stored, direct } = await bothRoutes(file);
    expect(withoutSource(stored)).toEqual(direct);
    const g = gene(stored, 'CYP2C9');
    expect(g.diplotypes.map((d) => d.split('/').sort())).toEqual([[c9ref, star6].sort()]);
    expect(g.missingPositions.map((p) => p.pos)).not.toContain(94949281);
  });

  const ugt = data.definition('UGT1A1');
  const u = ugt.variants.findIndex((v) => v.position === 233760233);
  const star28 = ugt.namedAlleles.find((n) => n.alleles[u] === 'CATAT' && n.alleles.filter((a) => a !== null).length === 1)!.name;
  const uref = ugt.namedAlleles.find((n) => n.reference)!.name;
  it(`UGT1A1 TA repeat written as a minimal insertion (C>CAT) → ${uref}/${star28}`, async () => {
    const file = exampleWith('ugt1a1-ins.vcf', (lines) =>
      lines.map((l) => (l.startsWith('chr2\t233760233\t') ? ['chr2', '233760233', '.', 'C', 'CAT', '.', 'PASS', '.', 'GT', '0/1'].join('\t') : l)),
    );
    const { stored, direct } = await bothRoutes(file);
    expect(withoutSource(stored)).toEqual(direct);
    expect(gene(stored, 'UGT1A1').diplotypes.map((d) => d.split('/').sort())).toEqual([[uref, star28].sort()]);
  });
});

describe('gVCF reference blocks in a stored import', () => {
  it('positions inside a hom-ref block are called reference, and the result says so; a no-call block stays missing', async () => {
    const lines = fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n');
    const header = lines.filter((l) => l.startsWith('#'));
    const inRange = (l: string, chrom: string, from: number, to: number) => l.split('\t')[0] === chrom && Number(l.split('\t')[1]) >= from && Number(l.split('\t')[1]) <= to;
    const dataLines = lines.filter((l) => l && !l.startsWith('#') && !inRange(l, 'chr10', 94760000, 94860000) && !inRange(l, 'chr7', 99650000, 99680000));
    const block = (chrom: string, from: number, to: number, gt: string) => `${chrom}\t${from}\t.\tN\t<NON_REF>\t.\t.\tEND=${to}\tGT\t${gt}`;
    const order = (l: string) => [Number(l.split('\t')[0].replace('chr', '').replace('X', '23')), Number(l.split('\t')[1])];
    const body = [...dataLines, block('chr10', 94760000, 94860000, '0/0'), block('chr7', 99650000, 99680000, './.')].sort((a, b) => {
      const [ca, pa] = order(a);
      const [cb, pb] = order(b);
      return ca - cb || pa - pb;
    });
    const file = path.join(tmp.dir, 'example.g.vcf');
    fs.writeFileSync(file, [...header, ...body].join('\n') + '\n');
    const { stored, direct } = await bothRoutes(file);
    expect(withoutSource(stored)).toEqual(direct);
    const cyp2c19 = gene(stored, 'CYP2C19');
    expect(cyp2c19.diplotypes).toEqual(['*38/*38']); // as in the example's .match.json
    expect(cyp2c19.referenceBlockPositions.length).toBeGreaterThan(30);
    expect(cyp2c19.warnings.map((w) => w.code)).toContain('reference-block');
    const cyp3a5 = gene(stored, 'CYP3A5');
    expect(cyp3a5.referenceBlockPositions).toEqual([]);
    expect(cyp3a5.missingPositions.length).toBeGreaterThan(0);
  });
});

describe('store route refusals', () => {
  it('no import → pgx/no-import; unknown patient → patients/not-found', () => {
    expect(() => pgx.run(newPatient())).toThrowError(expect.objectContaining({ code: 'pgx/no-import' }));
    expect(() => pgx.run('nobody')).toThrowError(expect.objectContaining({ code: 'patients/not-found' }));
  });

  it('a GRCh37 import → pgx/unsupported-build (Platinum Genomes NA12878 chr21, hg19)', async () => {
    const { patientId, importId } = await importFor(path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_chr21.vcf.gz'));
    expect(() => pgx.run(patientId)).toThrowError(expect.objectContaining({ code: 'pgx/unsupported-build', details: expect.objectContaining({ build: 'GRCh37', importId }) }));
  });

  it("another patient's import id is refused; a chosen import of the patient is used", async () => {
    const a = await importFor(EXAMPLE_VCF);
    const b = newPatient();
    expect(() => pgx.run(b, { importId: a.importId })).toThrowError(expect.objectContaining({ code: 'vcf/import-not-found' }));
    expect(pgx.run(a.patientId, { importId: a.importId }).genotypeSource.importId).toBe(a.importId);
  });

  it('a GRCh38 import with none of the PGx positions → pgx/no-pgx-positions (NA12878 GRCh38 chr21)', async () => {
    const { patientId } = await importFor(path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_hg38-chr21.vcf.gz'));
    expect(() => pgx.run(patientId)).toThrowError(expect.objectContaining({ code: 'pgx/no-pgx-positions' }));
  });
});
