// Phenotype-driven diagnosis (issue 13): HPO term search and resolution, and ranking of diseases and genes
// by the patient's phenotype, alone or combined with candidate variants. Knows nothing of Electron; the
// HPO release is parsed on first use only (the CLI and the app pay nothing until phenotype work is asked).
import path from 'node:path';
import fs from 'node:fs';
import { AppError } from '../../../../shared/errors.ts';
import type { CandidateVariantInput } from '../../../../shared/schemas/diagnosis.ts';
import type { HpoDataVersion, HpoTermInfo, PrioritiseResult, TermResolution, TermSearchResult } from '../../../../shared/schemas/phenotype.ts';
import type { HpoRelease } from './hpo-release.ts';
import { findReleaseFiles, loadHpoRelease } from './hpo-release.ts';
import { TermSearch } from './ontology/term-search.ts';
import { prioritise as runPrioritise } from './prioritise.ts';
import { activeHpoPackDir } from './hpo-pack.ts';

export interface PhenotypeServiceDeps {
  /** resources/ of this build: resources/hpo holds the bundled release. */
  resourcesDir: string;
  /** The data folder: an installed HPO pack (<dataDir>/packs/hpo/<version>/) replaces the bundled release. */
  dataDir?: string;
  /** A stored patient's candidate variants across the whole import (wired by composition). */
  patientVariants?: (patientId: string) => Promise<{ variants: CandidateVariantInput[]; notes: string[]; sources: Record<string, unknown> }>;
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

// One parse per release folder per process: the CLI, the app and the harness may build several services
// (one per command or per test) over the same read-only files.
const releases = new Map<string, HpoRelease>();

export function createPhenotypeService(deps: PhenotypeServiceDeps) {
  let release: HpoRelease | null = null;
  let search: TermSearch | null = null;

  function hpoDir(): { dir: string; source: HpoDataVersion['source'] } {
    const pack = deps.dataDir ? activeHpoPackDir(deps.dataDir) : null;
    if (pack) return { dir: pack, source: 'pack' };
    const bundled = path.join(deps.resourcesDir, 'hpo');
    if (!fs.existsSync(bundled)) throw new AppError('phenotype/data-missing', `The bundled HPO release is missing (${bundled}). Reinstall GenoDesk.`, { dir: bundled });
    return { dir: bundled, source: 'bundled' };
  }

  function data(): HpoRelease {
    if (!release) {
      const { dir, source } = hpoDir();
      const files = findReleaseFiles(dir);
      const key = [files.obo, files.annotations, files.diseaseNames].map((f) => (f ? `${f}@${fs.statSync(f).mtimeMs}` : '')).join('|');
      release = releases.get(key) ?? loadHpoRelease(files, source);
      releases.set(key, release);
    }
    return release;
  }

  function resolve(id: string): TermResolution & { index: number } {
    return data().ontology.resolve(id);
  }

  return {
    /** Parses the release now (the app can warm it up in the background). */
    load: (): void => void data(),
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
      search ??= new TermSearch(d.ontology);
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
    async prioritise(req: PrioritiseRequest): Promise<PrioritiseResult> {
      let variants = req.variants;
      let sources = req.sources ?? {};
      let notes = req.notes ?? [];
      if (req.patientId !== undefined) {
        if (!deps.patientVariants) throw new AppError('phenotype/no-consequences', 'Stored imports cannot be read in this context.', { patientId: req.patientId });
        const fromStore = await deps.patientVariants(req.patientId);
        variants = fromStore.variants;
        sources = { ...sources, ...fromStore.sources };
        notes = [...notes, ...fromStore.notes];
      }
      return runPrioritise(data(), { observed: req.observed, excluded: req.excluded ?? [], variants, limit: req.limit ?? 20, sources, notes });
    },
  };
}
