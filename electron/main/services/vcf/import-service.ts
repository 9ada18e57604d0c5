// The VCF import pipeline below the UI: `importVcf` streams a file through the parse worker into the store
// (atomic, idempotent, cancellable, with progress); `listImports`, `queryVariants` and `listSamples`
// serve the import list, the variant browser and the sample picker. No electron imports: the app, the
// CLI and the tests share this service.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError } from '../../../../shared/errors.ts';
import type { GenomeBuild, ImportProgress, ImportRecord, ImportRequest, VariantPage, VariantQuery } from '../../../../shared/schemas/vcf.ts';
import { importRequestSchema, listImportsInputSchema, variantQuerySchema } from '../../../../shared/schemas/vcf.ts';
import type { Store } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import { detectBuild } from './detect-build.ts';
import type { GeneTable } from './gene-table.ts';
import { loadGeneTable } from './gene-table.ts';
import type { ImportTotals } from './import-writer.ts';
import { createImportWriter } from './import-writer.ts';
import { readImport, readImports } from './import-reads.ts';
import { startParseJob } from './parse-worker-client.ts';
import type { ParseJob } from './parse-worker-client.ts';
import { releaseBatch } from './batch.ts';
import { ZYG } from './genotype.ts';
import { readSamples } from './read-samples.ts';
import { ImportContigs } from './import-contigs.ts';
import { createVariantQuery } from './variant-query.ts';
import { displayName } from './vcf-header.ts';

export interface ImportServiceDeps {
  store: Store;
  /** Who imports, as the audit trail records it. */
  actor: string;
  clock?: Clock;
  /** The parse worker script; defaults to the TypeScript source (Node 24). The app passes its bundle. */
  workerUrl?: URL | string;
  /** Rows per write transaction; sized so one commit stays well under the 50 ms event-loop budget. */
  batchRows?: number;
  /** Gene coordinates for gene filters and gene columns; defaults to resources/genes. */
  geneTable?: GeneTable;
  /** Parse workers per import; by default one per core (up to MAX_PARSE_WORKERS) for files worth it. */
  parseWorkers?: number;
  /** Data lines per stripe (tests make it small so stripes cross often). */
  stripeLines?: number;
  /**
   * Hook: after an import became visible (the patient's PGx result may have changed; the worklist's medication
   * alerts are recomputed). Its failure does not fail the import, which is committed by then.
   */
  onCompleted?: (record: ImportRecord) => void;
}

export interface ImportOptions {
  /**
   * Hands the final, visibility-making step to the caller instead of running it: the caller runs it (inside
   * its own transaction, with other imports' final steps) and settles the promise. Rejecting it abandons
   * this import (its rows are removed). Used by family imports: one multi-sample file, all members or none.
   */
  holdCompletion?: (complete: () => void) => Promise<void>;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Where the time went (ms), reported once the import is complete: for the benchmark and slow-import logs. */
  onTimings?: (timings: ImportTimings) => void;
}

export interface ImportTimings {
  /** Worker: SHA-256 pass over the file (wall clock, as are read and parse). */
  hash: number;
  /** Worker: reading, inflating and splitting lines (waiting for the writer included). */
  read: number;
  /** Worker: parsing lines into rows. */
  parse: number;
  /** Main thread: write transactions (the event loop is busy for exactly this long). */
  write: number;
  /** Longest single write transaction. */
  longestWrite: number;
  batches: number;
  /** CPU time of the parse workers' threads, added up (user + system). */
  cpu: number;
  /** Parse workers used (read, parse and cpu above are added up over them). */
  workers: number;
  total: number;
}

const DEFAULT_BATCH_ROWS = 4096;
/**
 * Worker 0 inflates for all the others, so past a few workers it cannot feed them; below SMALL_FILE_BYTES
 * (~100k records compressed) a second worker's start-up and stripe hand-over outweigh what it would parse.
 */
