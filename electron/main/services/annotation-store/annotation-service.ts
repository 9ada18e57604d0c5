// Annotation of a patient's stored imports (issue 7), below the UI and the CLI: reads the import's variant
// chunks in id order, has the annotate worker annotate and pack each chunk (every transcript, the VCF's own
// tool annotations, the ClinVar match: annotation-chunk.ts) against the installed packs of the import's
// build, and stores one row per chunk (issue 15). The run becomes visible, superseding the previous
// annotation (which is kept), in its last transaction. No electron imports: the app, the CLI and the tests
// share this service.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError, isAppError } from '../../../../shared/errors.ts';
import type { AnnotatedVariant, PackVersion, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import { annotateRequestSchema, annotatedVariantQuerySchema, deleteRunInputSchema, variantDetailInputSchema } from '../../../../shared/schemas/annotation-runs.ts';
import type {
  AnnotateProgress,
  AnnotateRequest,
  AnnotateResult,
  AnnotatedVariantPage,
  AnnotatedVariantQuery,
  AnnotationRun,
  AnnotationStatus,
  VariantDetail,
} from '../../../../shared/schemas/annotation-runs.ts';
import type { GenomeBuild, VariantPage, VariantRow } from '../../../../shared/schemas/vcf.ts';
import { VARIANT_PAGE_MAX, variantQuerySchema } from '../../../../shared/schemas/vcf.ts';
import type { z } from 'zod';
import type { Store } from '../../db/connection.ts';
import { AnnotateWorkerClient } from '../annotation/annotate-worker-client.ts';
import { verifyAnnotationPacks } from '../annotation/packs/open-sources.ts';
import type { VariantInput } from '../annotation/annotator.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { createMutator } from '../mutator.ts';
import type { PacksService } from '../packs/packs-service.ts';
import type { GeneTable } from '../vcf/gene-table.ts';
import { createStoredVariants } from '../vcf/stored-variants.ts';
import { DecodedChunk } from '../vcf/variant-chunk.ts';
import { createVariantQuery } from '../vcf/variant-query.ts';
import type { ExtraVariantFilter } from '../vcf/variant-query.ts';
import type { RowKeep } from '../vcf/variant-selection.ts';
import { VariantIdSet } from '../vcf/variant-id-set.ts';
import type { FrequencyService } from '../frequency/frequency-service.ts';
import { DEFAULT_FREQUENCY_FILTER_CAP, createStoredFrequencyFilter, frequencyFigure, frequencyPacksKey, refuseTooBroad } from '../frequency/stored-frequency-filter.ts';
import { packedFilterIds, packedFilterIdsByChunk, readAnnotated, readSummaries, toRun } from './annotation-reads.ts';
import type { RunRow, StoredAllele } from './annotation-reads.ts';
import { CHUNKS_PER_TRANSACTION, createAnnotationWriter } from './annotation-writer.ts';
import type { NewRun, RunTotals } from './annotation-writer.ts';
import type { PackedAnnotationChunk } from './annotation-chunk.ts';
import { specsFromHeader, vcfBorneForRow } from './stored-vcf-borne.ts';
import { forEachAnnotationInput } from './annotation-inputs.ts';

/** Annotation filters whose selected ids are kept (a whole genome's filter is at most ~0.6 MB of bits). */
const ID_SETS_KEPT = 8;

export interface AnnotationServiceDeps {
  store: Store;
  actor: string;
  packs: PacksService;
  genes: GeneTable;
  clock?: Clock;
  /** The annotate worker script; defaults to the TypeScript source (Node 24). The app passes its bundle. */
  workerUrl?: URL | string;
  /** Variant rows read per batch by storedAnnotations. */
  batchIds?: number;
  /** Annotate worker threads per run (default: defaultAnnotateWorkers() for this machine). */
  workers?: number;
  /** Told of the imports given a new annotation run, once it is committed (composition re-screens panel findings). */
  onAnnotated?: (importIds: string[]) => void;
  /** Population frequencies of the active gnomAD packs, for the browser's maximum-AF filter. */
  frequency?: Pick<FrequencyService, 'reader' | 'packKey'>;
  /** Variants passing the other filters that the frequency filter and sort take at most (stored-frequency-filter.ts). */
  frequencyFilterCap?: number;
  /** Longest slice of the main thread a new browser filter's first pass takes before yielding (ms; default SLICE_MS). */
  filterSliceMs?: number;
}

export interface AnnotateOptions {
  onProgress?: (p: AnnotateProgress) => void;
  signal?: AbortSignal;
}

interface ImportRow {
  id: string;
  key: number;
  patient_id: string;
  build: GenomeBuild;
  header: string;
  variants: number;
  file_name: string;
}

const DEFAULT_BATCH_IDS = 2048;
/** Chunks with each worker at once: one being annotated, the next ones queued so it never waits for the main thread. */
const IN_FLIGHT_PER_WORKER = 3;
/**
 * Annotate workers per run when the caller does not say. The worker, not the store, sets the pace, and each
 * worker has a V8 heap of its own (~140 MB at genome scale). On the 2-core benchmark VM two workers annotate
 * a 5 M-record genome at 101,900–109,100 variants/s but peak at 629–650 MB; one worker gives 67,000–89,000/s
 * in 432–489 MB (docs/annotation-scale.md, "Fifth round"). So one worker on a machine the size of a
 * counsellor's laptop, where the 500 MB target wins. Two on a workstation with at least 4 cores and 16 GB:
 * there the second worker has a core of its own and its memory is small change.
 */
export function defaultAnnotateWorkers(machine: { cores: number; memoryBytes: number } = { cores: os.availableParallelism(), memoryBytes: os.totalmem() }): number {
  return machine.cores >= 4 && machine.memoryBytes >= 16 * 1024 ** 3 ? 2 : 1;
}
const PROGRESS_EVERY_MS = 100;
/** Longest stretch a browser filter's first pass keeps the main thread before handing the event loop back. */
const SLICE_MS = 25;
/** Above this share of refused variants (and at least MIN_MISMATCHES) the FASTA is not this VCF's reference. */
const MISMATCH_SHARE = 0.5;
const MIN_MISMATCHES = 20;

function samePacks(a: PackVersion[], b: PackVersion[]): boolean {
  const key = (l: PackVersion[]) => JSON.stringify(l.map((p) => [p.kind, p.id, p.version, p.sha256 ?? '']).sort());
  return key(a) === key(b);
}

export type AnnotationService = ReturnType<typeof createAnnotationService>;

export function createAnnotationService({ store, actor, packs, genes, clock = systemClock, workerUrl, batchIds = DEFAULT_BATCH_IDS, workers = defaultAnnotateWorkers(), onAnnotated, frequency, frequencyFilterCap, filterSliceMs = SLICE_MS }: AnnotationServiceDeps) {
  const { sqlite } = store;
  const writer = createAnnotationWriter(store);
  const variantQuery = createVariantQuery(store, genes);
  const stored = createStoredVariants(store);
  /** Imports being annotated by this process now, and the keys of their runs (not crash leftovers). */
  const activeImports = new Set<string>();
  const activeRunKeys = new Set<number>();
  const frequencyFilter = frequency ? createStoredFrequencyFilter(frequency, frequencyFilterCap) : null;
  const idSets = new Map<string, VariantIdSet>();
  // The last list sorted by population frequency (frequencySortedPage).
  let sortedByFrequency: { signature: string; rows: VariantRow[] } | null = null;

  const importById = sqlite.prepare("SELECT id, key, patient_id, build, header, variants, file_name FROM imports WHERE id = ? AND status = 'complete'");
  const importsOfPatient = sqlite.prepare(
    "SELECT id, key, patient_id, build, header, variants, file_name FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY key",
  );
  const patientExists = sqlite.prepare('SELECT 1 FROM patients WHERE id = ?').pluck();
  const currentRun = sqlite.prepare("SELECT * FROM annotation_runs WHERE import_id = ? AND status = 'complete'");
  const runOfImport = sqlite.prepare("SELECT * FROM annotation_runs WHERE import_id = ? AND id = ? AND status IN ('complete', 'superseded')");
  const markDeleting = sqlite.prepare("UPDATE annotation_runs SET status = 'deleting' WHERE key = ? AND status = 'superseded'");
  const mutate = createMutator({ store, actor, clock });
  const runOfPatient = sqlite.prepare(
    `SELECT r.*, i.key AS import_key FROM annotation_runs r JOIN imports i ON i.id = r.import_id
     WHERE r.patient_id = ? AND r.id = ? AND r.status IN ('complete', 'superseded') AND i.status = 'complete'`,
  );
  const runsOfImport = sqlite.prepare("SELECT * FROM annotation_runs WHERE import_id = ? AND status IN ('complete', 'superseded') ORDER BY key DESC");
  const rawInRange = sqlite.prepare('SELECT variant_id, key, value FROM variant_raw_annotations WHERE import_key = ? AND variant_id BETWEEN ? AND ?');
  const contigNames = sqlite.prepare('SELECT code, name FROM import_contigs WHERE import_key = ?');

  function loadImport(importId: string): ImportRow {
    const row = importById.get(importId) as ImportRow | undefined;
    if (!row) throw new AppError('vcf/import-not-found', 'There is no complete import with this id.', { importId });
    return row;
  }

  /** The pack versions a run for this build would use; annotate/no-packs or annotate/build-mismatch when none fit. */
  function packsFor(build: GenomeBuild, importId: string) {
    const active = packs.active(build);
    if (!active.transcripts) {
      const others = packs.list().installed.filter((p) => p.kind === 'transcripts');
      if (others.length > 0) {
        throw new AppError(
          'annotate/build-mismatch',
          `The import is ${build} but the installed transcript packs are ${[...new Set(others.map((p) => p.build))].join(', ')}. Install a ${build} transcript pack.`,
          { importId, importBuild: build, packBuilds: [...new Set(others.map((p) => p.build))], packs: others.map((p) => p.id) },
        );
      }
      throw new AppError('annotate/no-packs', `No ${build} transcript pack is installed. Install one on the Packs screen (or genodesk packs install).`, {
        importId,
        importBuild: build,
      });
    }
    const versions = [active.transcripts.version, ...(active.clinvar ? [active.clinvar.version] : [])];
    return { active, versions };
  }

  async function annotateImport(importId: string, options: AnnotateOptions & { rerun?: boolean } = {}): Promise<{ run: AnnotationRun; reused: boolean }> {
    const imp = loadImport(importId);
    const { active, versions } = packsFor(imp.build, importId);
    const existing = currentRun.get(importId) as RunRow | undefined;
    if (existing && !options.rerun && samePacks(toRun(existing).packs, versions)) return { run: toRun(existing), reused: true };
    if (activeImports.has(importId)) {
      throw new AppError('annotate/in-progress', `${imp.file_name} is already being annotated.`, { importId });
    }
    const { signal, onProgress } = options;
    if (signal?.aborted) throw cancelled(imp);
    activeImports.add(importId);
    const specs = specsFromHeader(imp.header);
    const run: NewRun = {
      id: randomUUID(),
      importId,
      patientId: imp.patient_id,
      build: imp.build,
      packs: versions,
      vcfTools: specs.map((s) => ({ tool: s.tool, version: s.version, field: s.field })),
      actor,
      startedAt: clock.now().toISOString(),
    };
    const startedAt = performance.now();
    let lastProgress = 0;
    const totals: RunTotals = { variants: 0, annotated: 0, inTranscripts: 0, referenceMismatches: 0, clinvarMatches: 0, warnings: [] };
    const progress = (phase: AnnotateProgress['phase'], force = false) => {
      if (!onProgress) return;
      const now = performance.now();
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      const seconds = (now - startedAt) / 1000;
      onProgress({
        importId,
        phase,
        done: totals.variants,
        total: imp.variants,
        referenceMismatches: totals.referenceMismatches,
        variantsPerSecond: seconds > 0 ? totals.variants / seconds : 0,
      });
    };
    let runKey: number | null = null;
    let verification: Promise<void> | undefined;
    const verified: { failed: boolean; error?: unknown } = { failed: false };
    const clients = Array.from({ length: Math.max(1, workers) }, () => new AnnotateWorkerClient({ workerUrl }));
    const maxInFlight = IN_FLIGHT_PER_WORKER * clients.length;
    const onAbort = () => clients.forEach((c) => c.cancel());
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      runKey = writer.begin(run);
      activeRunKeys.add(runKey);
      const key = runKey;
      progress('loading', true);
      const dirs = { transcripts: active.transcripts!.dir, clinvar: active.clinvar?.dir };
      // The packs' checksums are verified here while the workers annotate; the run commits only after, and a
      // damaged pack stops the run at the next chunk instead of after the whole import.
      verification = verifyAnnotationPacks(dirs);
      verification.catch((e: unknown) => Object.assign(verified, { failed: true, error: e }));
      await Promise.all(clients.map((c) => c.start({ packs: { ...dirs, verifiedByCaller: true } })));
      const names = new Map((contigNames.all(imp.key) as { code: number; name: string }[]).map((c) => [c.code, c.name]));
      const tPack = versions.find((v) => v.kind === 'transcripts');
      // Pipeline: chunks go to the workers in turn (annotated and packed there), up to maxInFlight at once,
      // while the main thread reads the next chunk's rows and inserts the packed chunks it got back, in order,
      // CHUNKS_PER_TRANSACTION at a time: neither side waits for the other.
      const pending: Promise<{ chunk: PackedAnnotationChunk | null; rows: number }>[] = [];
      let toWrite: PackedAnnotationChunk[] = [];
      const flush = () => {
        if (toWrite.length === 0) return;
        writer.writeChunks(key, toWrite);
        toWrite = [];
      };
      const writeNext = async () => {
        const { chunk, rows } = await (pending.shift() as Promise<{ chunk: PackedAnnotationChunk | null; rows: number }>);
        if (signal?.aborted) throw cancelled(imp);
        totals.variants += rows;
        if (chunk) {
          toWrite.push(chunk);
          totals.annotated += chunk.totals.annotated;
          totals.referenceMismatches += chunk.totals.referenceMismatches;
          totals.inTranscripts += chunk.totals.inTranscripts;
          totals.clinvarMatches += chunk.totals.clinvarMatches;
          if (toWrite.length >= CHUNKS_PER_TRANSACTION) flush();
        }
        progress('annotating');
        // Worker replies arrive as MessagePort messages, which Node drains in one go (with our continuations
        // in between) without returning to the event loop: yield explicitly so the UI's requests and timers
        // run between chunks.
        await yieldToEventLoop();
      };

      // Rows stream chunk by chunk in id order: a whole genome is millions of rows, never all in memory.
      const outstanding = clients.map(() => 0);
      for (const { header, data } of stored.storedChunksInIdOrder(imp.key)) {
        if (signal?.aborted) throw cancelled(imp);
        if (verified.failed) throw verified.error;
        const { firstId, count } = header;
        const chrom = names.get(header.chrom) ?? String(header.chrom);
        // To the worker with the fewest chunks outstanding: chunks differ in cost (gene-dense or intergenic), and
        // handing them out in turn left a fast worker idle behind a slow one.
        let w = 0;
        for (let k = 1; k < clients.length; k++) if (outstanding[k] < outstanding[w]) w = k;
        let job: Promise<PackedAnnotationChunk | null>;
        if (specs.length === 0) {
          // The worker decodes the stored bytes itself: the main thread makes no object per variant (at genome
          // scale that was a sixth of its time and most of its heap, docs/annotation-scale.md).
          job = clients[w].annotateStoredChunk(data, { firstId, chrom, transcriptsPack: tPack });
        } else {
          // The VCF carried its own tool annotations: they are parsed here, from the rows kept for them.
          const raw = new Map<number, Map<string, string>>();
          for (const r of rawInRange.all(imp.key, firstId, firstId + count - 1) as { variant_id: number; key: string; value: string }[]) {
            let m = raw.get(r.variant_id);
            if (!m) raw.set(r.variant_id, (m = new Map()));
            m.set(r.key, r.value);
          }
          const decoded = new DecodedChunk(data, header);
          const inputs: VariantInput[] = [];
          const ids: number[] = [];
          const borne: (VcfBorneAnnotation[] | undefined)[] = [];
          forEachAnnotationInput(decoded, chrom, (input, id) => {
            inputs.push(input);
            ids.push(id);
            borne.push(vcfBorneForRow(specs, raw.get(id), decoded.row(id - firstId)));
          });
          job = inputs.length === 0 ? Promise.resolve(null) : clients[w].annotatePacked(inputs, { firstId, ids, borne, transcriptsPack: tPack });
        }
        outstanding[w]++;
        const p = job.finally(() => outstanding[w]--).then((chunk) => ({ chunk, rows: count }));
        p.catch(() => undefined); // awaited in order by writeNext; this only silences the early rejection
        pending.push(p);
        if (pending.length >= maxInFlight) await writeNext();
      }
      while (pending.length > 0) await writeNext();
      flush();
      // After a cancel the client has moved on to a new job id: finishing the old one would never be answered.
      if (signal?.aborted) throw cancelled(imp);
      await Promise.all(clients.map((c) => c.finish()));
      if (signal?.aborted) throw cancelled(imp);

      const checked = totals.annotated + totals.referenceMismatches;
      if (totals.referenceMismatches > 0) {
        const refusal = {
          code: 'annotate/reference-mismatch',
          message: `${totals.referenceMismatches} of ${checked} variants have a REF that the ${tPack?.id} reference contradicts; they were not annotated.`,
          details: { count: totals.referenceMismatches, checked, pack: tPack?.id ?? null },
        };
        if (totals.referenceMismatches >= MIN_MISMATCHES && totals.referenceMismatches > MISMATCH_SHARE * checked) {
          // Most REFs disagree: the pack is not this import's reference (another build or assembly patch).
          throw new AppError(
            'annotate/reference-mismatch',
            `${refusal.message.replace('; they were not annotated.', '')}: the pack is not this file's reference, so nothing was annotated.`,
            { ...refusal.details, importId },
          );
        }
        totals.warnings.push(refusal);
      }
      progress('finishing', true);
      await verification;
      if (signal?.aborted) throw cancelled(imp);
      // The replaced annotation becomes 'superseded' in this commit: kept and readable by its run id.
      writer.complete(key, run, totals, clock.now().toISOString());
      activeRunKeys.delete(key);
      runKey = null;
      return { run: toRun(currentRun.get(importId) as RunRow), reused: false };
    } catch (err) {
      if (runKey !== null) {
        const k = runKey;
        await removeRuns([k]);
        activeRunKeys.delete(k);
      }
      if (signal?.aborted || (isAppError(err) && err.code === 'annotate/cancelled')) throw cancelled(imp);
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      activeImports.delete(importId);
      await Promise.all(clients.map((c) => c.terminate()));
    }
  }

  async function removeRuns(keys: number[]): Promise<void> {
    for (const k of keys) while (writer.removeChunk(k)) await yieldToEventLoop();
  }

  function cancelled(imp: ImportRow): AppError {
    return new AppError('annotate/cancelled', `Annotation of ${imp.file_name} was cancelled; the previous annotation (if any) is unchanged.`, { importId: imp.id });
  }

  /** Annotates one import, or each complete import of the patient in turn. */
  async function annotate(request: AnnotateRequest, options: AnnotateOptions = {}): Promise<AnnotateResult> {
    const req = annotateRequestSchema.parse(request);
    if (!patientExists.get(req.patientId)) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: req.patientId });
    const targets = req.importId ? [loadImport(req.importId)] : (importsOfPatient.all(req.patientId) as ImportRow[]);
    if (req.importId && targets[0].patient_id !== req.patientId) {
      throw new AppError('vcf/import-not-found', 'This patient has no complete import with this id.', { importId: req.importId, patientId: req.patientId });
    }
    const runs: AnnotationRun[] = [];
    const upToDate: string[] = [];
    const annotated: string[] = [];
    try {
      for (const imp of targets) {
        const r = await annotateImport(imp.id, { ...options, rerun: req.rerun });
        runs.push(r.run);
        if (r.reused) upToDate.push(imp.id);
        else annotated.push(imp.id);
      }
    } finally {
      // Runs committed before a later import failed or was cancelled are still new runs.
      if (annotated.length > 0) onAnnotated?.(annotated);
    }
    return { runs, upToDate };
  }

  function status(patientId: string): AnnotationStatus {
    if (!patientExists.get(patientId)) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: patientId });
    return {
      imports: (importsOfPatient.all(patientId) as ImportRow[]).map((imp) => {
        const row = currentRun.get(imp.id) as RunRow | undefined;
        const run = row ? toRun(row) : null;
        const a = packs.active(imp.build);
        const current = [a.transcripts?.version, a.clinvar?.version].filter((v): v is PackVersion => v !== undefined);
        return {
          importId: imp.id,
          fileName: imp.file_name,
          build: imp.build,
          run,
          upToDate: run !== null && a.transcripts !== undefined && samePacks(run.packs, current),
          packs: a.transcripts ? current : [],
          earlierRuns: (runsOfImport.all(imp.id) as RunRow[]).filter((r) => r.status === 'superseded').map(toRun),
        };
      }),
    };
  }

  /** Current runs in scope, by import key; with runId, that one run (current or superseded) of the patient. */
  function runsInScope(patientId: string, importId?: string, runId?: string): Map<number, RunRow> {
    if (runId) {
      const r = runOfPatient.get(patientId, runId) as (RunRow & { import_key: number }) | undefined;
      if (!r || (importId && r.import_id !== importId)) throw new AppError('annotate/run-not-found', 'This patient has no complete or superseded annotation run with this id.', { patientId, runId });
      return new Map([[r.import_key, r]]);
    }
    const rows = sqlite
      .prepare(
        `SELECT r.*, i.key AS import_key FROM annotation_runs r JOIN imports i ON i.id = r.import_id
         WHERE r.patient_id = ? AND r.status = 'complete' AND i.status = 'complete'${importId ? ' AND r.import_id = ?' : ''}`,
      )
      .all(...(importId ? [patientId, importId] : [patientId])) as (RunRow & { import_key: number })[];
    return new Map(rows.map((r) => [r.import_key, r]));
  }

  function rowKey(v: VariantRow): number {
    return Number(v.id.slice(v.id.lastIndexOf(':') + 1));
  }

  /** The annotation filters as SQL over the row store (runs stored before migration 0016). */
  function rowFilter(q: AnnotatedVariantQuery, keys: number[]): { sql: string; params: (string | number)[] } {
    const conds: string[] = [];
    const params: (string | number)[] = [];
    if (q.consequence) {
      // Every term but intergenic_variant needs a transcript: the (run_key, transcripts) index narrows the scan.
      const needsTranscript = !q.consequence.includes('intergenic_variant');
      conds.push(`${needsTranscript ? 'a.transcripts > 0 AND ' : ''}(${q.consequence.map(() => 'instr(a.all_terms, ?) > 0').join(' OR ')})`);
      params.push(...q.consequence.map((t) => `|${t}|`));
    }
    if (q.impact) {
      conds.push(`a.impact IN (${q.impact.map(() => '?').join(',')})`);
      params.push(...q.impact);
    }
    if (q.clinvar) {
      conds.push(`a.clinvar_class IN (${q.clinvar.map(() => '?').join(',')})`);
      params.push(...q.clinvar);
    }
    if (q.annotatedGene) {
      const marks = keys.map(() => '?').join(',');
      conds.push(`a.variant_id IN (SELECT t.variant_id FROM variant_transcript_annotations t WHERE t.run_key IN (${marks}) AND t.gene IN (?, ?))`);
      params.push(...keys, q.annotatedGene.trim(), q.annotatedGene.trim().toUpperCase());
    }
    if (q.annotatedOnly) conds.push('(a.transcripts > 0 OR a.clinvar_class IS NOT NULL OR a.error IS NOT NULL)');
    // A complete SELECT of matching variant ids: the variant query intersects it with its own scope.
    return { sql: `SELECT a.variant_id FROM variant_annotations a WHERE a.run_key IN (${keys.map(() => '?').join(',')}) AND ${conds.join(' AND ')}`, params: [...keys, ...params] };
  }

  /**
   * The ids an annotation filter selects, kept for the last few filters (one bit per id in range): paging
   * through them, or narrowing them by population frequency, then costs no second pass over the run's chunks
   * (~1.3 s for an impact filter over a whole genome).
   */
  function rememberedIds(signature: string, compute: () => Iterable<number>): VariantIdSet {
    let set = idSets.get(signature);
    if (set) idSets.delete(signature);
    else set = new VariantIdSet(compute());
    if (idSets.size >= ID_SETS_KEPT) idSets.delete(idSets.keys().next().value as string);
    idSets.set(signature, set);
    return set;
  }

  /**
   * A page of the rows the filters keep, sorted by population frequency (the frequency filter's figure: not
   * seen = 0; held without a figure, last either way), then position. Refused past the frequency filter's cap
   * of rows, like the filter. The last sorted list is kept (its rows, at most the cap), so paging is cheap.
   */
  function frequencySortedPage(patientId: string, base: z.output<typeof variantQuerySchema>, extra: ExtraVariantFilter | undefined, direction: 'asc' | 'desc'): VariantPage {
    const plan = frequencySortPlan(patientId, base, extra, direction);
    if (sortedByFrequency?.signature !== plan.signature) for (const _ of frequencySortSteps(plan));
    const sorted = sortedByFrequency as { signature: string; rows: VariantRow[] };
    return { variants: sorted.rows.slice(base.offset, base.offset + base.limit), total: sorted.rows.length };
  }

  /** What a sort by frequency reads (refused past the cap, or without a pack), and the signature it is kept under. */
  function frequencySortPlan(patientId: string, base: z.output<typeof variantQuerySchema>, extra: ExtraVariantFilter | undefined, direction: 'asc' | 'desc') {
    const imports = new Map(importsInScope(patientId, base.importId).map((r) => [r.id, r]));
    if (!frequency) throw new AppError('annotate/no-frequency-pack', 'No gnomAD frequency pack is available to this process: population frequencies cannot be sorted on.', {});
    const packs = frequencyPacksKey(frequency, [...imports.values()].map((imp) => imp.build), 'sort by population frequency');
    const cap = frequencyFilterCap ?? DEFAULT_FREQUENCY_FILTER_CAP;
    const total = variantQuery({ ...base, offset: 0, limit: 1 }, extra).total;
    refuseTooBroad(total, cap, 'sorting by population frequency');
    const { importId, region, gene, genotype, passOnly } = base;
    // The imports in scope by id and key (a new import of the patient changes the list), the filters, the packs.
    const scopeIds = [...imports.values()].map((imp) => [imp.id, imp.key]);
    const signature = JSON.stringify([patientId, importId, scopeIds, region, gene, genotype, passOnly, extra ? (extra.signature ?? randomUUID()) : null, packs, direction]);
    return { frequency, imports, base, extra, direction, total, signature };
  }

  /** Reads, looks up and sorts the plan's rows a page at a time, stopping between pages; keeps the result last. */
  function* frequencySortSteps(plan: ReturnType<typeof frequencySortPlan>): Generator<void> {
    const { frequency: freq, imports, base, extra, direction, total, signature } = plan;
    const rows: VariantRow[] = [];
    for (let offset = 0; offset < total; offset += VARIANT_PAGE_MAX) {
      rows.push(...variantQuery({ ...base, offset, limit: VARIANT_PAGE_MAX }, extra).variants);
      yield;
    }
    const readers = new Map([...imports.values()].map((imp) => [imp.id, freq.reader(imp.build)]));
    const figure = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const read = readers.get(rows[i].importId);
      figure[i] = (read ? frequencyFigure(read(rows[i])) : null) ?? NaN;
      if ((i & 1023) === 1023) yield;
    }
    const sign = direction === 'asc' ? 1 : -1;
    // Rows came in position order; a stable sort keeps it among equal figures. No figure sorts last.
    const order = rows.map((_, i) => i).sort((a, b) => {
      const fa = figure[a];
      const fb = figure[b];
      if (fa !== fa || fb !== fb) return fa !== fa ? (fb !== fb ? 0 : 1) : -1;
      return sign * (fa - fb);
    });
    sortedByFrequency = { signature, rows: order.map((i) => rows[i]) };
  }

  /** The patient's complete imports, or the one asked for when it is the patient's. */
  function importsInScope(patientId: string, importId: string | undefined): ImportRow[] {
    const rows = (importId ? [importById.get(importId)] : importsOfPatient.all(patientId)) as (ImportRow | undefined)[];
    return rows.filter((r): r is ImportRow => r !== undefined && r.patient_id === patientId);
  }

  /** The maximum-AF filter over the imports in scope (the patient's, or the one asked for). */
  function frequencyKeep(patientId: string, importId: string | undefined, maxAf: number): { keep: RowKeep; signature: string; cap: number } {
    const scope = importsInScope(patientId, importId);
    if (!frequencyFilter) {
      throw new AppError('annotate/no-frequency-pack', 'No gnomAD frequency pack is available to this process: population frequencies cannot be filtered on.', {});
    }
    return frequencyFilter.keep(
      scope.map((r) => ({
        key: r.key,
        build: r.build,
        contigs: new Map((contigNames.all(r.key) as { code: number; name: string }[]).map((c) => [c.code, c.name])),
      })),
      maxAf,
    );
  }

  /**
   * What the annotation filters of a query need: the runs in scope, and for a filter the signature its ids are
   * remembered under, with the runs stored as rows (SQL) and those packed (scanned chunk by chunk).
   */
  function annotationFilterPlan(query: AnnotatedVariantQuery) {
    const q = annotatedVariantQuerySchema.parse(query);
    const runs = runsInScope(q.patientId, q.importId, q.runId);
    // An earlier run lists its own import's variants only (the other imports' current runs are not mixed in).
    if (q.runId) q.importId = [...runs.values()][0].import_id;
    const filtered = Boolean(q.consequence || q.impact || q.clinvar || q.annotatedGene || q.annotatedOnly);
    // Complete runs never change (a new run has a new id), so the ids are the same for the same runs and filters.
    const signature = JSON.stringify([
      [...runs.values()].map((r) => [r.id, r.key]),
      q.consequence ?? null,
      q.impact ?? null,
      q.clinvar ?? null,
      q.annotatedGene?.trim() ?? null,
      q.annotatedOnly ?? false,
    ]);
    const rowKeys = [...runs.values()].filter((r) => r.storage !== 'chunks').map((r) => r.key);
    const chunkKeys = [...runs.values()].filter((r) => r.storage === 'chunks').map((r) => r.key);
    return { q, runs, filtered, signature, rowKeys, chunkKeys };
  }

  /**
   * A browser query as the import's query (base) and the extra filter over it (annotation ids, frequency
   * judgement); null when annotation filters are asked of imports with no annotation.
   */
  function pageQuery(query: AnnotatedVariantQuery) {
    const { q, runs, filtered, signature, rowKeys, chunkKeys } = annotationFilterPlan(query);
    const keys = [...runs.values()].map((r) => r.key);
    // Before any look-up, so a missing frequency pack is said whatever else is asked.
    const af = q.maxAf === undefined ? undefined : frequencyKeep(q.patientId, q.importId, q.maxAf);
    let annotationFilter: ExtraVariantFilter | undefined;
    if (filtered) {
      if (keys.length === 0) return null;
      if (chunkKeys.length === 0) annotationFilter = { ...rowFilter(q, rowKeys), signature };
      else {
        const rows = rowKeys.length > 0 ? rowFilter(q, rowKeys) : null;
        annotationFilter = {
          signature,
          ids: () =>
            rememberedIds(signature, function* () {
              // Runs stored before packing (storage 'rows') keep their SQL; packed runs are scanned chunk by chunk.
              if (rows) yield* sqlite.prepare(rows.sql).pluck().iterate(...rows.params) as Iterable<number>;
              for (const k of chunkKeys) yield* packedFilterIds(sqlite, k, q);
            }),
        };
      }
    }
    const base = variantQuerySchema.parse({
      patientId: q.patientId,
      importId: q.importId,
      region: q.region,
      gene: q.gene,
      genotype: q.genotype,
      passOnly: q.passOnly,
      // By frequency, the rows come in position order and are sorted here (frequencySortedPage).
      sort: q.sort?.key === 'frequency' ? undefined : q.sort,
      offset: q.offset,
      limit: q.limit,
    });
    let extra = annotationFilter;
    if (af) {
      // The frequency filter looks up each variant the other filters keep: refused, with the count, past its cap.
      refuseTooBroad(variantQuery({ ...base, offset: 0, limit: 1 }, annotationFilter).total, af.cap, 'the population-frequency filter');
      extra = annotationFilter ? { ...annotationFilter, keep: af.keep, signature: JSON.stringify([annotationFilter.signature, af.signature]) } : { keep: af.keep, signature: af.signature };
    }
    return { q, runs, base, extra };
  }

  /** The variant browser's page: the import's query (region, gene, genotype, PASS) plus annotation filters and columns. */
  function queryVariants(query: AnnotatedVariantQuery): AnnotatedVariantPage {
    const parts = pageQuery(query);
    if (!parts) return { variants: [], total: 0, annotated: false };
    const { q, runs, base, extra } = parts;
    const page = q.sort?.key === 'frequency' ? frequencySortedPage(q.patientId, base, extra, q.sort.direction) : variantQuery(base, extra);
    const byImport = new Map<string, VariantRow[]>();
    for (const v of page.variants) byImport.set(v.importId, [...(byImport.get(v.importId) ?? []), v]);
    const summaries = new Map<string, ReturnType<typeof readSummaries>>();
    for (const run of runs.values()) {
      const rows = byImport.get(run.import_id);
      if (rows) summaries.set(run.import_id, readSummaries(sqlite, run.key, rows.map(rowKey)));
    }
    return {
      variants: page.variants.map((v) => ({ ...v, annotation: summaries.get(v.importId)?.get(rowKey(v)) ?? null })),
      total: page.total,
      annotated: runs.size > 0,
    };
  }

  /**
   * The same page, for the app: a new annotation filter over packed runs is first worked out chunk by chunk,
   * handing the event loop back every SLICE_MS, then remembered, so the page itself takes milliseconds. On a
   * whole genome that first pass is ~1.4 s of decoding, which held every other request of the app (progress
   * of a running import, sync) that long. Runs stored as rows keep their single SQL pass.
   */
  async function queryVariantsYielding(query: AnnotatedVariantQuery): Promise<AnnotatedVariantPage> {
    const { q, filtered, signature, rowKeys, chunkKeys } = annotationFilterPlan(query);
    if (filtered && rowKeys.length === 0 && chunkKeys.length > 0 && !idSets.has(signature)) {
      const ids: number[] = [];
      await inSlices(
        (function* () {
          for (const k of chunkKeys) {
            for (const passed of packedFilterIdsByChunk(sqlite, k, q)) {
              for (let i = 0; i < passed.length; i++) ids.push(passed[i]);
              yield;
            }
          }
        })(),
      );
      rememberedIds(signature, () => ids);
    }
    // Then what passes the filters is counted chunk by chunk into the selection the page query finds remembered
    // (a genotype or annotation filter decodes every stored chunk to count): first without the frequency
    // filter, whose refusal needs that count, then with its look-ups (a few µs each, up to its cap).
    // One after the other: the second's refusal check counts with what the first remembered.
    for (const asked of query.maxAf === undefined ? [query] : [{ ...query, maxAf: undefined }, query]) {
      const parts = pageQuery(asked);
      if (!parts) continue;
      await inSlices(variantQuery.countStepwise(parts.base, parts.extra));
      const sort = parts.q.sort;
      if (asked === query && sort?.key === 'frequency') {
        // A sort by frequency reads, looks up and sorts up to its cap of rows: a page of them at a time.
        const plan = frequencySortPlan(parts.q.patientId, parts.base, parts.extra, sort.direction);
        if (sortedByFrequency?.signature !== plan.signature) await inSlices(frequencySortSteps(plan));
      }
    }
    return queryVariants(query);
  }

  /** Runs the steps, handing the event loop back whenever a stretch of them has taken filterSliceMs. */
  async function inSlices(steps: Iterable<unknown>): Promise<void> {
    let since = performance.now();
    for (const _ of steps) {
      if (performance.now() - since >= filterSliceMs) {
        await yieldToEventLoop();
        since = performance.now();
      }
    }
  }

  /** A page as queryVariants gives it, with each row's full annotation (every transcript) for the CLI. */
  function queryVariantsWithAnnotations(query: AnnotatedVariantQuery): { page: AnnotatedVariantPage; full: Map<string, AnnotatedVariant> } {
    const page = queryVariants(query);
    const full = new Map<string, AnnotatedVariant>();
    const q = annotatedVariantQuerySchema.parse(query);
    const runs = runsInScope(q.patientId, undefined, q.runId);
    for (const run of runs.values()) {
      const rows = page.variants.filter((v) => v.importId === run.import_id);
      if (rows.length === 0) continue;
      const got = readAnnotated(
        sqlite,
        run.key,
        rows.map((v) => ({ id: rowKey(v), chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt })),
      );
      for (const v of rows) {
        const a = got.get(rowKey(v));
        if (a) full.set(v.id, a);
      }
    }
    return { page, full };
  }

  /** One stored variant row, found through the import's own query so it is exactly what the browser shows. */
  function variantRow(patientId: string, variantId: string): { row: VariantRow; imp: ImportRow; id: number; chrom: string } {
    const sep = variantId.lastIndexOf(':');
    const importId = variantId.slice(0, sep);
    const id = Number(variantId.slice(sep + 1));
    const notFound = () => new AppError('annotate/variant-not-found', 'This patient has no stored variant with this id.', { patientId, variantId });
    if (sep <= 0 || !Number.isSafeInteger(id)) throw notFound();
    const imp = importById.get(importId) as ImportRow | undefined;
    if (!imp || imp.patient_id !== patientId) throw notFound();
    const v = stored.rowById(imp.key, id);
    if (!v) throw notFound();
    const chrom = (contigNames.all(imp.key) as { code: number; name: string }[]).find((c) => c.code === v.chrom)?.name ?? String(v.chrom);
    const page = variantQuery(variantQuerySchema.parse({ patientId, importId, region: `${chrom}:${v.pos}-${v.pos}`, limit: 1000 }));
    const row = page.variants.find((r) => r.id === variantId);
    if (!row) throw notFound();
    return { row, imp, id, chrom };
  }

  function variantDetail(input: { patientId: string; variantId: string; runId?: string }): VariantDetail {
    const { patientId, variantId, runId } = variantDetailInputSchema.parse(input);
    const { row, imp, id, chrom } = variantRow(patientId, variantId);
    const runRow = (runId ? runOfImport.get(imp.id, runId) : currentRun.get(imp.id)) as RunRow | undefined;
    if (runId && !runRow) throw new AppError('annotate/run-not-found', 'This import has no complete or superseded annotation run with this id.', { importId: imp.id, runId });
    if (!runRow) return { variant: row, run: null, annotation: null };
    const annotated = readAnnotated(sqlite, runRow.key, [{ id, chrom, pos: row.pos, ref: row.ref, alt: row.alt }]).get(id) ?? null;
    return { variant: row, run: toRun(runRow), annotation: annotated };
  }

  /**
   * Every stored variant of an import with its current annotation (undefined when not annotated), in id
   * order — what `annotate --patient` prints and what the agreement tests compare with annotateVcfFile.
   */
  function* storedAnnotations(importId: string, runId?: string): Generator<{ variantId: number; annotated: AnnotatedVariant | undefined }> {
    const imp = loadImport(importId);
    const runRow = (runId ? runOfImport.get(importId, runId) : currentRun.get(importId)) as RunRow | undefined;
    if (runId && !runRow) throw new AppError('annotate/run-not-found', 'This import has no complete or superseded annotation run with this id.', { importId, runId });
    const names = new Map((contigNames.all(imp.key) as { code: number; name: string }[]).map((c) => [c.code, c.name]));
    for (const rows of stored.rowBatchesInIdOrder(imp.key, batchIds)) {
      const alleles: StoredAllele[] = rows.map((r) => ({ id: r.id, chrom: names.get(r.chrom) ?? String(r.chrom), pos: r.pos, ref: r.ref, alt: r.alt }));
      const got = runRow ? readAnnotated(sqlite, runRow.key, alleles) : new Map<number, AnnotatedVariant>();
      for (const a of alleles) yield { variantId: a.id, annotated: got.get(a.id) };
    }
  }

  /** Every readable annotation run of an import, newest first: the current one and those it superseded. */
  function runsOf(importId: string): (AnnotationRun & { current: boolean })[] {
    loadImport(importId);
    return (runsOfImport.all(importId) as RunRow[]).map((r) => ({ ...toRun(r), current: r.status === 'complete' }));
  }

  /**
   * Deletes a replaced (superseded) run deliberately: a whole-genome run is ~230 MB. The run leaves every
   * reader and gets its audit entry in one transaction (status 'deleting'; local, so no outbox entry), then its
   * chunks go a transaction at a time; a crash in between is finished by removeStaleRuns at the next start.
   * The current run cannot be deleted: it is what the browser, diagnosis workspace and reports read.
   */
  async function deleteEarlierRun(input: { patientId: string; runId: string }): Promise<{ deleted: string }> {
    const { patientId, runId } = deleteRunInputSchema.parse(input);
    const run = mutate(({ record }) => {
      const r = runOfPatient.get(patientId, runId) as RunRow | undefined;
      if (!r) throw new AppError('annotate/run-not-found', 'This patient has no complete or superseded annotation run with this id.', { patientId, runId });
      if (r.status !== 'superseded')
        throw new AppError('annotate/run-is-current', 'This is the import’s current annotation; only a run a newer one replaced can be deleted.', { patientId, runId, importId: r.import_id });
      markDeleting.run(r.key);
      record({ entityType: 'import', entityId: r.import_id, action: 'delete-annotation-run', changes: { runId, patientId, packs: JSON.parse(r.packs) as unknown, completedAt: r.completed_at } });
      return r;
    });
    await removeRuns([run.key]);
    return { deleted: runId };
  }

  /**
   * Start-up: removes runs a crash or kill left 'running' (except this process's) or half-deleted ('deleting').
   * Superseded runs are kept.
   */
  async function removeStaleRuns(): Promise<{ removed: number }> {
    const keys = (sqlite.prepare("SELECT key FROM annotation_runs WHERE status IN ('running', 'deleting')").pluck().all() as number[]).filter((k) => !activeRunKeys.has(k));
    await removeRuns(keys);
    return { removed: keys.length };
  }

  /**
   * Kept for callers that close the store: nothing runs in the background any more (superseded runs are
   * kept; a failed run's chunks are removed before annotate() settles).
   */
  async function settle(): Promise<void> {}

  return { annotate, annotateImport, status, queryVariants, queryVariantsYielding, queryVariantsWithAnnotations, variantDetail, storedAnnotations, runsOf, deleteEarlierRun, removeStaleRuns, packsFor, settle };
}
