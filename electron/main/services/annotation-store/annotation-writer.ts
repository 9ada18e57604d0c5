// The SQL side of an annotation run: the 'running' row, one transaction per batch of annotated variants,
// the switch-over transaction, and chunked removal of runs that were replaced, cancelled or cut short.
import type { AnnotatedVariant, PackVersion, TranscriptConsequence, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { ClinvarClassName } from '../../../../shared/schemas/annotation-runs.ts';
import type { Store } from '../../db/connection.ts';
import { inTransaction } from '../../db/transaction.ts';
import { writeAudit } from '../audit.ts';
import { normaliseClinvarSignificance } from '../diagnosis/clinvar-significance.ts';
import { impactOf, impactRank, isSoTerm, termRank } from '../annotation/consequence/so-terms.ts';
import type { Impact } from '../annotation/consequence/so-terms.ts';

/** Rows deleted per transaction when removing a run: small enough to keep the event loop responsive. */
export const DELETE_CHUNK = 2000;

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

const IMPACTS = new Set(['HIGH', 'MODERATE', 'LOW', 'MODIFIER']);

function borneImpact(terms: string[], impact: string | undefined): Impact | null {
  if (impact && IMPACTS.has(impact)) return impact as Impact;
  const so = terms.filter(isSoTerm);
  return so.length > 0 ? impactOf(so) : null;
}

function lexicallyBefore(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** The VCF tool's transcript to show when GenoDesk's packs do not cover the variant: MANE, canonical, then most severe. */
function pickBorne(annotations: VcfBorneAnnotation[]) {
  let best: { a: VcfBorneAnnotation; t: VcfBorneAnnotation['transcripts'][number]; score: number[] } | null = null;
  for (const a of annotations) {
    for (const t of a.transcripts) {
      if (t.terms.length === 0) continue;
      const score = [t.fields.MANE_SELECT ? 0 : 1, t.fields.CANONICAL === 'YES' ? 0 : 1, Math.min(...t.terms.map(termRank))];
      if (!best || lexicallyBefore(score, best.score)) best = { a, t, score };
    }
  }
  return best;
}

export interface AnnotationSummaryRow {
  source: string | null;
  sourceVersion: string | null;
  gene: string | null;
  transcript: string | null;
  maneSelect: number;
  canonical: number;
  shownTerms: string | null;
  allTerms: string;
  mostSevere: string | null;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  transcripts: number;
  clinvarClass: ClinvarClassName | null;
  vcfBorne: number;
  error: string | null;
}

/** What the variant browser shows and filters on for one variant (see variant_annotations). */
export function summarise(v: AnnotatedVariant, transcriptsPack: PackVersion | undefined): AnnotationSummaryRow {
  const own: TranscriptConsequence | undefined = v.consequences[0];
  const borne = v.vcfAnnotations ?? [];
  const terms = new Set<string>();
  let impact: Impact | null = null;
  const raise = (i: Impact | null) => {
    if (i && (impact === null || impactRank(i) < impactRank(impact))) impact = i;
  };
  for (const c of v.consequences) {
    c.terms.forEach((t) => terms.add(t));
    raise(c.impact);
  }
  let transcripts = v.consequences.length;
  for (const a of borne) {
    for (const t of a.transcripts) {
      t.terms.forEach((x) => terms.add(x));
      raise(borneImpact(t.terms, t.impact));
      transcripts++;
    }
  }
  if (v.mostSevereConsequence) terms.add(v.mostSevereConsequence);
  let mostSevere: string | null = v.mostSevereConsequence;
  for (const t of terms) if (mostSevere === null || termRank(t) < termRank(mostSevere)) mostSevere = t;
  const shown = own ? null : pickBorne(borne);
  return {
    source: own ? 'GenoDesk' : shown ? shown.a.tool : null,
    sourceVersion: own ? (transcriptsPack ? `${transcriptsPack.id}@${transcriptsPack.version}` : null) : shown ? shown.a.version : null,
    gene: own ? own.gene : (shown?.t.gene ?? null),
    transcript: own ? own.transcript : (shown?.t.transcript ?? null),
    maneSelect: own ? Number(own.maneSelect) : shown?.t.fields.MANE_SELECT ? 1 : 0,
    canonical: own ? Number(own.canonical) : shown?.t.fields.CANONICAL === 'YES' ? 1 : 0,
    shownTerms: own ? own.terms.join('&') : shown ? shown.t.terms.join('&') : null,
    allTerms: terms.size > 0 ? `|${[...terms].join('|')}|` : '',
    mostSevere,
    impact,
    hgvsc: own ? own.hgvsc : (shown?.t.hgvsc ?? null),
    hgvsp: own ? own.hgvsp : (shown?.t.hgvsp ?? null),
    transcripts,
    clinvarClass: v.clinvar ? normaliseClinvarSignificance(v.clinvar.significance) : null,
    vcfBorne: v.vcfAnnotations ? 1 : 0,
    error: v.error ? JSON.stringify(v.error) : null,
  };
}

export type AnnotationWriter = ReturnType<typeof createAnnotationWriter>;

export function createAnnotationWriter(store: Store) {
  const { sqlite } = store;
  const nextKey = sqlite.prepare('SELECT coalesce(max(key), 0) + 1 FROM annotation_runs').pluck();
  const insertRun = sqlite.prepare(
    `INSERT INTO annotation_runs (id, key, import_id, patient_id, status, build, packs, vcf_tools, warnings, actor, started_at)
     VALUES (@id, @key, @importId, @patientId, 'running', @build, @packs, @vcfTools, '[]', @actor, @startedAt)`,
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
    begin(run: NewRun): number {
      return inTransaction(sqlite, () => {
        const key = nextKey.get() as number;
        insertRun.run({ ...run, key, packs: JSON.stringify(run.packs), vcfTools: JSON.stringify(run.vcfTools) });
        return key;
      });
    },
    writeBatch,
    /**
     * The run's last transaction: the import's previous annotation is superseded and this one becomes the
     * one every reader sees, with its audit row. Returns the superseded runs' keys, to be removed.
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
        let removed = 0;
        for (const d of deletes) removed += d.run(key, DELETE_CHUNK).changes;
        if (removed > 0) return true;
        deleteRun.run(key);
        return false;
      });
    },
  };
}
