// ClinVar's own molecular consequence per allele, read from a ClinVar pack's VCF: NCBI's INFO MC/GENEINFO
// or the MacArthur-lab extract's MOLECULAR_CONSEQUENCE/SYMBOL/HGVS_C/HGVS_P. Used only for a variant the
// installed transcript pack does not cover (the demo pack spans under 3 % of chr21), so a known pathogenic
// variant elsewhere is still ranked by what it does; every such consequence says it came from ClinVar
// (CLINVAR_CONSEQUENCE_SOURCE) and the ranking and the report repeat that.
import type { Consequence } from '../../../../shared/schemas/diagnosis.ts';
import { consequencesFromClinvarRecord, consequencesFromClinvarVcfInfo } from '../diagnosis/clinvar-consequence.ts';
import { variantKey } from '../diagnosis/rank-candidates.ts';
import { normaliseVcfAllele } from '../annotation/consequence/genomic-allele.ts';
import { infoValue, readVcf } from '../annotation/vcf/vcf-lines.ts';

export interface ClinvarConsequenceIndex {
  lookup(v: { chrom: string; pos: number; ref: string; alt: string }): Consequence[];
  readonly size: number;
}

function keyOf(v: { chrom: string; pos: number; ref: string; alt: string }): string {
  return variantKey(normaliseVcfAllele(v));
}

/** MacArthur's VCF writes the TSV's ';' list separator as '|' (labels keep '_', which the mapping reads as spaces). */
function macarthurConsequences(info: string, ref: string, alt: string): Consequence[] {
  const mc = infoValue(info, 'MOLECULAR_CONSEQUENCE');
  const symbol = infoValue(info, 'SYMBOL');
  if (!mc || !symbol) return [];
  return consequencesFromClinvarRecord({
    symbol,
    hgvs_c: infoValue(info, 'HGVS_C') ?? '',
    hgvs_p: infoValue(info, 'HGVS_P') ?? '',
    molecular_consequence: mc.replace(/\|/g, ';'),
    ref,
    alt,
  });
}

export async function loadClinvarConsequences(files: readonly string[]): Promise<ClinvarConsequenceIndex> {
  const map = new Map<string, Consequence[]>();
  for (const file of files) {
    await readVcf(file, {
      onRecord: (r) => {
        for (const alt of r.alts) {
          if (alt === '.' || alt === '*') continue;
          const key = keyOf({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt });
          // Earlier files win: callers list the newest ClinVar release first.
          if (map.has(key)) continue;
          const ncbi = consequencesFromClinvarVcfInfo({ GENEINFO: infoValue(r.info, 'GENEINFO'), MC: infoValue(r.info, 'MC') }, r.ref, alt);
          const found = ncbi.length > 0 ? ncbi : macarthurConsequences(r.info, r.ref, alt);
          if (found.length > 0) map.set(key, found);
        }
      },
    });
  }
  return {
    lookup: (v) => map.get(keyOf(v)) ?? [],
    get size() {
      return map.size;
    },
  };
}
