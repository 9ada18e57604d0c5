// One HPO release as GenoDesk uses it: the ontology (hp.obo), the gene/disease annotations
// (genes_to_phenotype.txt) of the same release, and optionally disease names. Read from a folder: the
// bundled resources/hpo, or an HPO pack a lab installed (same file formats, newer release). Parsed once
// per process and only when phenotype work is first asked for.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import zlib from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';
import type { HpoDataVersion } from '../../../../shared/schemas/phenotype.ts';
import { parseObo } from './ontology/parse-obo.ts';
import type { OboFile } from './ontology/parse-obo.ts';
import { HpoOntology } from './ontology/hpo-ontology.ts';
import type { TermSearchIndex } from './ontology/term-search.ts';
import { buildTermSearchIndex } from './ontology/term-search.ts';
import type { GeneAnnotations } from './annotations/genes-to-phenotype.ts';
import { parseDiseaseNames, parseGenesToPhenotype } from './annotations/genes-to-phenotype.ts';
import type { AnnotationIndex } from './ranking/information-content.ts';
import { buildAnnotationIndex } from './ranking/information-content.ts';
import { PhenotypeScorer } from './ranking/phenotype-scorer.ts';

/** HPO licence (https://hpo.jax.org/app/license): acknowledge and cite the consortium, show the release. */
export const HPO_ATTRIBUTION =
  'This product uses the Human Phenotype Ontology (HPO, http://www.human-phenotype-ontology.org). Gargano MA et al. The Human Phenotype Ontology in 2024: phenotypes around the world. Nucleic Acids Res. 2024;52(D1):D1333–D1346. doi:10.1093/nar/gkad1005';

export interface HpoReleaseFiles {
  dir: string;
  obo: string;
  annotations: string;
  diseaseNames: string | null;
}

export interface HpoRelease {
  ontology: HpoOntology;
  annotations: GeneAnnotations;
  index: AnnotationIndex;
  scorer: PhenotypeScorer;
  dataVersion: HpoDataVersion;
  searchIndex: TermSearchIndex;
}

// hp.obo, hp.obo.gz, hp.2026-02-16.obo, hp.obo.2026-02-16.gz…: HPO's names with a release anywhere after.
const OBO_NAME = /^hp\.(?:[\w-]+\.)*obo(?:\.[\w-]+)*$/;
const G2P_NAME = /^genes_to_phenotype(?:\.[\w-]+)*$/;
const NAMES_NAME = /^disease-names(?:\.[\w-]+)*$/;

/** Which release to load and where its snapshot lives: what the phenotype worker is told, a plain value. */
export interface HpoReleaseRef {
  files: HpoReleaseFiles;
  source: HpoDataVersion['source'];
  cacheDir?: string;
}

// One parse per release per thread: the CLI, the app and the harness may build several services (one per
// command or per test) over the same read-only files, and the phenotype worker serves every one of them.
const loaded = new Map<string, HpoRelease>();

/** The release `ref` names, parsed (or read from its snapshot) on first use in this thread. */
export function hpoRelease(ref: HpoReleaseRef): HpoRelease {
  const { files } = ref;
  const key = [files.obo, files.annotations, files.diseaseNames].map((f) => (f ? `${f}@${fs.statSync(f).mtimeMs}` : '')).join('|');
  let release = loaded.get(key);
  if (!release) {
    release = loadHpoRelease(files, ref.source, ref.cacheDir);
    loaded.set(key, release);
  }
  return release;
}

/** The release files in a folder, found by their HPO file names (compressed or not). */
export function findReleaseFiles(dir: string): HpoReleaseFiles {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const pick = (re: RegExp): string | null => {
    const hit = names.filter((n) => re.test(n)).sort();
    return hit.length > 0 ? path.join(dir, hit[hit.length - 1]) : null;
  };
  const obo = pick(OBO_NAME);
  const annotations = pick(G2P_NAME);
  if (!obo || !annotations) {
    throw new AppError('phenotype/data-missing', `${dir} does not hold an HPO release: expected hp.obo and genes_to_phenotype.txt (optionally .gz).`, { dir, missing: [obo ? null : 'hp.obo', annotations ? null : 'genes_to_phenotype.txt'].filter(Boolean) });
  }
  return { dir, obo, annotations, diseaseNames: pick(NAMES_NAME) };
}

