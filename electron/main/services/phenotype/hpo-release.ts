// One HPO release as GenoDesk uses it: the ontology (hp.obo), the gene/disease annotations
// (genes_to_phenotype.txt) of the same release, and optionally disease names. Read from a folder: the
// bundled resources/hpo, or an HPO pack a lab installed (same file formats, newer release). Parsed once
// per process and only when phenotype work is first asked for.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';
import type { HpoDataVersion } from '../../../../shared/schemas/phenotype.ts';
import { parseObo } from './ontology/parse-obo.ts';
import { HpoOntology } from './ontology/hpo-ontology.ts';
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
}

// hp.obo, hp.obo.gz, hp.2026-02-16.obo, hp.obo.2026-02-16.gz…: HPO's names with a release anywhere after.
const OBO_NAME = /^hp\.(?:[\w-]+\.)*obo(?:\.[\w-]+)*$/;
const G2P_NAME = /^genes_to_phenotype(?:\.[\w-]+)*$/;
const NAMES_NAME = /^disease-names(?:\.[\w-]+)*$/;

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

export function loadHpoRelease(files: HpoReleaseFiles, source: HpoDataVersion['source']): HpoRelease {
  const ontology = new HpoOntology(parseObo(readText(files.obo), path.basename(files.obo)));
  const names = files.diseaseNames ? parseDiseaseNames(readText(files.diseaseNames)) : new Map<string, string>();
  const annotations = parseGenesToPhenotype(readText(files.annotations), ontology, names, path.basename(files.annotations));
  const index = buildAnnotationIndex(ontology, annotations.diseases);
  const manifestFile = path.join(files.dir, 'manifest.json');
  const manifest: Manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest) : {};
  return {
    ontology,
    annotations,
    index,
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
