// The PharmCAT-derived reference bundle in resources/pgx (see its manifest.json for source, commits and
// licences). Files are parsed lazily because the whole bundle is ~20 MB of JSON and a single `pgx --vcf`
// run must finish in well under half a second: CYP2D6's phenotype map alone is 4 MB and is only needed
// when CYP2D6 is called or supplied as an outside call.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import type { PgxDataVersions } from '../../../../shared/schemas/pgx.ts';

export interface DefinitionVariant {
  chromosome: string;
  position: number;
  cpicPosition: number;
  rsid: string | null;
  chromosomeHgvsName: string;
  cpicAlleles: string[];
  ref: string;
  alts: string[];
}

export interface DefinitionNamedAllele {
  name: string;
  id: string;
  /** VCF-style alleles aligned with `variants`; null = not defined at that position (never "reference"). */
  alleles: (string | null)[];
  cpicAlleles: (string | null)[];
  reference: boolean;
  structuralVariant?: boolean;
}

export interface GeneDefinition {
  gene: string;
  chromosome: string;
  version: string;
  source: string;
  genomeBuild: string;
  variants: DefinitionVariant[];
  namedAlleles: DefinitionNamedAllele[];
}

export interface UnphasedDiplotypePriority {
  list: string[];
  pick: string;
}

export interface GeneExemption {
  gene: string;
  requiredPositions: number[];
  ignoredPositions: DefinitionVariant[];
  extraPositions: DefinitionVariant[];
  ignoredAllelesLc: string[];
  unphasedDiplotypePriorities: UnphasedDiplotypePriority[];
  amp1Alleles: string[];
  amp1Positions: number[];
}

export interface PhenotypeDiplotypeRow {
  generesult: string;
  diplotype: string;
  lookupkey: string;
  diplotypekey: Record<string, number>;
  activityScore?: string | null;
  phenotype?: string;
}

export interface PhenotypeNamedAllele {
  name: string;
  activityValue: string | null;
  functionValue: string | null;
  lookupKey: string | null;
}

export interface GenePhenotypeData {
  gene: string;
  version?: string;
  haplotypes: Record<string, string>;
  activityValues: Record<string, string>;
  diplotypes: PhenotypeDiplotypeRow[];
  namedAlleles: PhenotypeNamedAllele[];
}

export interface GuidelineRecommendation {
  id: string;
  population: string | null;
  classification: { term: string } | null;
  relatedChemicals: { id: string; name: string }[];
  text: { html: string };
  implications: string[] | null;
  /** Gene -> result key: a phenotype, an activity score, or allele counts ({"*1": 1, "*3": 1}). */
  lookupKey: Record<string, string | Record<string, number>>;
}

export interface GuidelineFile {
  guideline: {
    id: string;
    name: string;
    source: string;
    url: string;
    relatedChemicals: { id: string; name: string }[];
    relatedGenes: { symbol: string }[];
  };
  recommendations: GuidelineRecommendation[];
  version: string;
  /** File name in resources/pgx/guidelines, kept for traceability in results. */
  file: string;
}

export type GuidelineSource = 'CPIC' | 'DPWG';

interface ManifestComponent {
  id: string;
  path: string;
  commit: string;
  commitDate: string;
  dataVersion: string;
  repository: string;
  licence: string;
}

export interface PgxManifest {
  name: string;
  bundleVersion: string;
  genomeBuild: string;
  components: ManifestComponent[];
  licences: { scope: string; licence: string; url: string; attribution?: string }[];
  files: { path: string; component: string; bytes: number; sha256: string }[];
}

/** Genes PharmCAT calls from VCF (definition files), in PharmCAT's alphabetical report order. */
const DEFINITION_SUFFIX = '_translation.json';

export const DEFAULT_PGX_RESOURCES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../resources/pgx');

export class PgxData {
  readonly dir: string;
  readonly manifest: PgxManifest;
  private readonly definitions = new Map<string, GeneDefinition>();
  private readonly phenotypes = new Map<string, GenePhenotypeData | null>();
  private exemptions: Map<string, GeneExemption> | null = null;
  private guidelines: GuidelineFile[] | null = null;
  private messageList: unknown[] | null = null;
  private readonly definitionGenes: string[];

