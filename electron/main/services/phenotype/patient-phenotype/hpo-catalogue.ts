// What the stored phenotype needs of the installed HPO release, kept narrow so the store does not load the
// ontology until a term is actually looked up (the phenotype service is built lazily by the composition).
import type { TermStatus } from '../../../../../shared/schemas/patient-phenotype.ts';

export interface CatalogueTerm {
  /** The id in the installed release that the looked-up id stands for (itself when current). */
  id: string;
  label: string;
  definition: string | null;
}

export interface TermLookup {
  status: TermStatus;
  /** The installed release's term for this id; null when the release does not know the id. */
  term: CatalogueTerm | null;
}

export interface HpoCatalogue {
  /** The installed release, e.g. "2026-02-16". */
  version(): string;
  /** Never throws for an unknown id: that is `{status: 'unknown', term: null}`. */
  lookup(id: string): TermLookup;
}
