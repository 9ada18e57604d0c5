// How many patients carry a variant site: shown beside a lab classification's history, so a clinician sees
// how often the laboratory has met the variant. Counts distinct patients (not imports) over complete
// imports of the site's build; only genotypes with the ALT count (het, hom-alt, hemi-alt).
import type { VariantIdentity } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { Store } from '../../db/connection.ts';
import { ZYG } from '../vcf/genotype.ts';
import { createStoredVariants } from '../vcf/stored-variants.ts';

const CARRYING = new Set<number>([ZYG.het, ZYG.homAlt, ZYG.hemiAlt]);

/** `carriersOf(site)` for a site already normalised (normaliseIdentity: chr-prefixed, trimmed) as stored rows are. */
export function createSiteCarriers(store: Store): (site: VariantIdentity) => number {
  const stored = createStoredVariants(store);
  // Chromosome codes are per import for non-primary contigs, so the name is matched through each import's
  // own contig table (which lists primary chromosomes too).
  const importsWithChrom = store.sqlite.prepare(
    `SELECT i.key, i.patient_id AS patientId, c.code FROM imports i JOIN import_contigs c ON c.import_key = i.key
     WHERE i.status = 'complete' AND i.build = ? AND c.chrom = ?`,
  );

  function carries(importKey: number, chrom: number, site: VariantIdentity): boolean {
    for (const h of stored.headersOverlappingRange(importKey, chrom, site.pos, site.pos)) {
      if (h.maxPos < site.pos) continue;
      const c = stored.decode(h);
      const ref = c.stringIndex(site.ref);
      const alt = c.stringIndex(site.alt);
      if (ref < 0 || alt < 0) continue;
      const pos = c.numbers('pos');
      const refs = c.text('ref');
      const alts = c.text('alt');
      const zygosity = c.zygosity;
      for (let i = 0; i < c.count; i++) {
        if (pos[i] === site.pos && refs[i] === ref && alts[i] === alt && CARRYING.has(zygosity[i])) return true;
      }
    }
    return false;
  }

  return (site) => {
    const patients = new Set<string>();
    for (const imp of importsWithChrom.all(site.build, site.chrom) as { key: number; patientId: string; code: number }[]) {
      if (!patients.has(imp.patientId) && carries(imp.key, imp.code, site)) patients.add(imp.patientId);
    }
    return patients.size;
  };
}