  constructor(dir: string = DEFAULT_PGX_RESOURCES) {
    this.dir = dir;
    const manifestPath = path.join(dir, 'manifest.json');
    if (!fs.existsSync(manifestPath)) {
      throw new AppError('pgx/data-missing', 'The pharmacogenomics reference data is not installed. Reinstall GenoDesk.', { path: manifestPath });
    }
    this.manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as PgxManifest;
    this.definitionGenes = this.manifest.files
      .filter((f) => f.path.startsWith('definition/') && f.path.endsWith(DEFINITION_SUFFIX))
      .map((f) => path.basename(f.path, DEFINITION_SUFFIX))
      .sort();
  }

  /** Verifies every bundled file against the manifest checksum (used at start-up checks and in tests). */
  verify(): { ok: true } {
    for (const f of this.manifest.files) {
      const p = path.join(this.dir, f.path);
      if (!fs.existsSync(p)) throw new AppError('pgx/data-missing', `A pharmacogenomics reference file is missing (${f.path}). Reinstall GenoDesk.`, { path: f.path });
      const sha = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      if (sha !== f.sha256) throw new AppError('pgx/data-corrupt', `A pharmacogenomics reference file is damaged (${f.path}). Reinstall GenoDesk.`, { path: f.path, expected: f.sha256, actual: sha });
    }
    return { ok: true };
  }

  get genes(): readonly string[] {
    return this.definitionGenes;
  }

  hasDefinition(gene: string): boolean {
    return this.definitionGenes.includes(gene);
  }

  definition(gene: string): GeneDefinition {
    let def = this.definitions.get(gene);
    if (!def) {
      def = this.readJson<GeneDefinition>(`definition/${gene}${DEFINITION_SUFFIX}`);
      this.definitions.set(gene, def);
    }
    return def;
  }

  exemption(gene: string): GeneExemption | undefined {
    if (!this.exemptions) {
      const raw = this.readJson<Record<string, GeneExemption>>('definition/exemptions.json');
      this.exemptions = new Map(Object.entries(raw));
    }
    return this.exemptions.get(gene);
  }

  /**
   * Phenotype map for a gene and guideline source. CYP2D6 has separate CPIC (2024-08-27) and DPWG
   * (2025-10-03) files because DPWG assigns some alleles other activity values; every other gene has one
   * file used for both sources. G6PD (2023-08-08) and RYR1 (2023-12-19) are older than the allele
   * definitions (see manifest components). Returns null where no file is bundled.
   */
  phenotype(gene: string, source: GuidelineSource = 'CPIC'): GenePhenotypeData | null {
    const file = phenotypeFile(gene, source);
    if (!this.phenotypes.has(file)) {
      const known = this.manifest.files.some((f) => f.path === file);
      this.phenotypes.set(file, known ? normalisePhenotypeFile(this.readJson<GenePhenotypeData>(file)) : null);
    }
    return this.phenotypes.get(file) ?? null;
  }

  /** The release of the phenotype map a gene's phenotypes come from (its own component where it has one). */
  phenotypeVersion(gene: string, source: GuidelineSource = 'CPIC'): { version: string; commit: string; commitDate: string } | null {
    const file = phenotypeFile(gene, source);
    const entry = this.manifest.files.find((f) => f.path === file);
    const comp = entry && this.manifest.components.find((c) => c.id === entry.component);
    return comp ? { version: comp.dataVersion, commit: comp.commit, commitDate: comp.commitDate } : null;
  }

  allGuidelines(): GuidelineFile[] {
    if (!this.guidelines) {
      this.guidelines = this.manifest.files
        .filter((f) => f.path.startsWith('guidelines/'))
        .map((f) => ({ ...this.readJson<Omit<GuidelineFile, 'file'>>(f.path), file: path.basename(f.path) }));
    }
    return this.guidelines;
  }

  /** PharmCAT's curated caveats (reporter/messages.json). */
  messages(): unknown[] {
    if (!this.messageList) {
      const known = this.manifest.files.some((f) => f.path === 'reporter/messages.json');
      this.messageList = known ? this.readJson<unknown[]>('reporter/messages.json') : [];
    }
    return this.messageList;
  }

