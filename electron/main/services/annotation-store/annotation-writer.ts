// The SQL side of an annotation run: the 'running' row, one insert per packed import chunk (annotation_chunks;
// the worker packs), the switch-over transaction, and chunked removal of runs that were cancelled or cut
// short. A replaced run is kept, marked 'superseded', and stays readable (issue 15: "earlier annotation runs
// stay readable; nothing is overwritten silently"). Runs stored before migration 0016 live in the row tables
// (storage 'rows'); writeBatch still writes that form, for tests of those readers.
import type { AnnotatedVariant, PackVersion } from '../../../../shared/schemas/annotation.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import { summarise } from './annotation-summary.ts';
import type { PackedAnnotationChunk } from './annotation-chunk.ts';

/** Rows deleted per transaction when removing a run: small enough to keep the event loop responsive. */
export const DELETE_CHUNK = 2000;
/** Packed chunks deleted per transaction (each frees its BLOBs' overflow pages, ~100 KB–1 MB). */
const DELETE_PACKED = 32;
/** Packed chunks inserted per transaction: one commit per ~16 k variants, not per chunk (~300 per genome). */
export const CHUNKS_PER_TRANSACTION = 8;

export interface StoredVariantAnnotation {
  variantId: number;
  annotated: AnnotatedVariant;
}

export interface NewRun {
  id: string;
  importId: string;
  patientId: string;
  build: string;
  packs: PackVersion[];
  vcfTools: { tool: string; version: string | null; field: string }[];
  actor: string;
  startedAt: string;
}

export interface RunTotals {
  variants: number;
  annotated: number;
  inTranscripts: number;
  referenceMismatches: number;
  clinvarMatches: number;
  warnings: { code: string; message: string; details: Record<string, unknown> }[];
}

/** A transferred Uint8Array arrives as a plain view; the SQLite binding takes Buffers. */
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

export type AnnotationWriter = ReturnType<typeof createAnnotationWriter>;

