// Phenotype-driven diagnosis (issue 13): HPO term search and resolution, and ranking of diseases and genes
// by the patient's phenotype, alone or combined with candidate variants. Knows nothing of Electron; the
// HPO release is parsed on first use only (the CLI and the app pay nothing until phenotype work is asked).
// Given a phenotype worker (the app), rankings run there and the release is parsed there first: the main
// thread then reads the snapshot the worker wrote, for term search and resolution.
import path from 'node:path';
import fs from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../../../shared/errors.ts';
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';
import type { HpoDataVersion, HpoTermInfo, PrioritiseResult, TermResolution, TermSearchResult } from '../../../../shared/schemas/phenotype.ts';
import type { HpoRelease, HpoReleaseRef } from './hpo-release.ts';
import { findReleaseFiles, hpoRelease } from './hpo-release.ts';
import type { PhenotypeWorkerClient, RankJobOptions } from './phenotype-worker-client.ts';
import { rankCancelled } from './worker-protocol.ts';
import { TermSearch } from './ontology/term-search.ts';
import { prioritise as runPrioritise } from './prioritise.ts';
import { GeneEvidence } from './variants/gene-evidence.ts';
import { activeHpoPackDir } from './hpo-pack.ts';

export interface PhenotypeServiceDeps {
  /** resources/ of this build: resources/hpo holds the bundled release. */
  resourcesDir: string;
  /** The data folder: an installed HPO pack (<dataDir>/packs/hpo/<version>/) replaces the bundled release. */
  dataDir?: string;
  /** A stored patient's candidate variants across the whole import, handed to `sink` a page at a time (wired by composition). */
  patientVariants?: (
    patientId: string,
    sink: (batch: CandidateVariantInput[]) => Promise<void> | void,
    job?: { signal?: AbortSignal; onRead?: (read: number, total: number) => void },
  ) => Promise<{ notes: string[]; sources: Record<string, unknown> }>;
  /** Where rankings run when given (the app); in this thread otherwise (the CLI has no window to keep responsive). */
  worker?: Pick<PhenotypeWorkerClient, 'load' | 'prioritise'>;
}

export interface PrioritiseRequest {
  observed: string[];
  excluded?: string[];
  /** Candidate variants straight from a VCF (nothing stored)… */
  variants?: CandidateVariantInput[];
  /** …or a stored patient's import. */
  patientId?: string;
  limit?: number;
  /** Extra dataVersions entries (e.g. the packs or VCF fields the consequences came from). */
  sources?: Record<string, unknown>;
  notes?: string[];
}

export type PhenotypeService = ReturnType<typeof createPhenotypeService>;

export function createPhenotypeService(deps: PhenotypeServiceDeps) {
  let release: HpoRelease | null = null;
  let search: TermSearch | null = null;
  let warming: Promise<void> | null = null;

  function hpoDir(): { dir: string; source: HpoDataVersion['source'] } {
    const pack = deps.dataDir ? activeHpoPackDir(deps.dataDir) : null;
    if (pack) return { dir: pack, source: 'pack' };
    const bundled = path.join(deps.resourcesDir, 'hpo');
    if (!fs.existsSync(bundled)) throw new AppError('phenotype/data-missing', `The bundled HPO release is missing (${bundled}). Reinstall GenoDesk.`, { dir: bundled });
    return { dir: bundled, source: 'bundled' };
  }

  function releaseRef(): HpoReleaseRef {
    const { dir, source } = hpoDir();
    return { files: findReleaseFiles(dir), source, cacheDir: deps.dataDir ? path.join(deps.dataDir, 'cache') : undefined };
  }

  function data(): HpoRelease {
    release ??= hpoRelease(releaseRef());
    return release;
  }

  function resolve(id: string): TermResolution & { index: number } {
    return data().ontology.resolve(id);
  }

  return {
    /** Parses the release now (the app can warm it up in the background). */
    load: (): void => void data(),
    /**
     * Makes term search and resolution ready without parsing in this thread: the worker parses the release
     * and writes its snapshot, then this thread reads the snapshot (term-search index included) in a turn of
     * the event loop of its own. Without a worker it is `load`.
     */
    ready(): Promise<void> {
      if (release && search) return Promise.resolve();
      const worker = deps.worker;
      if (!worker) {
        search ??= new TermSearch(data().ontology, data().searchIndex);
        return Promise.resolve();
      }
      warming ??= (async () => {
        await worker.load(releaseRef());
        await nextTurn();
        const d = data();
        await nextTurn();
        search ??= new TermSearch(d.ontology, d.searchIndex);
      })().finally(() => (warming = null));
      return warming;
    },
    /** A newly installed HPO pack is used from the next call on. */
    reload(): void {
      release = null;
      search = null;
    },
    hpoVersion: (): string => data().ontology.version,
    dataVersion: (): HpoDataVersion => data().dataVersion,
    attribution: (): string => data().dataVersion.attribution,
    searchTerms(query: string, limit = 20): TermSearchResult {
      const d = data();
      search ??= new TermSearch(d.ontology, d.searchIndex);
      return { hpoVersion: d.ontology.version, terms: search.search(query, Math.max(1, Math.min(limit, 200))).map((i) => d.ontology.info(i)) };
    },
    term(id: string): HpoTermInfo {
      return resolve(id).term;
    },
    /** Every id resolved to a current term (alt/obsolete with a warning); throws phenotype/unknown-term naming the first unknown id. */
    resolveTerms(ids: readonly string[]): TermResolution[] {
      return ids.map((id) => {
        const { index: _index, ...r } = resolve(id);
        return r;
      });
    },
    /** `job` (signal, progress) is honoured throughout with a worker; in this thread, only before the ranking starts. */
    async prioritise(req: PrioritiseRequest, job: RankJobOptions = {}): Promise<PrioritiseResult> {
      const query = { observed: req.observed, excluded: req.excluded ?? [], limit: req.limit ?? 20, sources: req.sources ?? {}, notes: req.notes ?? [] };
      if (req.patientId !== undefined) {
        const readPatient = deps.patientVariants;
        if (!readPatient) throw new AppError('phenotype/no-consequences', 'Stored imports cannot be read in this context.', { patientId: req.patientId });
        const patientId = req.patientId;
        job.onProgress?.({ phase: 'variants', done: 0, total: 0 });
        const reading = { signal: job.signal, onRead: (done: number, total: number) => job.onProgress?.({ phase: 'variants', done, total }) };
        // The import is read a page at a time and each page handed on: to the worker, which keeps only what the
        // ranking needs, or here into the same per-gene evidence. A genome's candidates are never held whole.
        if (deps.worker) return deps.worker.prioritise(releaseRef(), query, (send) => readPatient(patientId, send, reading), job);
        const evidence = new GeneEvidence();
        const read = await readPatient(patientId, (batch) => batch.forEach((v) => evidence.add(v)), reading);
        if (job.signal?.aborted) throw rankCancelled();
        return runPrioritise(data(), { ...query, sources: { ...query.sources, ...read.sources }, notes: [...query.notes, ...read.notes], variants: evidence });
      }
      if (job.signal?.aborted) throw rankCancelled();
      if (deps.worker) return deps.worker.prioritise(releaseRef(), query, req.variants, job);
      return runPrioritise(data(), { ...query, variants: req.variants });
    },
  };
}
