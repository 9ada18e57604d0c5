// `genodesk phenotype terms` and `genodesk prioritise` in process over the bundled HPO 2026-02-16 release and
// a real phenopacket-store case (test/fixtures/phenopackets): the JSON shapes of CLI.md, --vcf with a VEP CSQ
// (nothing stored), the bad inputs, and an HPO release installed as a pack becoming the one used.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/main.ts';
import { PrioritiseResultSchema, TermSearchResultSchema } from '../../../shared/schemas/phenotype.ts';
import { REPO_ROOT, RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const { dir, cleanup } = makeTempDir('genodesk-phenotype-cli-');
afterAll(cleanup);
const KCNT1_CASE = path.join(REPO_ROOT, 'test/fixtures/phenopackets/PMID_23086397_Patient_2.json');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function genodesk(args: string[], dataDir = path.join(dir, 'data')): Promise<{ status: number; json: Json }> {
  let out = '';
  const stdout = new Writable({ write: (chunk, _enc, cb) => ((out += String(chunk)), cb()) });
  const stderr = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: false }) as unknown as NodeJS.WriteStream;
  const status = await runCli(['--data-dir', dataDir, ...args], { stdout, stderr, stdin: process.stdin, env: { GENODESK_DB_KEY: 'phenotype-cli-key' } });
  return { status, json: JSON.parse(out) as Json };
}

function kcnt1Vcf(withCsq: boolean): string {
  const file = path.join(dir, withCsq ? 'kcnt1-csq.vcf' : 'kcnt1-plain.vcf');
  const csqHeader = '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Feature|HGVSc|HGVSp">';
  const csq = (gene: string, cons: string, hgvsc: string) => (withCsq ? `CSQ=A|${cons}|MODERATE|${gene}|NM_1|${encodeURIComponent(hgvsc)}|` : '.');
  fs.writeFileSync(
    file,
    [
      '##fileformat=VCFv4.2',
      '##reference=GRCh38',
      ...(withCsq ? ['##VEP="v110"', csqHeader] : []),
      '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tP2',
      // The case's own causal variant (phenopacket: NM_020822.3:c.1283G>A p.(Arg428Gln), heterozygous)…
      `chr9\t135765706\t.\tG\tA\t50\tPASS\t${csq('KCNT1', 'missense_variant', 'NM_020822.3:c.1283G>A')}\tGT\t0/1`,
      // …beside a truncating variant in a gene of an unrelated phenotype and a site the sample does not carry.
      `chr11\t2000000\t.\tC\tA\t50\tPASS\t${csq('ABCC8', 'stop_gained', 'NM_000352.6:c.100C>A')}\tGT\t0/1`,
      `chr1\t1000\t.\tC\tA\t50\tPASS\t${csq('SKI', 'stop_gained', 'NM_003036.4:c.1C>A')}\tGT\t0/0`,
      '',
    ].join('\n'),
  );
  return file;
}

describe('genodesk phenotype terms', () => {
  it('searches the bundled HPO by label prefix and names the release', async () => {
    const r = await genodesk(['phenotype', 'terms', '--query', 'seiz', '--limit', '5']);
    expect(r.status).toBe(0);
    const parsed = TermSearchResultSchema.parse(r.json);
    expect(parsed.hpoVersion).toBe('2026-02-16');
    expect(parsed.terms[0]).toMatchObject({ id: 'HP:0001250', label: 'Seizure' });
    expect(parsed.terms).toHaveLength(5);
    expect(r.json.attribution).toMatch(/Human Phenotype Ontology/);
  });
});