  dataVersions(): PgxDataVersions {
    const c = (id: string) => {
      const comp = this.manifest.components.find((x) => x.id === id);
      if (!comp) throw new AppError('pgx/data-corrupt', `The pharmacogenomics manifest has no '${id}' component. Reinstall GenoDesk.`, { component: id });
      return { version: comp.dataVersion, commit: comp.commit, commitDate: comp.commitDate };
    };
    const optional = (id: string) => (this.manifest.components.some((x) => x.id === id) ? c(id) : undefined);
    return {
      bundle: this.manifest.bundleVersion,
      genomeBuild: 'GRCh38',
      source: 'PharmCAT (github.com/PharmGKB/PharmCAT) data files',
      definitions: c('definitions'),
      phenotypes: c('phenotypes'),
      cyp2d6Phenotypes: c('cyp2d6-phenotypes'),
      cyp2d6DpwgPhenotypes: optional('cyp2d6-dpwg-phenotypes'),
      g6pdPhenotypes: optional('g6pd-phenotypes'),
      ryr1Phenotypes: optional('ryr1-phenotypes'),
      guidelines: c('guidelines'),
    };
  }

  private readJson<T>(rel: string): T {
    const p = path.join(this.dir, rel);
    try {
      return JSON.parse(fs.readFileSync(p, 'utf8')) as T;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      throw new AppError(missing ? 'pgx/data-missing' : 'pgx/data-corrupt', `The pharmacogenomics reference file ${rel} could not be read. Reinstall GenoDesk.`, { path: rel });
    }
  }
}

function phenotypeFile(gene: string, source: GuidelineSource): string {
  return gene === 'CYP2D6' ? `phenotype/CYP2D6.${source.toLowerCase()}.json` : `phenotype/${gene.replace('-', '_')}.json`;
}

/**
 * Allele names the phenotype maps spell differently from the 2025-11 allele definitions. Explicit, never
 * fuzzy: each entry was checked by hand against both files. G6PD "Telti/Kobe" (2023-08-08 map) is
 * "Telti, Kobe" in the definitions; a "/" inside an allele name cannot survive diplotype notation.
 */
export const PHENOTYPE_ALLELE_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  G6PD: { 'Telti/Kobe': 'Telti, Kobe' },
};

/**
 * Brings an older map to the shape the phenotyper reads: the 2023-08 G6PD map has no `namedAlleles` list
 * (only `haplotypes`: name -> function), and renamed alleles get their definition spelling.
 */
export function normalisePhenotypeFile(p: GenePhenotypeData): GenePhenotypeData {
  const renames = PHENOTYPE_ALLELE_RENAMES[p.gene] ?? {};
  const rename = (n: string) => renames[n] ?? n;
  const haplotypes: Record<string, string> = {};
  for (const [n, f] of Object.entries(p.haplotypes ?? {})) haplotypes[rename(n)] = f;
  const activityValues: Record<string, string> = {};
  for (const [n, v] of Object.entries(p.activityValues ?? {})) activityValues[rename(n)] = v;
  const namedAlleles = p.namedAlleles
    ? p.namedAlleles.map((a) => ({ ...a, name: rename(a.name) }))
    : Object.entries(haplotypes).map(([name, fn]) => ({ name, functionValue: fn, activityValue: activityValues[name] ?? null, lookupKey: fn }));
  const diplotypes = Object.keys(renames).length === 0 ? p.diplotypes : p.diplotypes.map((r) => {
    if (!Object.keys(r.diplotypekey).some((n) => n in renames)) return r;
    const key: Record<string, number> = {};
    for (const [n, c] of Object.entries(r.diplotypekey)) key[rename(n)] = c;
    return { ...r, diplotypekey: key, diplotype: Object.entries(key).flatMap(([n, c]) => Array<string>(c).fill(n)).join('/') };
  });
  return { ...p, haplotypes, activityValues, namedAlleles, diplotypes };
}

let shared: PgxData | null = null;

/** One parsed bundle per process: the CLI, the app and the tests all read the same immutable files. */
export function defaultPgxData(): PgxData {
  if (!shared) shared = new PgxData();
  return shared;
}
