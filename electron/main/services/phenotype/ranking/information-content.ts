// Information content of each HPO term from the annotations themselves (Resnik 1995; as Phenomizer,
// Köhler et al. 2009): IC(t) = −ln(share of diseases annotated with t or a descendant of t). Also, per term,
// the diseases whose annotation closure holds it ("postings"), so a patient term is compared with every
// disease at once instead of disease by disease.
import type { HpoOntology } from '../ontology/hpo-ontology.ts';
import type { DiseaseProfile } from '../annotations/genes-to-phenotype.ts';

export interface AnnotationIndex {
  ic: Float64Array;
  /** Term → diseases whose closure contains it. */
  postings: Int32Array[];
  /** Aligned with postings: the highest annotated frequency among that disease's terms at or below the term. */
  postingFrequencies: Float32Array[];
  /** Each disease's closure (ancestors of its terms, the terms included) as a sorted list. */
  closures: Int32Array[];
}

export function buildAnnotationIndex(ontology: HpoOntology, diseases: DiseaseProfile[]): AnnotationIndex {
  const n = ontology.size;
  const counts = new Int32Array(n);
  const closures: Int32Array[] = [];
  const mark = new Int32Array(n).fill(-1);
  for (let d = 0; d < diseases.length; d++) {
    const list: number[] = [];
    for (const t of diseases[d].terms) {
      for (const a of ontology.ancestors[t]) {
        if (mark[a] !== d) {
          mark[a] = d;
          list.push(a);
        }
      }
    }
    list.sort((x, y) => x - y);
    closures.push(Int32Array.from(list));
    for (const a of list) counts[a]++;
  }
  const total = Math.max(1, diseases.length);
  const ic = new Float64Array(n);
  // A term no disease is annotated with is as informative as the rarest annotated one (one disease in N).
  for (let t = 0; t < n; t++) ic[t] = -Math.log(Math.max(1, counts[t]) / total);
  const postingsLists: number[][] = Array.from({ length: n }, () => []);
  const freqLists: number[][] = Array.from({ length: n }, () => []);
  const freq = new Float32Array(n);
  for (let d = 0; d < closures.length; d++) {
    const dis = diseases[d];
    for (const a of closures[d]) freq[a] = 0;
    for (let k = 0; k < dis.terms.length; k++) for (const a of ontology.ancestors[dis.terms[k]]) if (dis.frequencies[k] > freq[a]) freq[a] = dis.frequencies[k];
    for (const a of closures[d]) {
      postingsLists[a].push(d);
      freqLists[a].push(freq[a]);
    }
  }
  return { ic, closures, postings: postingsLists.map((l) => Int32Array.from(l)), postingFrequencies: freqLists.map((l) => Float32Array.from(l)) };
}