const MAX_PARSE_WORKERS = 4;
const SMALL_FILE_BYTES = 4 * 1024 * 1024;
// Batches a worker may have unacknowledged. Batches are written in file order, so a worker running ahead
// of another holds batches the writer cannot take yet: with too few allowed, the reader stalls and the
// other workers run dry (measured: 3 made two workers barely faster than one). A batch is a few tens of KB.
const MAX_IN_FLIGHT = 16;
const PROGRESS_EVERY_MS = 100;

export type ImportService = ReturnType<typeof createImportService>;

export function createImportService({ store, actor, clock = systemClock, workerUrl, batchRows = DEFAULT_BATCH_ROWS, geneTable, parseWorkers, stripeLines, onCompleted }: ImportServiceDeps) {
  const { sqlite } = store;
  const writer = createImportWriter(store);
  const genes = geneTable ?? loadGeneTable();
  const variantQuery = createVariantQuery(store, genes);
  /** Identities (patient + sha256 + sample) being imported by this process right now. */
  const active = new Set<string>();
  /** Keys of the imports this service is writing now (not to be swept as crash leftovers). */
  const activeKeys = new Set<number>();
  const patientExists = sqlite.prepare('SELECT 1 FROM patients WHERE id = ?').pluck();
  // The WAL is checkpointed at SQLite's default (every 1000 pages) during imports too. Row-per-variant
  // storage needed 256 to keep the commit that checkpoints short; a packed batch is a few pages, and at
  // 1000 the 5 M-record benchmark's longest commit was ~40 ms, its p99 event-loop lag ~6 ms, and the
  // writes ~20% cheaper than at 256.
  const findByIdentity = sqlite.prepare('SELECT id, key, status FROM imports WHERE patient_id = ? AND sha256 = ? AND sample = ?');

  async function importVcf(request: ImportRequest, options: ImportOptions = {}): Promise<ImportRecord> {
    const req = importRequestSchema.parse(request);
    const file = path.resolve(req.file);
    const { signal, onProgress } = options;
    if (!patientExists.get(req.patientId)) throw new AppError('patients/not-found', 'No patient with this id is registered.', { id: req.patientId });
    throwIfAborted(signal, file);

    const startedAt = performance.now();
    let lastProgress = 0;
    let readingSince = 0;
    let bytesAtReading = 0;
    const progress = (phase: ImportProgress['phase'], bytes: number, totalBytes: number, records: number, force = false) => {
      if (!onProgress) return;
      const now = performance.now();
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      const seconds = readingSince ? (now - readingSince) / 1000 : 0;
      const recordsPerSecond = seconds > 0 ? records / seconds : 0;
      const byteRate = seconds > 0 ? (bytes - bytesAtReading) / seconds : 0;
      const etaSeconds = phase === 'reading' && byteRate > 0 ? Math.max(0, (totalBytes - bytes) / byteRate) : phase === 'finishing' ? 0 : null;
      onProgress({ file, phase, bytes, totalBytes, records, recordsPerSecond, etaSeconds });
    };

    const workers = parseWorkers ?? defaultParseWorkers(file);
    const job: ParseJob = startParseJob({
      workerUrl,
      file,
      batchRows,
      maxInFlight: MAX_IN_FLIGHT,
      workers,
      stripeLines,
      onProgress: (p) => progress('hashing', p.bytes, p.totalBytes, 0),
    });
    const onAbort = () => void job.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    let importKey: number | null = null;
    let identity: string | null = null;
    try {
      const head = await job.header;
      throwIfAborted(signal, file);
      const samples = head.header.samples;
      let sampleIndex: number | null = null;
      if (samples.length > 0) {
        if (req.sample !== undefined) {
          sampleIndex = samples.indexOf(req.sample);
          if (sampleIndex < 0) {
            throw new AppError('vcf/sample-not-found', `Sample "${req.sample}" is not in ${displayName(file)}. It has: ${listForMessage(samples)}.`, { file, sample: req.sample, samples });
          }
        } else if (samples.length === 1) {
          sampleIndex = 0;
        } else {
          throw new AppError('vcf/sample-required', `${displayName(file)} has ${samples.length} samples; say which one is this patient: ${listForMessage(samples)}.`, { file, samples });
        }
      } else if (req.sample !== undefined) {
        throw new AppError('vcf/sample-not-found', `${displayName(file)} has no sample columns (it lists sites only), so it has no sample "${req.sample}".`, { file, sample: req.sample, samples });
      }
      const sample = sampleIndex === null ? '' : samples[sampleIndex];

      const detected = detectBuild(head.header.build);
      let build: GenomeBuild;
      let buildSource: 'header' | 'user';
      if (req.build) {
        build = req.build;
        buildSource = 'user';
      } else if (detected.build) {
        build = detected.build;
        buildSource = 'header';
      } else {
        throw new AppError('vcf/unsupported-build', `${detected.problem} Say which build the file is on (GRCh37 or GRCh38) to import it.`, {
          file,
          evidence: detected.evidence,
        });
      }

      // The same file, sample and patient is the same import: answer with the existing one, write nothing.
      const existing = findByIdentity.get(req.patientId, head.sha256, sample) as { id: string; key: number; status: string } | undefined;
      identity = `${req.patientId}\u0000${head.sha256}\u0000${sample}`;
      if (existing?.status === 'complete') {
        await job.stop();
        return { ...readImport(sqlite, existing.id), status: 'duplicate' };
      }
      if (active.has(identity)) {
        identity = null;
        throw new AppError('vcf/import-in-progress', `${displayName(file)} is already being imported for this patient.`, { file, patientId: req.patientId });
      }
      active.add(identity);
      // An 'importing' row nobody in this process owns was left by a crash: clear it before starting.
      if (existing) await removeImportRows(existing.key);

      const startedIso = clock.now().toISOString();
      const id = randomUUID();
      importKey = writer.begin({
        id,
        patientId: req.patientId,
        file,
        fileName: displayName(file),
        fileBytes: head.totalBytes,
        sha256: head.sha256,
        sample,
        build,
        buildSource,
        vcfVersion: head.header.vcfVersion,
        header: head.header.text,
        actor,
        startedAt: startedIso,
      });
      const key = importKey;
      activeKeys.add(key);
      readingSince = performance.now();
      bytesAtReading = 0;
      let records = 0;
      let storedVariants = 0;
      let storedBlocks = 0;
      let writeMs = 0;
      let longestWrite = 0;
      let batches = 0;
      const contigs = new ImportContigs(workers);
      const done = await job.run(sampleIndex, (batch, worker) => {
        const tw = performance.now();
        contigs.adopt(batch, worker);
        writer.writeBatch(key, batch);
        const dt = performance.now() - tw;
        writeMs += dt;
        if (dt > longestWrite) longestWrite = dt;
        batches += 1;
        records += batch.records;
        storedVariants += batch.variantCount;
        storedBlocks += batch.blocks.count;
        releaseBatch(batch);
        progress('reading', batch.bytes, head.totalBytes, records);
      });
      throwIfAborted(signal, file);
      const s = done.stats;
      if (s.variants !== storedVariants || s.blocks !== storedBlocks || s.records !== records) {
        throw new AppError('vcf/worker-failed', 'The import stopped: the rows stored do not match the rows read.', { file, read: s, storedVariants, storedBlocks });
      }
      progress('finishing', head.totalBytes, head.totalBytes, records, true);
      const z = s.zygosity;
      const totals: ImportTotals = {
        records: s.records,
        alleles: s.alleles,
        variants: s.variants,
        referenceBlocks: s.blocks,
        homRef: z[ZYG.homRef],
        het: z[ZYG.het],
        homAlt: z[ZYG.homAlt],
        hemiRef: z[ZYG.hemiRef],
        hemiAlt: z[ZYG.hemiAlt],
        halfCall: z[ZYG.halfCall],
        noCall: z[ZYG.noCall],
        notGenotyped: z[ZYG.none],
        transitions: s.transitions,
        transversions: s.transversions,
        maxRefLength: s.maxRefLength,
        maxBlockLength: s.maxBlockLength,
      };
      const importedAt = clock.now().toISOString();
      const complete = () => writer.complete(id, totals, importedAt, {
        actor,
        changes: {
          patientId: req.patientId,
          file,
          sha256: head.sha256,
          sample: sample || null,
          build,
          buildSource,
          records: s.records,
          alleles: s.alleles,
          variants: s.variants,
          referenceBlocks: s.blocks,
          seconds: Math.round((performance.now() - startedAt) / 100) / 10,
        },
      });
      // A family import completes every member's import in one transaction (services/family/family-import.ts);
      // until then this import stays invisible, and a rejection removes it like any other failure.
      if (options.holdCompletion) await options.holdCompletion(complete);
      else complete();
      activeKeys.delete(key);
      importKey = null;
      options.onTimings?.({ ...done.timings, write: writeMs, longestWrite, batches, workers, total: performance.now() - startedAt });
      const record = readImport(sqlite, id);
      try {
        onCompleted?.(record);
      } catch {
        // Derived state only (e.g. medication alerts): the next medicine change or review recomputes it.
      }
      return record;
    } catch (err) {
      await job.stop();
      if (importKey !== null) {
        await removeImportRows(importKey);
        activeKeys.delete(importKey);
      }
      if (signal?.aborted) throw cancelledError(file);
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (identity) active.delete(identity);
    }
  }

  /** Removes an unfinished import's rows a chunk per transaction, yielding between chunks. */
  async function removeImportRows(key: number): Promise<void> {
    while (writer.removeChunk(key)) await yieldToEventLoop();
  }

  return {
    importVcf,

    /** Complete imports, newest first; of one patient when patientId is given. */
    listImports(input: { patientId?: string } = {}): ImportRecord[] {
      const { patientId } = listImportsInputSchema.parse(input);
      return readImports(sqlite, patientId);
    },

    getImport(id: string): ImportRecord {
      return readImport(sqlite, id);
    },

    queryVariants(query: VariantQuery): VariantPage {
      return variantQuery(variantQuerySchema.parse(query));
    },

    /** Gene symbols the gene filter knows for a build (bundled table, resources/genes). */
    listGenes(input: { build: GenomeBuild }): { build: GenomeBuild; genes: string[] } {
      return { build: input.build, genes: genes.symbols(input.build) };
    },

    /** The sample names of a file, for asking which sample is this patient. */
    listSamples(file: string): Promise<{ file: string; samples: string[] }> {
      return readSamples(path.resolve(file));
    },

    /** Deletes imports left 'importing' by a crash, except ones this service is running now. */
    async removeIncompleteImports(): Promise<{ removed: number }> {
      return removeIncompleteImports(store, { except: [...activeKeys] });
    },
  };
}

