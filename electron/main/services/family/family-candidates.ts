// Segregation of a patient's candidate variants when a family with imported relatives is recorded: what the
// diagnosis tiering (and the phenotype ranking) call. Null when there is no family or no relative with data.
import { AppError } from '../../../../shared/errors.ts';
import type { SegregationResult } from '../../../../shared/schemas/family.ts';
import type { Store } from '../../db/connection.ts';
import { standardChromCode } from '../vcf/chrom-codes.ts';
import { normaliseChrom } from '../vcf/normalise-allele.ts';
import type { CandidateSite } from './family-analysis.ts';
import { analyseStoredFamilyAsync, segregateCandidates } from './family-analysis.ts';
import type { FamilyAnalysisSummary } from './family-analysis.ts';
import type { FamilyService } from './family-service.ts';
import { storedFamilyInputs } from './stored-family.ts';
import { applySegregationToRanking, siteKey } from './prioritise-family.ts';

export function familySegregation(
  store: Store,
  family: FamilyService,
  patientId: string,
  importId: string,
  sites: readonly (CandidateSite & { key: string })[],
): Map<string, SegregationResult> | null {
  const recorded = family.find(patientId);
  if (!recorded) return null;
  const inputs = storedFamilyInputs(store.sqlite, recorded, importId, patientId);
  if (inputs.importKeys.size < 2) return null;
  const byEngineKey = segregateCandidates(store, inputs.model, inputs.importKeys, sites, (chrom) => standardChromCode(normaliseChrom(chrom)));
  // The engine keys by chrom:pos:ref:alt; the caller by its own key.
  const out = new Map<string, SegregationResult>();
  for (const s of sites) {
    const r = byEngineKey.get(`${s.chrom}:${s.pos}:${s.ref}:${s.alt}`);
    if (r) out.set(s.key, r);
  }
  return out;
}

/** The whole-family analysis for the app (yields to the event loop); the 50 best de novo calls are kept. */
export async function runFamilyAnalysis(store: Store, family: FamilyService, patientId: string): Promise<(FamilyAnalysisSummary & { missing: string[] }) | null> {
  const recorded = family.find(patientId);
  if (!recorded) return null;
  let inputs;
  try {
    inputs = storedFamilyInputs(store.sqlite, recorded, undefined, patientId);
  } catch (err) {
    // No import for this patient yet: nothing to analyse, not an error on the family screen.
    if (err instanceof AppError && err.code === 'diagnosis/no-import') return null;
    throw err;
  }
  if (inputs.importKeys.size < 2) return null;
  const summary = await analyseStoredFamilyAsync(store, inputs.model, inputs.importKeys, { keepDeNovo: 50 });
  return { ...summary, missing: inputs.missing };
}

/**
 * A stored patient's phenotype ranking with their recorded family applied (segregation per variant; genes the
 * family rules out down-ranked): the same for `prioritise --patient` and the app's combined candidate list.
 */
export function rankWithRecordedFamily<R extends Parameters<typeof applySegregationToRanking>[0]>(
  ranked: R,
  deps: { store: Store; family: FamilyService; patientId: string; latestImportId: string | null },
): R {
  if (!deps.latestImportId) return ranked;
  const sites = ranked.genes.flatMap((g) => g.variants.map((v) => ({ key: siteKey(v), chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt, gene: (g as { gene?: string }).gene ?? null })));
  const found = familySegregation(deps.store, deps.family, deps.patientId, deps.latestImportId, sites);
  return found ? applySegregationToRanking(ranked, found) : ranked;
}
