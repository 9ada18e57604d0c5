// G6PD and RYR1 phenotypes from the CPIC maps in resources/pgx (G6PD 2023-08-08, RYR1 2023-12-19), on
// PharmCAT's example VCF with the genotypes at real definition positions changed: a hemizygous male (chrX
// GT "1"), a heterozygous and a homozygous female, the allele renamed since the map ("Telti/Kobe" ->
// "Telti, Kobe"), an RYR1 malignant-hyperthermia variant and an RYR1 variant the 2023-12 map gives no function.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPgxFromVcf } from '../../../electron/main/services/pgx/pgx-engine.ts';
import { defaultPgxData } from '../../../electron/main/services/pgx/pgx-data.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { EXAMPLE_VCF } from './pharmcat-agreement.ts';

const data = defaultPgxData();
const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

/** The positions (and bases) that define an allele in the bundled 2025-11 definitions. */
function allelePositions(gene: string, allele: string): Map<number, string> {
  const def = data.definition(gene);
  const na = def.namedAlleles.find((a) => a.name === allele);
  if (!na) throw new Error(`${gene} ${allele} is not in the definitions`);
  return new Map(def.variants.flatMap((v, i) => (na.alleles[i] ? [[v.position, na.alleles[i] as string] as const] : [])));
}

/**
 * The example VCF with one gene's genotypes replaced: `strands` lists, per chromosome copy, the alleles it
 * carries (one strand = hemizygous). Every other record of the gene is reference on each strand.
 */
function vcfWith(gene: string, strands: string[][], name: string): string {
  const chrom = data.definition(gene).chromosome;
  const perStrand = strands.map((alleles) => {
    const m = new Map<number, string>();
    for (const a of alleles) for (const [pos, base] of allelePositions(gene, a)) m.set(pos, base);
    return m;
  });
  let changed = 0;
  const lines = fs.readFileSync(EXAMPLE_VCF, 'utf8').split('\n').map((line) => {
    const f = line.split('\t');
    if (f[0] !== chrom || !f[7]?.includes(`PX=${gene}`)) return line;
    const alts = f[4].split(',');
    const gt = perStrand.map((m) => {
      const base = m.get(Number(f[1]));
      if (base === undefined) return '0';
      const i = alts.indexOf(base);
      if (i < 0) throw new Error(`${gene} ${f[1]}: the example VCF has no ${base} allele (${f[3]}>${f[4]})`);
      changed++;
      return String(i + 1);
    });
    f[9] = gt.join('/');
    return f.join('\t');
  });
  const wanted = perStrand.reduce((n, m) => n + m.size, 0);
  if (changed !== wanted) throw new Error(`${gene}: set ${changed} of ${wanted} allele positions`);
  const file = path.join(tmp.dir, `${name}.vcf`);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

async function gene(file: string, g: string) {
  const r = await runPgxFromVcf(file);
  return { gene: r.genes.find((x) => x.gene === g)!, recommendations: r.recommendations.filter((x) => x.genes.includes(g)) };
}

describe('G6PD (X-linked; CPIC map 2023-08-08)', () => {
  it('a hemizygous male with A- is called with one allele and phenotyped Deficient, as PharmCAT does', async () => {
    const { gene: g, recommendations } = await gene(vcfWith('G6PD', [['A- 202A_376G']], 'g6pd-male-a-minus'), 'G6PD');
    expect(g.diplotypes).toEqual(['A- 202A_376G']);
    expect(g.diplotypeDetails[0]).toMatchObject({ allele1: { name: 'A- 202A_376G', function: 'III/Deficient' }, allele2: null, phenotypes: ['Deficient'] });
    const rasburicase = recommendations.find((x) => x.drug === 'rasburicase' && x.source === 'CPIC');
    expect(rasburicase).toMatchObject({ lookupKey: { G6PD: 'Deficient' } });
    expect(rasburicase?.recommendation).toMatch(/avoid|contraindicated/i);
  });

  it('a hemizygous male without variants is Normal', async () => {
    const { gene: g } = await gene(vcfWith('G6PD', [[]], 'g6pd-male-ref'), 'G6PD');
    expect(g.diplotypes).toEqual(['B (reference)']);
    expect(g.phenotypes).toEqual(['Normal']);
  });

  it('a heterozygous female is Variable; a homozygous one Deficient', async () => {
    expect((await gene(vcfWith('G6PD', [[], ['Mediterranean, Dallas, Panama, Sassari, Cagliari, Birmingham']], 'g6pd-het'), 'G6PD')).gene).toMatchObject({
      diplotypes: ['B (reference)/Mediterranean, Dallas, Panama, Sassari, Cagliari, Birmingham'],
      phenotypes: ['Variable'],
    });
    const med = 'Mediterranean, Dallas, Panama, Sassari, Cagliari, Birmingham';
    expect((await gene(vcfWith('G6PD', [[med], [med]], 'g6pd-hom'), 'G6PD')).gene.phenotypes).toEqual(['Deficient']);
  });

  it('"Telti, Kobe" (definitions) is the map\'s "Telti/Kobe": renamed explicitly, class I', async () => {
    const { gene: g } = await gene(vcfWith('G6PD', [['Telti, Kobe']], 'g6pd-telti'), 'G6PD');
    expect(g.diplotypes).toEqual(['Telti, Kobe']);
    expect(g.diplotypeDetails[0]).toMatchObject({ allele1: { function: 'I/Deficient with CNSHA' }, phenotypes: ['Deficient with CNSHA'] });
  });
});

describe('RYR1 (CPIC map 2023-12-19, 49 of 339 variants with a function)', () => {
  it('a malignant-hyperthermia-associated variant gives Malignant Hyperthermia Susceptibility and its recommendation', async () => {
    const { gene: g, recommendations } = await gene(vcfWith('RYR1', [[], ['c.103T>C']], 'ryr1-mhs'), 'RYR1');
    expect(g.phenotypes).toEqual(['Malignant Hyperthermia Susceptibility']);
    expect(recommendations.some((x) => x.lookupKey.RYR1 === 'Malignant Hyperthermia Susceptibility' && /halogenated|succinylcholine/i.test(x.recommendation))).toBe(true);
  });

  it('a variant the map gives no function gets PharmCAT\'s "Unassigned function" and n/a, never a guessed phenotype', async () => {
    const { gene: g, recommendations } = await gene(vcfWith('RYR1', [[], ['c.10042C>T']], 'ryr1-unmapped'), 'RYR1');
    expect(g.diplotypeDetails.flatMap((d) => [d.allele1, d.allele2]).some((a) => a?.name === 'c.10042C>T' && a.function === 'Unassigned function')).toBe(true);
    expect(g.phenotypes).toEqual(['n/a']);
    expect(g.warnings.find((w) => w.code === 'allele-newer-than-phenotype-data')?.message).toMatch(/c\.10042C>T is not in the phenotype data \(2023-12-05-00-25\), though the newer allele definitions/);
    expect(recommendations.filter((x) => x.lookupKey.RYR1 === 'Malignant Hyperthermia Susceptibility' || x.lookupKey.RYR1 === 'Uncertain Susceptibility')).toEqual([]);
  });

  it('with an MH variant and an unmapped one, the MH variant is used first (Gene-Definition-Exceptions.md, RYR1)', async () => {
    const { gene: g } = await gene(vcfWith('RYR1', [['c.10042C>T'], ['c.103T>C']], 'ryr1-both'), 'RYR1');
    expect(g.callStatus).toBe('variant-list');
    expect(g.diplotypeDetails.at(-1)?.allele1.name).toBe('c.103T>C');
  });
});
