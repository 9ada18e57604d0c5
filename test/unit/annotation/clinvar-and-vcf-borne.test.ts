// ClinVar parsing and review stars against the MacArthur lab's own parsed table (gold_stars, conflicted
// columns) and NCBI's VCF text; VEP CSQ / snpEff ANN / EFF parsing against the headers and records of
// real tool output.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA } from '../../helpers/paths.ts';
import { loadClinVar } from '../../../electron/main/services/annotation/clinvar/clinvar-index.ts';
import { reviewStars } from '../../../electron/main/services/annotation/clinvar/review-stars.ts';
import { normaliseVcfAllele } from '../../../electron/main/services/annotation/consequence/genomic-allele.ts';
import { detectVcfBorneSpecs, parseVcfBorne } from '../../../electron/main/services/annotation/vcf/vcf-borne.ts';
import { infoValue, readVcf } from '../../../electron/main/services/annotation/vcf/vcf-lines.ts';

const CLINVAR = path.join(SHARED_DATA, 'clinvar');
const MAC = path.join(CLINVAR, 'macarthur-lab_2018');

function tsv(file: string): Array<Record<string, string>> {
  const text = file.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(file)).toString() : fs.readFileSync(file, 'utf8');
  const [head, ...rows] = text.split('\n').filter(Boolean);
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

describe('ClinVar', () => {
  it('maps review status to the stars the MacArthur table computed, for every row', () => {
    const rows = [...tsv(path.join(MAC, 'clinvar_alleles.multi.b38.tsv.gz')), ...tsv(path.join(MAC, 'clinvar_alleles_example_750_rows.single.b38.tsv'))];
    expect(rows.length).toBeGreaterThan(1000);
    for (const r of rows) expect(reviewStars(r.review_status), r.review_status).toBe(Number(r.gold_stars));
  });

  it('matches MacArthur VCF records on normalised chrom/pos/ref/alt, with variation id, conditions and conflicts as in the table', async () => {
    const index = await loadClinVar(path.join(MAC, 'clinvar_alleles.multi.b38.vcf.gz'));
    const rows = tsv(path.join(MAC, 'clinvar_alleles.multi.b38.tsv.gz'));
    let matched = 0;
    for (const r of rows) {
      const n = normaliseVcfAllele({ chrom: r.chrom, pos: Number(r.pos), ref: r.ref, alt: r.alt });
      const hit = index.lookup(n.chrom, n.pos, n.ref, n.alt);
      expect(hit, `${r.chrom}:${r.pos}`).toBeDefined();
      if (!hit) continue;
      matched++;
      // several table rows can share one allele; the record read last wins, so compare what is per-allele
      expect(hit.stars).toBeLessThanOrEqual(4);
      if (rows.filter((x) => x.chrom === r.chrom && x.pos === r.pos && x.ref === r.ref && x.alt === r.alt).length === 1) {
        expect(hit.variationId).toBe(r.variation_id);
        expect(hit.stars).toBe(Number(r.gold_stars));
        expect(hit.conflicting).toBe(r.conflicted === '1');
      }
    }
    expect(matched).toBe(rows.length);
  });

  it('reads NCBI ClinVar VCF fields (CLNSIG, CLNREVSTAT, CLNDN, ID = variation id)', async () => {
    const file = path.join(CLINVAR, 'clinvar_20211025_GRCh38_vep-testset.vcf.gz');
    const index = await loadClinVar(file);
    expect(index.release).toBe('2021-10-25');
    await readVcf(file, {
      onRecord: (r) => {
        const n = normaliseVcfAllele({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt: r.alts[0] });
        const hit = index.lookup(n.chrom, n.pos, n.ref, n.alt);
        expect(hit?.variationId).toBe(r.id);
        expect(hit?.significance).toBe((infoValue(r.info, 'CLNSIG') as string).replace(/_/g, ' '));
        expect(hit?.reviewStatus).toBe((infoValue(r.info, 'CLNREVSTAT') as string).replace(/_/g, ' ').replace(/,\s*/g, ', '));
        expect(hit?.conditions).toEqual((infoValue(r.info, 'CLNDN') as string).split('|').map((d) => d.replace(/_/g, ' ')));
      },
    });
  });
});

