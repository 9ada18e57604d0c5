// Real genome, real panels, real ClinVar: plant a known ClinVar pathogenic truncating variant into the
// Illumina Platinum Genomes NA12878 GRCh38 VCF and check the ranking puts it in tier 1.
// Consequences come from ClinVar's molecular-consequence field because the annotation engine (issue 7) is
// not wired in yet; background NA12878 variants have no annotation and are placed in panel genes by
// PanelApp's gene coordinates (tier 3 at most). Expected counts come from bcftools, not from GenoDesk.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { rankCandidates, variantKey } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';
import { readVcfText, vcfToVariants } from './helpers/vcf-variants.ts';
import { clinvarAssertion, clinvarConsequences, readClinvarTsv, type ClinvarRow } from './helpers/clinvar-records.ts';
import { vepVcfToVariants } from './helpers/vep-csq.ts';

const NA12878 = path.join(SHARED_DATA, 'vcf/platinum-genomes-NA12878/PG_NA12878_hg38-chr21.vcf.gz');
const clinvar = readClinvarTsv(path.join(SHARED_DATA, 'clinvar/macarthur-lab_2018/clinvar_alleles.multi.b38.tsv.gz'));
const { library } = loadPanelPack(path.join(RESOURCES, 'panels'));
const panels = library.resolve([{ id: '1141' }, { id: '207' }, { id: '76' }]);

// COQ8A c.1042C>T p.(Arg348Ter): ClinVar Pathogenic, 2 stars; COQ8A is green, biallelic on panel 1141.
const COQ8A = clinvar.find((r) => r.symbol === 'COQ8A' && r.hgvs_p.endsWith('p.Arg348Ter'))!;
// COL6A2 c.2527C>T p.(Arg843Trp): ClinVar Pathogenic, missense, on chr21; COL6A2 is green on panel 207.
const COL6A2 = clinvar.find((r) => r.symbol === 'COL6A2' && r.hgvs_p.endsWith('p.Arg843Trp'))!;

const tmp = makeTempDir('genodesk-planted-');
afterAll(() => tmp.cleanup());

/** Inserts records (VCF text lines) into the NA12878 file in contig order; the header already lists chr1. */
function plant(name: string, records: { row: ClinvarRow; gt: string }[]): string {
  const lines = readVcfText(NA12878).split('\n').filter(Boolean);
  const header = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#'));
  const planted = records.map(({ row, gt }) => [`chr${row.chrom}`, row.pos, `planted_clinvar_${row.variation_id}`, row.ref, row.alt, '50', 'PASS', '.', 'GT', gt].join('\t'));
  const all = [...planted, ...body].sort((a, b) => {
    const [ca, pa] = a.split('\t');
    const [cb, pb] = b.split('\t');
    const order = (c: string) => (c === 'chrX' ? 23 : Number(c.replace('chr', '')));
    return order(ca) - order(cb) || Number(pa) - Number(pb);
  });
  const file = path.join(tmp.dir, `${name}.vcf`);
  fs.writeFileSync(file, [...header, ...all].join('\n') + '\n');
  return file;
}

/** ClinVar lookup on the normalised allele, as the annotation pack does; consequences from ClinVar's MC. */
function annotateFromClinvar(variants: CandidateVariantInput[]): CandidateVariantInput[] {
  const byKey = new Map(clinvar.map((r) => [variantKey({ chrom: `chr${r.chrom}`, pos: Number(r.pos), ref: r.ref, alt: r.alt }), r]));
  return variants.map((v) => {
    const r = byKey.get(variantKey(v));
    return r ? { ...v, clinvar: clinvarAssertion(r), consequences: clinvarConsequences(r) } : v;
  });
}

