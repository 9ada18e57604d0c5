// The stored patient's phenotype put to the phenotype service: with no VCF, diseases and genes ranked by
// phenotype alone plus the installed panels that cover the top genes; with an import, the combined
// candidate list over the whole import. Terms are sent as the installed release's current ids (a stored
// obsolete term counts as its replacement, which the screen shows beside it).
import { AppError } from '../../../../../shared/errors.ts';
import type { PatientPhenotype, PhenotypeRankOutput } from '../../../../../shared/schemas/patient-phenotype.ts';
import type { PrioritiseResult } from '../../../../../shared/schemas/phenotype.ts';
import type { RankJobOptions } from '../phenotype-worker-client.ts';
import type { PanelForSuggestion } from './panel-suggestions.ts';
import { suggestPanels } from './panel-suggestions.ts';

/** How many top genes the panel suggestions weigh: about a first page of the ranking. */
export const PANEL_TOP_GENES = 20;

export interface CaseRankingDeps {
  phenotype: (patientId: string) => PatientPhenotype;
  prioritise: (req: { observed: string[]; excluded: string[]; patientId?: string; limit: number }, job?: RankJobOptions) => Promise<PrioritiseResult>;
  panels: () => PanelForSuggestion[];
}

function termsOf(p: PatientPhenotype): { observed: string[]; excluded: string[] } {
  const usable = p.terms.filter((t) => t.status !== 'unknown');
  const id = (t: PatientPhenotype['terms'][number]) => t.replacedBy?.id ?? t.id;
  const observed = usable.filter((t) => !t.excluded).map(id);
  if (observed.length === 0) {
    throw new AppError('phenotype/no-terms', 'Add at least one observed HPO term to the patient’s phenotype before ranking genes.', { patientId: p.patientId });
  }
  return { observed, excluded: usable.filter((t) => t.excluded).map(id) };
}

export function createCaseRanking(deps: CaseRankingDeps) {
  return {
    async rank(patientId: string, limit = 20, job?: RankJobOptions): Promise<PhenotypeRankOutput> {
      const terms = termsOf(deps.phenotype(patientId));
      const result = await deps.prioritise({ ...terms, limit: Math.max(limit, PANEL_TOP_GENES) }, job);
      const top = result.genes.slice(0, PANEL_TOP_GENES).map((g) => ({ gene: g.gene, score: g.phenotypeScore }));
      return { result: { ...result, genes: result.genes.slice(0, limit), diseases: result.diseases.slice(0, limit) }, panels: suggestPanels(top, deps.panels()), topGenes: top.length };
    },
    async prioritise(patientId: string, limit = 20, job?: RankJobOptions): Promise<PrioritiseResult> {
      return deps.prioritise({ ...termsOf(deps.phenotype(patientId)), patientId, limit }, job);
    },
  };
}