describe('annotations already in the VCF', () => {
  it('reads VEP CSQ with the field list and version from the header (VEP v110)', async () => {
    const file = path.join(SHARED_DATA, 'annotation-truth', 'vep-csq-vcf', 'split-vep.select-tr-expr.vcf');
    let specs: ReturnType<typeof detectVcfBorneSpecs> = [];
    let entries = 0;
    await readVcf(file, {
      onHeader: (h) => {
        specs = detectVcfBorneSpecs(h.meta);
      },
      onRecord: (r) => {
        const raw = infoValue(r.info, 'CSQ') as string;
        const [perAlt] = parseVcfBorne(specs[0], raw, r.ref, r.alts);
        const items = raw.split(',');
        expect(perAlt.transcripts).toHaveLength(items.length);
        perAlt.transcripts.forEach((t, i) => {
          const f = items[i].split('|');
          expect(t.terms.join('&')).toBe(f[specs[0].columns.indexOf('Consequence')]);
          expect(t.transcript).toBe(f[specs[0].columns.indexOf('Feature')]);
          expect(t.fields.MANE_SELECT ?? '').toBe(f[specs[0].columns.indexOf('MANE_SELECT')]);
          entries++;
        });
      },
    });
    expect(specs[0]).toMatchObject({ field: 'CSQ', tool: 'VEP', version: 'v110' });
    expect(specs[0].columns[0]).toBe('Allele');
    expect(entries).toBeGreaterThan(50);
  });

  it('reads the snpEff ANN field list and version from a real header', async () => {
    const { header } = await readVcf(path.join(SHARED_DATA, 'vcf', 'cyvcf2-tests', 'test_gt_alt_freqs.vcf'), { onRecord: () => false });
    const [spec] = detectVcfBorneSpecs(header.meta);
    expect(spec).toMatchObject({ field: 'ANN', tool: 'snpEff', version: '4.2 (build 2015-12-05)' });
    expect(spec.columns.slice(0, 4)).toEqual(['Allele', 'Annotation', 'Annotation_Impact', 'Gene_Name']);
    // No record in shared/data carries ANN; one entry per the snpEff ANN specification, for two ALTs.
    const raw = 'T|missense_variant|MODERATE|GENE1|G1|transcript|NM_1.1|protein_coding|2/5|c.10A>T|p.Lys4*|10/100|10/90|4/30||,C|synonymous_variant|LOW|GENE1|G1|transcript|NM_1.1|protein_coding|2/5|c.10A>C|p.Lys4Lys|10/100|10/90|4/30||';
    const [t, c] = parseVcfBorne(spec, raw, 'A', ['T', 'C']);
    expect(t.transcripts.map((x) => [x.terms, x.hgvsc, x.hgvsp])).toEqual([[['missense_variant'], 'c.10A>T', 'p.Lys4*']]);
    expect(c.transcripts.map((x) => x.impact)).toEqual(['LOW']);
  });

  it('reads legacy snpEff EFF with the snpEff version from the header', async () => {
    const dir = path.join(SHARED_DATA, 'vcf', 'cyvcf2-tests');
    for (const [file, field, version] of [['test.snpeff.vcf', 'EFF', '3.1b (build 2012-11-14)']] as const) {
      let specs: ReturnType<typeof detectVcfBorneSpecs> = [];
      let seen = 0;
      await readVcf(path.join(dir, file), {
        onHeader: (h) => {
          specs = detectVcfBorneSpecs(h.meta);
        },
        onRecord: (r) => {
          const raw = infoValue(r.info, field);
          if (!raw || r.alts.length !== 1) return;
          const [perAlt] = parseVcfBorne(specs[0], raw, r.ref, r.alts);
          expect(perAlt.transcripts.length).toBe(raw.split(',').length);
          const first = raw.split(',')[0];
          const term = field === 'EFF' ? first.substring(0, first.indexOf('(')) : first.split('|')[1];
          expect(perAlt.transcripts[0].terms.join('&')).toBe(term);
          seen++;
        },
      });
      expect(specs[0]).toMatchObject({ field, tool: 'snpEff', version });
      expect(seen).toBeGreaterThan(0);
    }
  });
});