/**
 * Start-up: removes every import a crash left 'importing' (invisible to every query already; this frees
 * the space and lets the same file be imported again). Chunked, yielding between chunks.
 */
export async function removeIncompleteImports(store: Store, options: { except?: number[] } = {}): Promise<{ removed: number }> {
  const writer = createImportWriter(store);
  const keys = store.sqlite.prepare("SELECT key FROM imports WHERE status = 'importing'").pluck().all() as number[];
  const except = new Set(options.except ?? []);
  let removed = 0;
  for (const key of keys) {
    if (except.has(key)) continue;
    while (writer.removeChunk(key)) await yieldToEventLoop();
    removed += 1;
  }
  return { removed };
}

function defaultParseWorkers(file: string): number {
  let bytes = 0;
  try {
    bytes = fs.statSync(file).size;
  } catch {
    // identifyVcfFile, in the worker, says what is wrong with the path.
  }
  return bytes < SMALL_FILE_BYTES ? 1 : Math.max(1, Math.min(MAX_PARSE_WORKERS, os.availableParallelism()));
}

function throwIfAborted(signal: AbortSignal | undefined, file: string): void {
  if (signal?.aborted) throw cancelledError(file);
}

function cancelledError(file: string): AppError {
  return new AppError('vcf/cancelled', `The import of ${displayName(file)} was cancelled; nothing was kept.`, { file });
}

function listForMessage(samples: string[]): string {
  return samples.length > 12 ? `${samples.slice(0, 12).join(', ')} and ${samples.length - 12} more` : samples.join(', ');
}