export function readText(file: string): string {
  const raw = fs.readFileSync(file);
  try {
    return (raw[0] === 0x1f && raw[1] === 0x8b ? zlib.gunzipSync(raw) : raw).toString('utf8');
  } catch (err) {
    throw new AppError('phenotype/data-corrupt', `${path.basename(file)} could not be decompressed: ${(err as Error).message}`, { file });
  }
}

interface Manifest {
  diseaseNames?: { release?: string };
  attribution?: string;
}

// Bumped whenever what is snapshotted changes shape.
const SNAPSHOT_FORMAT = 2;

interface Snapshot {
  format: number;
  obo: OboFile;
  ancestors: Int32Array[];
  annotations: GeneAnnotations;
  index: AnnotationIndex;
  searchIndex: TermSearchIndex;
}

/** The snapshot file for these exact release files (names, sizes and times), or null without a cache folder. */
function snapshotFile(files: HpoReleaseFiles, cacheDir: string | undefined): string | null {
  if (!cacheDir) return null;
  const id = [files.obo, files.annotations, files.diseaseNames].map((f) => (f ? `${path.resolve(f)}:${fs.statSync(f).size}:${fs.statSync(f).mtimeMs}` : '-')).join('|');
  return path.join(cacheDir, `hpo-release-${crypto.createHash('sha256').update(`${SNAPSHOT_FORMAT}|${id}`).digest('hex').slice(0, 24)}.v8`);
}

function readSnapshot(file: string | null): Snapshot | null {
  if (!file || !fs.existsSync(file)) return null;
  try {
    const s = v8.deserialize(fs.readFileSync(file)) as Snapshot;
    return s.format === SNAPSHOT_FORMAT ? s : null;
  } catch {
    return null; // A damaged snapshot is rebuilt from the release files.
  }
}

function writeSnapshot(file: string | null, s: Snapshot): void {
  if (!file) return;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, v8.serialize(s));
    fs.renameSync(tmp, file); // Whole or absent: a reader never sees half a snapshot.
  } catch {
    // A read-only data folder only costs the next process the parse.
  }
}

/**
 * Parses the release, or reads the compiled snapshot an earlier process left in `cacheDir` (the parsed
 * ontology, closure, profiles and postings, V8-serialised): the CLI's start-up cost is mostly this parse.
 */
export function loadHpoRelease(files: HpoReleaseFiles, source: HpoDataVersion['source'], cacheDir?: string): HpoRelease {
  const cache = snapshotFile(files, cacheDir);
  const snap = readSnapshot(cache);
  let ontology: HpoOntology;
  let annotations: GeneAnnotations;
  let index: AnnotationIndex;
  let searchIndex: TermSearchIndex;
  if (snap) {
    ontology = new HpoOntology(snap.obo, snap.ancestors);
    ({ annotations, index, searchIndex } = snap);
  } else {
    const obo = parseObo(readText(files.obo), path.basename(files.obo));
    ontology = new HpoOntology(obo);
    const names = files.diseaseNames ? parseDiseaseNames(readText(files.diseaseNames)) : new Map<string, string>();
    annotations = parseGenesToPhenotype(readText(files.annotations), ontology, names, path.basename(files.annotations));
    index = buildAnnotationIndex(ontology, annotations.diseases);
    searchIndex = buildTermSearchIndex(ontology);
    writeSnapshot(cache, { format: SNAPSHOT_FORMAT, obo, ancestors: ontology.ancestors, annotations, index, searchIndex });
  }
  const manifestFile = path.join(files.dir, 'manifest.json');
  const manifest: Manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest) : {};
  return {
    ontology,
    annotations,
    index,
    searchIndex,
    scorer: new PhenotypeScorer(ontology, annotations.diseases, index),
    dataVersion: {
      version: ontology.version,
      source,
      ontology: `${path.basename(files.obo)} (data-version hp/releases/${ontology.version})`,
      annotations: `${path.basename(files.annotations)} (${annotations.rows} rows, ${annotations.genes.size} genes, ${annotations.diseases.length} diseases)`,
      diseaseNames: files.diseaseNames ? `${path.basename(files.diseaseNames)}${manifest.diseaseNames?.release ? ` (${manifest.diseaseNames.release})` : ''}` : null,
      attribution: manifest.attribution ?? HPO_ATTRIBUTION,
    },
  };
}
