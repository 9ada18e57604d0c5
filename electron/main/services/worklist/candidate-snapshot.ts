// Keeps, per patient, the tier 1–2 candidates (and the top few of any tier, for the case overview) of the
// latest candidate run, so the worklist can count unclassified ones for every patient without re-ranking.
// Replaced whole in one transaction: a crash leaves either the previous run's snapshot or the new one.
import type { CandidatesOutput } from '../../../../shared/schemas/diagnosis-workspace.ts';
import type { SqliteDatabase } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { variantIdOf } from '../diagnosis-workspace/classification-store.ts';

/** How many candidates of any tier the overview lists. */
export const OVERVIEW_TOP = 5;

export function createCandidateSnapshot(sqlite: SqliteDatabase) {
  const clear = sqlite.prepare('DELETE FROM worklist_candidates WHERE patient_id = ?');
  const insert = sqlite.prepare(
    `INSERT OR IGNORE INTO worklist_candidates (patient_id, variant_id, analysis_id, rank, tier, gene, hgvs, ranked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    record(output: CandidatesOutput, at: string): void {
      const { analysis } = output;
      const kept = output.candidates.filter((c) => c.tier <= 2 || c.rank <= OVERVIEW_TOP);
      inTransaction(sqlite, () => {
        clear.run(analysis.patientId);
        for (const c of kept) {
          // The lab's classifications are keyed by the normalised variant: count a candidate as classified by the same key.
          insert.run(analysis.patientId, variantIdOf({ build: analysis.build, chrom: c.chrom, pos: c.pos, ref: c.ref, alt: c.alt }), analysis.id, c.rank, c.tier, c.gene, c.hgvsp ?? c.hgvsc, at);
        }
      });
    },
  };
}