describe('genodesk prioritise', () => {
  it('ranks genes by phenotype alone from a phenopacket (observed and excluded terms), with the parts of the score', async () => {
    const r = await genodesk(['prioritise', '--phenopacket', KCNT1_CASE, '--limit', '10']);
    expect(r.status).toBe(0);
    const result = PrioritiseResultSchema.parse(r.json);
    expect(result.mode).toBe('phenotype');
    expect(result.excluded.map((t) => t.term.id)).toEqual(['HP:0032773', 'HP:0008936']);
    expect(result.dataVersions.hpo).toMatchObject({ version: '2026-02-16', source: 'bundled' });
    expect(result.dataVersions.hpo.diseaseNames).toMatch(/2025-05-06/);
    expect(result.genes.map((g) => g.rank)).toEqual([...result.genes.map((g) => g.rank)].sort((a, b) => a - b));
    const top = result.genes[0];
    expect(top.matchedTerms.length).toBe(result.observed.length);
    expect(top.diseases.length).toBeGreaterThan(0);
    expect(result.totals.genes).toBeGreaterThan(4000);
  });

  it('ranks a VCF with its own VEP CSQ without storing anything: the causal KCNT1 variant first', async () => {
    const dataDir = path.join(dir, 'vcf-data');
    const r = await genodesk(['prioritise', '--phenopacket', KCNT1_CASE, '--vcf', kcnt1Vcf(true), '--limit', '5'], dataDir);
    expect(r.status).toBe(0);
    const result = PrioritiseResultSchema.parse(r.json);
    expect(result.mode).toBe('variants');
    expect(result.genes.map((g) => g.gene)).toEqual(['KCNT1', 'ABCC8']);
    expect(result.genes[0].variants[0]).toMatchObject({ chrom: 'chr9', pos: 135765706, genotype: 'het', consequence: 'missense_variant', segregation: 'unknown' });
    expect(result.dataVersions.vcf).toMatchObject({ sample: 'P2', build: 'GRCh38', consequences: 'VEP v110 CSQ (in the VCF)' });
    expect(fs.existsSync(path.join(dataDir, 'genodesk.db'))).toBe(false);
  });

  it('says plainly when a VCF has no consequences and no pack is installed, never an empty ranking', async () => {
    const r = await genodesk(['prioritise', '--hpo', 'HP:0001250', '--vcf', kcnt1Vcf(false)]);
    expect(r.status).toBe(1);
    expect(r.json.error.code).toBe('phenotype/no-consequences');
    expect(r.json.error.message).toMatch(/no consequence annotations .* no transcript pack is installed for GRCh38/);
  });

  it('names unknown and malformed ids, resolves obsolete ones with a warning', async () => {
    const unknown = await genodesk(['prioritise', '--hpo', 'HP:0001250,HP:9999999']);
    expect(unknown.json.error).toMatchObject({ code: 'phenotype/unknown-term', details: { id: 'HP:9999999' } });
    const malformed = await genodesk(['prioritise', '--hpo', 'seizure']);
    expect(malformed.json.error).toMatchObject({ code: 'phenotype/unknown-term', details: { id: 'seizure' } });
    const alt = await genodesk(['prioritise', '--hpo', 'HP:0000516', '--limit', '1']);
    expect(alt.json.warnings[0]).toMatch(/HP:0000516 is an alternative id of HP:0000505/);
  });

  it('refuses a phenopacket that is not v2 or has no observed features', async () => {
    const v1 = path.join(dir, 'v1.json');
    fs.writeFileSync(v1, JSON.stringify({ id: 'x', phenotypicFeatures: [{ type: { id: 'HP:0001250' }, negated: true }], metaData: { phenopacketSchemaVersion: '1.0' } }));
    expect((await genodesk(['prioritise', '--phenopacket', v1])).json.error.code).toBe('phenotype/phenopacket-invalid');
    const none = path.join(dir, 'none.json');
    fs.writeFileSync(none, JSON.stringify({ id: 'x', subject: { id: 'p' }, phenotypicFeatures: [{ type: { id: 'HP:0001250', label: 'Seizure' }, excluded: true }], metaData: { phenopacketSchemaVersion: '2.0.2', resources: [] } }));
    expect((await genodesk(['prioritise', '--phenopacket', none])).json.error.code).toMatch(/^phenotype\/phenopacket-(no-features|invalid)$/);
  });

  it('uses an HPO release installed as a pack (packs install hp.obo genes_to_phenotype.txt)', async () => {
    const dataDir = path.join(dir, 'pack-data');
    const src = path.join(dir, 'hpo-newer');
    fs.mkdirSync(src, { recursive: true });
    // A "newer" release: the bundled files with the data-version moved on, as a lab's download would be.
    const obo = zlib.gunzipSync(fs.readFileSync(path.join(RESOURCES, 'hpo/hp.obo.2026-02-16.gz'))).toString('utf8').replace('data-version: hp/releases/2026-02-16', 'data-version: hp/releases/2026-06-01');
    fs.writeFileSync(path.join(src, 'hp.obo'), obo);
    fs.copyFileSync(path.join(RESOURCES, 'hpo/genes_to_phenotype.2026-02-16.txt.gz'), path.join(src, 'genes_to_phenotype.txt.gz'));
    const installed = await genodesk(['packs', 'install', path.join(src, 'hp.obo'), path.join(src, 'genes_to_phenotype.txt.gz')], dataDir);
    expect(installed.status).toBe(0);
    expect(installed.json.pack).toMatchObject({ kind: 'hpo', version: '2026-06-01' });
    const r = await genodesk(['prioritise', '--hpo', 'HP:0001250', '--limit', '1'], dataDir);
    expect(r.json.dataVersions.hpo).toMatchObject({ version: '2026-06-01', source: 'pack' });
    expect((await genodesk(['phenotype', 'terms', '--query', 'seiz', '--limit', '1'], dataDir)).json.hpoVersion).toBe('2026-06-01');
  });
});
