// `prioritise --patient` / the app's combined list: the patient's newest complete import, every stored
// variant the sample carries (whole exome or genome, not only panel genes), with its stored annotation or,
// where there is none, the active packs' (the same CandidateAnnotation the diagnosis workspace uses, so the
// two views see the same consequences). Rows are read, annotated and handed on a page at a time; variants the
// sample does not carry (hom-ref, no-call) are left out before annotation.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../../../../shared/errors.ts';
import type { CandidateVariantInput } from '../../../../../shared/schemas/diagnosis.ts';
import type { GenomeBuild, VariantPage, VariantQuery, VariantRow } from '../../../../../shared/schemas/vcf.ts';
import { VARIANT_PAGE_MAX } from '../../../../../shared/schemas/vcf.ts';
import { rankCancelled } from '../worker-protocol.ts';

/** A genome has ~5 million rows: beyond this many carried variants the ranking says it read only part. */
export const MAX_PATIENT_VARIANTS = 400_000;

export interface PatientVariantDeps {
  latestImport(patientId: string): { id: string; build: GenomeBuild; fileName?: string } | null;
  queryVariants(q: VariantQuery): VariantPage;
  annotateRows(importId: string, build: GenomeBuild, rows: readonly VariantRow[]): Promise<{ variants: CandidateVariantInput[]; notes: string[]; packs: unknown[] }>;
}

/** Takes each page's annotated variants; the reader waits for it before reading the next page. */
export type VariantSink = (batch: CandidateVariantInput[]) => Promise<void> | void;

export interface PatientVariantsRead {
  notes: string[];
  sources: Record<string, unknown>;
  /** Carried variants handed to the sink. */
  read: number;
}

export function patientVariantsFrom(deps: PatientVariantDeps) {
  /**
   * A page of rows is read, annotated and handed to `sink` before the next is read, so a genome's candidates
   * are never all held here (the phenotype worker keeps only what the ranking needs). `signal` is looked at
   * between pages: Cancel need not wait for a genome's rows to be read and annotated.
   */
  return async (patientId: string, sink: VariantSink, job: { signal?: AbortSignal; onRead?: (read: number, total: number) => void } = {}): Promise<PatientVariantsRead> => {
    const { signal } = job;
    const imp = deps.latestImport(patientId);
    if (!imp) throw new AppError('diagnosis/no-import', 'This patient has no complete VCF import to rank variants from. Import a VCF, or rank by phenotype alone.', { patientId });
    const notes = new Set<string>();
    let packs: unknown[] = [];
    let offset = 0;
    let read = 0;
    let total: number;
    for (;;) {
      if (signal?.aborted) throw rankCancelled({ patientId });
      const page = deps.queryVariants({ patientId, importId: imp.id, genotype: ['het', 'hom-alt', 'hemi-alt', 'half-call'], offset, limit: VARIANT_PAGE_MAX });
      total = page.total;
      offset += page.variants.length;
      if (page.variants.length > 0) {
        const annotated = await deps.annotateRows(imp.id, imp.build, page.variants);
        for (const n of annotated.notes) notes.add(n);
        packs = annotated.packs;
        read += page.variants.length;
        if (signal?.aborted) throw rankCancelled({ patientId });
        await sink(annotated.variants);
        job.onRead?.(read, Math.min(total, MAX_PATIENT_VARIANTS));
      }
      if (page.variants.length === 0 || offset >= total || read >= MAX_PATIENT_VARIANTS) break;
      // Each page is one synchronous read: between pages the app's other requests (and Cancel) are served.
      await nextTurn();
    }
    if (read < total) notes.add(`Only the first ${read} of ${total} carried variants were ranked.`);
    return { notes: [...notes], sources: { import: { id: imp.id, build: imp.build, variantsRead: read }, packs }, read };
  };
}
