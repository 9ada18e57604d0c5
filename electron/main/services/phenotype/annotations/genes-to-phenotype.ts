// Reads HPO's genes_to_phenotype.txt (columns ncbi_gene_id, gene_symbol, hpo_id, hpo_name, frequency,
// disease_id; HPO annotation release 2026-02-16 bundled) into disease profiles: the phenotype terms of each
// disease with their frequency, its modes of inheritance (terms under HP:0000005) and its genes. Disease-level
// profiles, not one profile pooled per gene: a gene with several diseases (e.g. FBN1) is matched disease by
// disease and takes its best-fitting disease.
import { AppError } from '../../../../../shared/errors.ts';
import type { Inheritance } from '../../../../../shared/schemas/phenotype.ts';
import type { HpoOntology } from '../ontology/hpo-ontology.ts';
import { MODE_OF_INHERITANCE } from '../ontology/hpo-ontology.ts';

export interface DiseaseProfile {
  id: string;
  name: string;
  genes: string[];
  /** Phenotype term indices (HPO's phenotypic-abnormality and other non-inheritance terms), one each. */
  terms: Int32Array;
  /** Frequency of each term in the disease, 0–1 (HPO's frequency column; 1 when not given). */
  frequencies: Float32Array;
  inheritance: Inheritance[];
}

export interface GeneAnnotations {
  diseases: DiseaseProfile[];
  /** Gene symbol → indices into diseases. */
  genes: Map<string, number[]>;
  rows: number;
}

// HPO frequency terms (HP:0040279 sub-ontology) as the midpoints of the ranges HPO defines for them.
const FREQUENCY_TERMS: Record<string, number> = {
  'HP:0040280': 1, // Obligate (100%)
  'HP:0040281': 0.895, // Very frequent (80-99%)
  'HP:0040282': 0.545, // Frequent (30-79%)
  'HP:0040283': 0.17, // Occasional (5-29%)
  'HP:0040284': 0.025, // Very rare (1-4%)
  'HP:0040285': 0, // Excluded (0%)
};

// HPO mode-of-inheritance terms (hp.obo 2026-02-16) GenoDesk reasons with for genotype fit.
const INHERITANCE_TERMS: Record<string, Inheritance> = {
  'HP:0000006': 'autosomal-dominant',
  'HP:0000007': 'autosomal-recessive',
  'HP:0001417': 'x-linked',
  'HP:0001419': 'x-linked-recessive',
  'HP:0001423': 'x-linked-dominant',
  'HP:0001427': 'mitochondrial',
  'HP:0001450': 'y-linked',
};

const UNKNOWN = -1;
// A term with no frequency in genes_to_phenotype counts as always present (LIRICAL's default too); measured
// against 0.5 on the tuning half of the bench cases, no better.
const UNKNOWN_FREQUENCY = 1;
const INHERITANCE_OTHER = -2;

export function parseFrequency(value: string): number | null {
  const v = value.trim();
  if (v === '' || v === '-') return null;
  if (v in FREQUENCY_TERMS) return FREQUENCY_TERMS[v];
  const ratio = /^(\d+)\/(\d+)$/.exec(v);
  if (ratio) return Number(ratio[2]) === 0 ? null : Number(ratio[1]) / Number(ratio[2]);
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
  if (pct) return Number(pct[1]) / 100;
  return null;
}

export function parseGenesToPhenotype(text: string, ontology: HpoOntology, names: Map<string, string>, fileName = 'genes_to_phenotype.txt'): GeneAnnotations {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.split('\t') ?? [];
  const col = (name: string): number => header.indexOf(name);
  const [cGene, cHpo, cFreq, cDisease] = [col('gene_symbol'), col('hpo_id'), col('frequency'), col('disease_id')];
  if (cGene < 0 || cHpo < 0 || cFreq < 0 || cDisease < 0) {
    throw new AppError('phenotype/data-corrupt', `${fileName} line 1: expected HPO's header with gene_symbol, hpo_id, frequency and disease_id columns.`, { file: fileName, line: 1 });
  }
  const byId = new Map<string, { genes: Set<string>; terms: Map<number, number>; inheritance: Set<Inheritance> }>();
  let rows = 0;
  const termCache = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const f = line.split('\t');
    if (f.length < header.length) {
      throw new AppError('phenotype/data-corrupt', `${fileName} line ${i + 1}: expected ${header.length} tab-separated columns, found ${f.length}.`, { file: fileName, line: i + 1 });
    }
    rows++;
    const diseaseId = f[cDisease];
    let d = byId.get(diseaseId);
    if (!d) byId.set(diseaseId, (d = { genes: new Set(), terms: new Map(), inheritance: new Set() }));
    d.genes.add(f[cGene]);
    const hpo = f[cHpo];
    if (hpo in INHERITANCE_TERMS) {
      d.inheritance.add(INHERITANCE_TERMS[hpo]);
      continue;
    }
    // ~11,000 distinct terms over ~330,000 rows: resolve each id once.
    let term = termCache.get(hpo);
    if (term === undefined) {
      try {
        const t = ontology.resolve(hpo).index;
        term = ontology.isA(t, MODE_OF_INHERITANCE) ? INHERITANCE_OTHER : t;
      } catch {
        term = UNKNOWN; // An annotation to a term this ontology release no longer has cannot be reasoned with.
      }
      termCache.set(hpo, term);
    }
    if (term === UNKNOWN) continue;
    if (term === INHERITANCE_OTHER) {
      d.inheritance.add('other');
      continue;
    }
    const freq = parseFrequency(f[cFreq]);
    const value = freq === null ? UNKNOWN_FREQUENCY : freq;
    // The same term from two genes' rows (a disease with several genes) keeps its highest frequency.
    d.terms.set(term, Math.max(d.terms.get(term) ?? 0, value));
  }
  const diseases: DiseaseProfile[] = [];
  const genes = new Map<string, number[]>();
  for (const [id, d] of [...byId.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (d.terms.size === 0) continue;
    const index = diseases.length;
    const entries = [...d.terms.entries()].filter(([, f]) => f > 0);
    diseases.push({
      id,
      name: names.get(id) ?? id,
      genes: [...d.genes].sort(),
      terms: Int32Array.from(entries.map(([t]) => t)),
      frequencies: Float32Array.from(entries.map(([, f]) => f)),
      inheritance: [...d.inheritance].sort(),
    });
    for (const g of d.genes) {
      const list = genes.get(g);
      if (list) list.push(index);
      else genes.set(g, [index]);
    }
  }
  return { diseases, genes, rows };
}

/** disease-names TSV: `disease_id<TAB>disease_name`, `#` comments and a header line. */
export function parseDiseaseNames(text: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#') || line.startsWith('disease_id\t')) continue;
    const tab = line.indexOf('\t');
    if (tab > 0) names.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return names;
}