export function createAnnotationWriter(store: Store) {
  const { sqlite } = store;
  const nextKey = sqlite.prepare('SELECT coalesce(max(key), 0) + 1 FROM annotation_runs').pluck();
  const insertRun = sqlite.prepare(
    `INSERT INTO annotation_runs (id, key, import_id, patient_id, status, build, packs, vcf_tools, warnings, actor, started_at, storage)
     VALUES (@id, @key, @importId, @patientId, 'running', @build, @packs, @vcfTools, '[]', @actor, @startedAt, @storage)`,
  );
  const insertSummary = sqlite.prepare(
    `INSERT INTO variant_annotations (run_key, variant_id, source, source_version, gene, transcript, mane_select, canonical, shown_terms, all_terms,
       most_severe, impact, hgvsc, hgvsp, transcripts, clinvar_class, vcf_borne, error)
     VALUES (@runKey, @variantId, @source, @sourceVersion, @gene, @transcript, @maneSelect, @canonical, @shownTerms, @allTerms,
       @mostSevere, @impact, @hgvsc, @hgvsp, @transcripts, @clinvarClass, @vcfBorne, @error)`,
  );
  const insertTranscript = sqlite.prepare(
    `INSERT INTO variant_transcript_annotations (run_key, variant_id, ord, source, source_version, field, allele, gene, gene_id, transcript, biotype,
       strand, terms, impact, hgvsc, hgvsp, mane_select, canonical, exon, intron, distance, protein_position, amino_acids, fields)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertClinvar = sqlite.prepare(
    `INSERT INTO variant_clinvar (run_key, variant_id, variation_id, allele_id, significance, review_status, stars, conditions, conflicting,
       conflicting_classifications, gene, release, pack_id, pack_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const supersede = sqlite.prepare("UPDATE annotation_runs SET status = 'superseded' WHERE import_id = ? AND status = 'complete' RETURNING id, key");
  const completeRun = sqlite.prepare(
    `UPDATE annotation_runs SET status = 'complete', variants = @variants, annotated = @annotated, in_transcripts = @inTranscripts,
       reference_mismatches = @referenceMismatches, clinvar_matches = @clinvarMatches, warnings = @warnings, completed_at = @completedAt
     WHERE key = @key AND status = 'running'`,
  );
  const deletes = ['variant_annotations', 'variant_transcript_annotations', 'variant_clinvar'].map((t) =>
    sqlite.prepare(`DELETE FROM ${t} WHERE rowid IN (SELECT rowid FROM ${t} WHERE run_key = ? LIMIT ?)`),
  );
  const deletePacked = sqlite.prepare(`DELETE FROM annotation_chunks WHERE rowid IN (SELECT rowid FROM annotation_chunks WHERE run_key = ? LIMIT ${DELETE_PACKED})`);
  const insertChunk = sqlite.prepare(
    `INSERT INTO annotation_chunks (run_key, first_id, count, terms, impacts, clinvar_classes, genes, annotated, summary, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const deleteRun = sqlite.prepare("DELETE FROM annotation_runs WHERE key = ? AND status <> 'complete'");

  function writeBatch(runKey: number, items: StoredVariantAnnotation[], packs: { transcripts?: PackVersion; clinvar?: PackVersion }): void {
    const tVersion = packs.transcripts ? `${packs.transcripts.id}@${packs.transcripts.version}` : null;
    inTransaction(sqlite, () => {
      for (const { variantId, annotated: v } of items) {
        insertSummary.run({ runKey, variantId, ...summarise(v, packs.transcripts) });
        let ord = 0;
        for (const c of v.consequences) {
          insertTranscript.run(
            runKey, variantId, ord++, 'GenoDesk', tVersion, null, null, c.gene, c.geneId, c.transcript, c.biotype, c.strand, c.terms.join('&'),
            c.impact, c.hgvsc, c.hgvsp, Number(c.maneSelect), Number(c.canonical), c.exon ?? null, c.intron ?? null, c.distance ?? null,
            c.proteinPosition ?? null, c.aminoAcids ?? null, null,
          );
        }
        for (const a of v.vcfAnnotations ?? []) {
          for (const t of a.transcripts) {
            insertTranscript.run(
              runKey, variantId, ord++, a.tool, a.version, a.field, t.allele, t.gene ?? null, t.geneId ?? null, t.transcript ?? null, t.biotype ?? null,
              null, t.terms.join('&'), t.impact ?? null, t.hgvsc ?? null, t.hgvsp ?? null, null, null, null, null, null, null, null, JSON.stringify(t.fields),
            );
          }
        }
        const c = v.clinvar;
        if (c) {
          insertClinvar.run(
            runKey, variantId, c.variationId, c.alleleId ?? null, c.significance, c.reviewStatus, c.stars, JSON.stringify(c.conditions), Number(c.conflicting),
            c.conflictingClassifications ? JSON.stringify(c.conflictingClassifications) : null, c.gene ?? null, c.release ?? null,
            packs.clinvar?.id ?? null, packs.clinvar?.version ?? null,
          );
        }
      }
    });
  }

  return {
    /** Creates the invisible 'running' row; returns its compact key. */
    begin(run: NewRun, storage: 'chunks' | 'rows' = 'chunks'): number {
      return inTransaction(sqlite, () => {
        const key = nextKey.get() as number;
        insertRun.run({ ...run, key, packs: JSON.stringify(run.packs), vcfTools: JSON.stringify(run.vcfTools), storage });
        return key;
      });
    },
    writeBatch,
    /** Inserts packed chunks of a 'running' run, in one transaction. */
    writeChunks(runKey: number, chunks: PackedAnnotationChunk[]): void {
      inTransaction(sqlite, () => {
        for (const c of chunks) {
          insertChunk.run(runKey, c.firstId, c.count, c.terms, c.impacts, c.clinvarClasses, c.genes, c.annotated, asBuffer(c.summary), asBuffer(c.detail));
        }
      });
    },
    /**
     * The run's last transaction: the import's previous annotation is superseded (kept, readable by its run
     * id) and this one becomes the one every reader sees, with its audit row.
     */
    complete(key: number, run: NewRun, totals: RunTotals, completedAt: string): { supersededKeys: number[]; supersededIds: string[] } {
      return inTransaction(sqlite, () => {
        const old = supersede.all(run.importId) as { id: string; key: number }[];
        const changed = completeRun.run({ key, ...totals, warnings: JSON.stringify(totals.warnings), completedAt }).changes;
        if (changed !== 1) throw new Error(`annotation run ${run.id} was not 'running' at completion`);
        writeAudit(sqlite, {
          at: completedAt,
          actor: run.actor,
          entityType: 'import',
          entityId: run.importId,
          action: 'annotate',
          changes: {
            runId: run.id,
            patientId: run.patientId,
            packs: run.packs,
            vcfTools: run.vcfTools,
            variants: totals.variants,
            annotated: totals.annotated,
            inTranscripts: totals.inTranscripts,
            referenceMismatches: totals.referenceMismatches,
            clinvarMatches: totals.clinvarMatches,
            replaced: old.map((o) => o.id),
          },
        });
        return { supersededKeys: old.map((o) => o.key), supersededIds: old.map((o) => o.id) };
      });
    },
    /** Deletes one chunk of a non-current run's rows; false once the run and its rows are gone. */
    removeChunk(key: number): boolean {
      return inTransaction(sqlite, () => {
        let removed = deletePacked.run(key).changes;
        if (removed === 0) for (const d of deletes) removed += d.run(key, DELETE_CHUNK).changes;
        if (removed > 0) return true;
        deleteRun.run(key);
        return false;
      });
    },
  };
}
