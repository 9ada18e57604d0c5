// Why a gene is where it is: its score and the parts it is made of (the phenotype fit pools the gene's
// diseases, each shown with its own fit), which patient terms matched which of
// the disease's terms (and how informative their shared ancestor is), excluded terms that count against it,
// and for each variant the evidence the variant score read.
import type { PrioritisedGene } from '../../../../shared/schemas/phenotype.ts';

const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(2));

export function GeneExplanation({ gene }: { gene: PrioritisedGene }) {
  const best = gene.diseases.find((d) => d.id === gene.bestDisease) ?? gene.diseases[0];
  return (
    <div className="gd-ph-explain" data-testid="ph-explanation">
      <p className="nhsuk-body-s">
        Score {fmt(gene.score)} = phenotype fit {fmt(gene.phenotypeScore)}
        {gene.diseases.length > 1 ? ` (its ${gene.diseases.length} diseases pooled)` : ''}
        {gene.variantScore !== null ? ` combined with variant evidence ${fmt(gene.variantScore)}` : ' (no variants: phenotype alone)'}.
        {best ? ` Best-fitting disease: ${best.name} (${best.id})${best.inheritance.length ? `, ${best.inheritance.join(' or ')}` : ''}.` : ''}
        {gene.inheritanceFit ? ` Genotype fit: ${gene.inheritanceFit}.` : ''}
      </p>
      {gene.matchedTerms.length > 0 && (
        <>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">Patient terms matched to the disease’s terms (information content of the shared term):</p>
          <ul className="gd-ph-match" data-testid="ph-matched-terms">
            {gene.matchedTerms.map((m) => (
              <li key={m.patient}>
                {m.patientLabel} ({m.patient}) →{' '}
                {m.disease ? `${m.diseaseLabel} (${m.disease})${m.commonAncestor && m.commonAncestor !== m.disease && m.commonAncestor !== m.patient ? ` via ${m.commonAncestor}` : ''}` : 'no specific match'}: {m.score.toFixed(2)}
              </li>
            ))}
          </ul>
        </>
      )}
      {gene.excludedConflicts.length > 0 && (
        <ul className="gd-ph-match" data-testid="ph-excluded-conflicts">
          {gene.excludedConflicts.map((c) => (
            <li key={c.patient}>
              Looked for and absent: {c.patientLabel} ({c.patient}), but the disease has {c.diseaseLabel}: −{c.penalty.toFixed(2)}
            </li>
          ))}
        </ul>
      )}
      {gene.variants.length > 0 && <p className="nhsuk-body-s nhsuk-u-margin-bottom-1 nhsuk-u-margin-top-2">Variant evidence (score 0–1 from consequence, ClinVar, frequency and quality):</p>}
      {gene.variants.length > 0 && (
        <ul className="gd-ph-match" data-testid="ph-variant-evidence">
          {gene.variants.map((v) => (
            <li key={`${v.chrom}-${v.pos}-${v.ref}-${v.alt}`}>
              {v.chrom}:{v.pos} {v.ref}&gt;{v.alt} ({v.genotype}){v.hgvsc ? ` ${v.hgvsc}` : ''}
              {v.consequence ? `, ${v.consequence}` : ''}: variant score {v.score.toFixed(2)}
              {v.why.length ? ` — ${v.why.join('; ')}` : ''}
            </li>
          ))}
        </ul>
      )}
      {gene.diseases.length > 1 && (
        <p className="nhsuk-body-s gd-muted" data-testid="ph-other-diseases">
          Other diseases of {gene.gene}, each with its own phenotype fit: {gene.diseases.filter((d) => d !== best).map((d) => `${d.name} (${d.id}) ${fmt(d.phenotypeScore)}`).join('; ')}
        </p>
      )}
    </div>
  );
}
