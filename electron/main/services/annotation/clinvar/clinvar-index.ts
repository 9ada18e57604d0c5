// ClinVar lookup: a ClinVar VCF (NCBI's own format, or the MacArthur-lab normalised extracts) loaded into a
// map keyed on the normalised chrom/pos/ref/alt, so a patient's variant matches exactly when the import
// and ClinVar describe the same allele (trimAllele/normaliseChrom on both sides).
// ClinVar data are public domain (NCBI); "not intended for direct diagnostic use without review by a
// genetics professional" — the UI shows the review stars for that reason.
import { normaliseVcfAllele } from '../consequence/genomic-allele.ts';
import { readVcf, infoValue } from '../vcf/vcf-lines.ts';
import { reviewStars, reviewStatusText } from './review-stars.ts';

export interface ClinVarAssertion {
  variationId: string;
  alleleId?: string;
  /** Significance as ClinVar words it ("Pathogenic/Likely pathogenic", "Conflicting classifications of pathogenicity"). */
  significance: string;
  reviewStatus: string;
  stars: 0 | 1 | 2 | 3 | 4;
  conditions: string[];
  conflicting: boolean;
  /** The submitted classifications behind a conflict, e.g. ["Pathogenic(2)", "Uncertain significance(1)"]. */
  conflictingClassifications?: string[];
  gene?: string;
  /** Release the record came from (fileDate of the ClinVar VCF, or the pack version). */
  release?: string;
}

function prose(raw: string): string {
  return raw.replace(/\.\./g, ', ').replace(/_/g, ' ').trim();
}

function key(chrom: string, pos: number, ref: string, alt: string): string {
  return `${chrom}:${pos}:${ref}:${alt}`;
}

/** A ClinVar lookup kept on disk (clinvar-table.ts): a pack's table at genome scale, instead of the map. */
export interface ClinVarStore {
  size: number;
  lookup(chrom: string, pos: number, ref: string, alt: string): ClinVarAssertion | undefined;
  close(): void;
}

export class ClinVarIndex {
  readonly file: string;
  readonly release?: string;
  private readonly map = new Map<string, ClinVarAssertion>();
  private readonly store?: ClinVarStore;

  constructor(file: string, release?: string, store?: ClinVarStore) {
    this.file = file;
    this.release = release;
    this.store = store;
  }

  get size(): number {
    return this.store ? this.store.size : this.map.size;
  }

  /** Releases the on-disk table, if any (the in-memory map needs nothing). */
  close(): void {
    this.store?.close();
  }

  add(chrom: string, pos: number, ref: string, alt: string, a: ClinVarAssertion): void {
    const n = normaliseVcfAllele({ chrom, pos, ref, alt });
    this.map.set(key(n.chrom, n.pos, n.ref, n.alt), a);
  }

  /** Lookup by an allele already normalised with normaliseVcfAllele (chr-prefixed, trimmed). */
  lookup(chrom: string, pos: number, ref: string, alt: string): ClinVarAssertion | undefined {
    if (this.store) return this.store.lookup(chrom, pos, ref, alt);
    return this.map.get(key(chrom, pos, ref, alt));
  }
}

/** Reads NCBI ClinVar VCF INFO (CLNSIG, CLNREVSTAT, CLNDN, CLNSIGCONF, ALLELEID, GENEINFO; ID = variation id)
 *  or MacArthur-lab INFO (CLINICAL_SIGNIFICANCE, REVIEW_STATUS, ALL_TRAITS, VARIATION_ID, SYMBOL). */
export function parseClinVarInfo(id: string, info: string, release?: string): ClinVarAssertion | undefined {
  const clnsig = infoValue(info, 'CLNSIG');
  if (clnsig !== undefined) {
    const significance = prose(clnsig.replace(/,_?/g, ', ').replace(/\|/g, '; '));
    const rev = infoValue(info, 'CLNREVSTAT') ?? '';
    const conf = infoValue(info, 'CLNSIGCONF');
    const geneInfo = infoValue(info, 'GENEINFO');
    return {
      variationId: id !== '.' ? id : (infoValue(info, 'VARIATIONID') ?? ''),
      alleleId: infoValue(info, 'ALLELEID'),
      significance,
      reviewStatus: reviewStatusText(rev),
      stars: reviewStars(rev),
      // CLNDN separates conditions with '|'; a name's own commas are written ",_".
      conditions: (infoValue(info, 'CLNDN') ?? '')
        .split('|')
        .filter((d) => d && d !== '.')
        .map(prose),
      conflicting: /conflicting/i.test(clnsig) || /conflicting/i.test(rev),
      conflictingClassifications: conf ? conf.split(/[|,]/).map(prose) : undefined,
      gene: geneInfo ? geneInfo.split('|').map((g) => g.split(':')[0]).join(', ') : undefined,
      release,
    };
  }
  const sig = infoValue(info, 'CLINICAL_SIGNIFICANCE');
  if (sig !== undefined) {
    const rev = infoValue(info, 'REVIEW_STATUS') ?? '';
    const traits = infoValue(info, 'ALL_TRAITS') ?? '';
    return {
      // MacArthur's VCF writes list separators as '|' (';' in its TSV).
      variationId: (infoValue(info, 'VARIATION_ID') ?? (id !== '.' ? id : '')).replace(/\|/g, ';'),
      alleleId: infoValue(info, 'ALLELE_ID'),
      significance: sig === '-' ? prose(infoValue(info, 'CLINICAL_SIGNIFICANCE_ORDERED') ?? 'not provided') : prose(sig),
      reviewStatus: reviewStatusText(rev),
      stars: reviewStars(rev),
      conditions: [...new Set(traits.split('|').filter((d) => d && d !== '-').map(prose))],
      conflicting: /conflicting/i.test(sig),
      gene: infoValue(info, 'SYMBOL'),
      release,
    };
  }
  return undefined;
}

export async function loadClinVar(file: string, release?: string): Promise<ClinVarIndex> {
  let fileDate: string | undefined;
  let index: ClinVarIndex | undefined;
  await readVcf(file, {
    onHeader: (h) => {
      const d = h.meta.find((m) => m.startsWith('fileDate='));
      fileDate = d?.substring('fileDate='.length);
      index = new ClinVarIndex(file, release ?? fileDate);
    },
    onRecord: (r) => {
      const idx = index as ClinVarIndex;
      const a = parseClinVarInfo(r.id, r.info, idx.release);
      if (!a) return;
      for (const alt of r.alts) {
        if (alt === '.' || alt === '*') continue;
        idx.add(r.chrom, r.pos, r.ref, alt, a);
      }
    },
  });
  return index ?? new ClinVarIndex(file, release ?? fileDate);
}