function bcftoolsCount(args: string[]): number {
  return execFileSync('bcftools', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n').filter(Boolean).length;
}

describe('planted ClinVar pathogenic variant in NA12878 (GRCh38 chr21 Platinum Genomes)', () => {
  it('the homozygous COQ8A stop-gain comes out first, in tier 1, with its reasons', () => {
    expect(COQ8A.gold_stars).toBe('2');
    const file = plant('coq8a-hom', [
      { row: COQ8A, gt: '1|1' },
      { row: COL6A2, gt: '0|1' },
    ]);
    // bcftools reads the planted file as valid VCF and sees both planted records.
    expect(bcftoolsCount(['view', '-H', '-i', 'ID~"planted"', file])).toBe(2);

    const variants = annotateFromClinvar(vcfToVariants(readVcfText(file)));
    const t0 = performance.now();
    const result = rankCandidates({ variants, panels, build: 'GRCh38' });
    const ms = performance.now() - t0;
    console.log(`ranked ${variants.length} NA12878 alleles in ${ms.toFixed(0)} ms: ${JSON.stringify(result.summary)}`);

    const top = result.candidates[0];
    expect(top).toMatchObject({ rank: 1, tier: 1, gene: 'COQ8A', key: `chr1-${COQ8A.pos}-${COQ8A.ref}-${COQ8A.alt}`, zygosity: 'homozygous', terms: ['stop_gained'] });
    expect(top.hgvsp).toBe(COQ8A.hgvs_p);
    expect(top.panels[0]).toMatchObject({ panelId: '1141', panelVersion: '2.7', confidence: 'green' });
    const text = top.reasons.map((r) => r.text).join('\n');
    expect(text).toMatch(/stop_gained: protein-truncating/);
    expect(text).toMatch(/Homozygous fits biallelic/);
    expect(text).toMatch(/ClinVar: Pathogenic \(2 stars/);
    expect(text).toMatch(/No population frequency available/);
    expect(text).toMatch(/molecular-consequence field/);
    expect(result.summary.tier1).toBe(1);

    // The planted COL6A2 missense is tier 2 (green on 207, monoallelic or biallelic).
    const col6a2 = result.candidates.find((c) => c.gene === 'COL6A2' && c.consequenceClass === 'protein-altering')!;
    expect(col6a2).toMatchObject({ tier: 2, rank: 2 });

    // Real NA12878 variants in the panels' chr21 genes follow in tier 3, consequence unknown.
    const background = result.candidates.filter((c) => !c.key.includes(COQ8A.pos) && c.consequenceClass === 'unknown');
    expect(background.length).toBeGreaterThan(100);
    expect(new Set(background.map((c) => c.gene))).toEqual(new Set(['COL6A1', 'COL6A2', 'KCNE1', 'KCNE2']));
    expect(background.every((c) => c.tier === 3)).toBe(true);

    // Quality: FILTER not PASS, per allele, as bcftools counts it after splitting multi-allelic records.
    const split = path.join(tmp.dir, 'split.vcf');
    execFileSync('bcftools', ['norm', '-m-any', '-o', split, file]);
    expect(result.summary.failedQualityBy.filter).toBe(bcftoolsCount(['view', '-H', '-i', 'FILTER!="PASS"', split]));
    expect(result.summary.variantsIn).toBe(bcftoolsCount(['view', '-H', split]));
  });

  it('control: the same stop-gain heterozygous is not tier 1 (biallelic gene, no second hit)', () => {
    const file = plant('coq8a-het', [{ row: COQ8A, gt: '0|1' }]);
    const result = rankCandidates({ variants: annotateFromClinvar(vcfToVariants(readVcfText(file))), panels });
    const coq = result.candidates.find((c) => c.gene === 'COQ8A')!;
    expect(coq.tier).toBe(3);
    expect(result.summary.tier1).toBe(0);
    expect(coq.reasons.find((r) => r.kind === 'inheritance')!.text).toMatch(/Single heterozygous/);
  });
});

describe('population frequency from real VEP CSQ annotations (bcftools split-vep as the reference)', () => {
  it('excludes exactly the variants whose gnomAD AF exceeds the threshold, and counts those with a frequency', () => {
    const vcf = path.join(SHARED_DATA, 'annotation-truth/vep-csq-vcf/split-vep.vcf.gz');
    const variants = vepVcfToVariants(readVcfText(vcf));
    const result = rankCandidates({ variants, panels: [], build: 'GRCh37', filters: { tier3Scope: 'all' } });
    // Per biallelic site: does any CSQ entry name a gene, and what gnomAD_AF does VEP give?
    const lines = execFileSync('bash', ['-c', `bcftools view -m2 -M2 '${vcf}' | bcftools +split-vep -d -f '%CHROM:%POS\\t%SYMBOL\\t%gnomAD_AF\\n'`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));
    const sites = new Map<string, { gene: boolean; af: number | null }>();
    for (const [site, symbol, af] of lines) {
      const s = sites.get(site) ?? { gene: false, af: null };
      if (symbol !== '.') s.gene = true;
      if (af !== '.') s.af = Number(af);
      sites.set(site, s);
    }
    const withGene = [...sites.values()].filter((s) => s.gene);
    expect(result.summary.variantsIn).toBe(sites.size);
    expect(result.summary.withoutGene).toBe(sites.size - withGene.length);
    expect(result.summary.withPopulationFrequency).toBe(withGene.filter((s) => s.af !== null).length);
    expect(result.summary.tooCommon).toBe(withGene.filter((s) => s.af !== null && s.af > 0.01).length);
    expect(result.summary.tooCommon).toBeGreaterThan(10);
    for (const c of result.candidates) expect((c.populationFrequency?.af ?? 0) <= 0.01).toBe(true);
  });
});
