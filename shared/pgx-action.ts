// Shared by the medication review (electron/main/services/medicines/review) and the renderer's Pharmacogenomics tab,
// so both read a recommendation's action with the same rules. Pure: no Node imports.
// Rule-based "action" for one guideline recommendation: avoid, adjust, monitor, standard or no-guideline.
// Sources (docs/medicines.md lists them with examples):
//  - CPIC's recommendation wording in its guidelines' dosing tables: "Avoid …", "Consider alternative …",
//    "Consider a N% reduction of the starting dose", "Initiate therapy with recommended starting dose", "Use …
//    per standard dosing"; and CPIC's strength classification (Strong, Moderate, Optional, No recommendation;
//    Caudle et al., Curr Drug Metab 2014;15:209-17, the CPIC guideline development process).
//  - DPWG's wording as ClinPGx curates it: "choose an alternative", "… is contra-indicated", "use N% of the
//    standard dose", "N times the standard dose", "be alert to …", "advise the patient to report …".
//  - ClinPGx/PharmGKB's structured tags on each recommendation (alternateDrugAvailable, dosingInformation,
//    otherPrescribingGuidance), used only when no wording rule applies.
// The first rule that matches wins, in order of urgency; text after "Other Considerations" (background for
// the prescriber, not the recommendation) is not read. Nothing unrecognised is ever called "standard".
import type { ReviewAction } from './schemas/medicines.ts';

export const ACTION_RULES_VERSION = 'action-rules-2026-12-07';

export interface RecommendationTags {
  alternateDrugAvailable?: boolean;
  dosingInformation?: boolean;
  otherPrescribingGuidance?: boolean;
}

export interface DerivedAction {
  action: ReviewAction;
  rule: string;
}

interface TextRule {
  name: string;
  action: ReviewAction;
  pattern: RegExp;
}

// Phrases that mention dose adjustment only as a means of monitoring ("utilize therapeutic drug monitoring
// to guide dose adjustment"): removed before the adjust rules look, kept for the monitor rules.
const TDM_PHRASE = /(utiliz|utilis|use)\w*\s+therapeutic drug monitoring to guide dose adjustments?/g;

const NO_RECOMMENDATION: TextRule[] = [
  { name: 'no-recommendation-text', action: 'no-guideline', pattern: /^\s*(no recommendation|n\/a)\s*\.?\s*$/ },
  { name: 'guideline-gives-none', action: 'no-guideline', pattern: /does not provide a recommendation|not possible to offer adequately substantiated advice|not a valid input/ },
];

const TEXT_RULES: TextRule[] = [
  // "There is no need to avoid …" (CPIC atazanavir), "No reason to avoid based on G6PD status" (CPIC G6PD):
  // a negated avoid is the guideline's all-clear, and must be read before the avoid rule sees the word.
  { name: 'no-need-to-avoid', action: 'standard', pattern: /^\W*(there is )?no (need|reason) to avoid\b/ },
  { name: 'avoid', action: 'avoid', pattern: /\bavoid\b/ },
  { name: 'contraindicated', action: 'avoid', pattern: /contra-?indicated|\bnot recommended\b|do not (use|prescribe)/ },
  { name: 'choose-alternative', action: 'avoid', pattern: /(choose|select|prescribe|use) (an? )?alternative|consider (an? )?alternative/ },
  { name: 'dose-change', action: 'adjust', pattern: /reduc(e|tion|ed)\b|decreased? dose|do not exceed|maximum (daily )?dose|increase the dose|\d+(\.\d+)? times the (standard|normal|usual)|\d+\s*%\s*of the|\d+-fold higher|(lower|higher|low) (starting |initial )?dose|titrat|adjust (the )?(initial |starting )?dose|initiate with a dose of|start with \d/ },
  { name: 'monitor', action: 'monitor', pattern: /monitor|be (extra )?alert|advise the patient to report|plasma concentration|evaluate regularly|check (the )?(effect|levels)/ },
  { name: 'standard-dose', action: 'standard', pattern: /standard dos|label[- ]recommended|recommended starting dose|per standard|according to the (product )?label|standard of care dosing|normal (initial |starting )?dose|usual dose|no action/ },
];

/** Only the recommendation itself: "Other Considerations" and later sections are background. */
export function recommendationBody(text: string): string {
  return text.split(/\n\s*other considerations\b/i)[0].toLowerCase();
}

export function deriveAction(text: string, classification: string | null, tags: RecommendationTags = {}): DerivedAction {
  const body = recommendationBody(text);
  if (classification === 'No recommendation') return { action: 'no-guideline', rule: 'classification-no-recommendation' };
  for (const r of NO_RECOMMENDATION) if (r.pattern.test(body)) return { action: r.action, rule: r.name };
  const withoutTdm = body.replace(TDM_PHRASE, ' ');
  for (const r of TEXT_RULES) {
    const subject = r.action === 'adjust' ? withoutTdm : body;
    if (r.pattern.test(subject)) return { action: r.action, rule: r.name };
  }
  if (tags.alternateDrugAvailable) return { action: 'avoid', rule: 'tag-alternate-drug' };
  if (tags.dosingInformation) return { action: 'adjust', rule: 'tag-dosing-information' };
  // Wording this file does not know: a prescriber must read it, so it is never reported as standard.
  return { action: 'monitor', rule: tags.otherPrescribingGuidance ? 'tag-other-guidance' : 'unrecognised-wording' };
}

const ALTERNATIVE = /alternativ|instead|non-tramadol|prasugrel|ticagrelor|not metaboli[sz]ed by|such as/i;

/** The sentences that name an alternative, when the guideline gives one. */
export function alternativeFrom(text: string): string | null {
  const body = text.split(/\n\s*other considerations\b/i)[0];
  const sentences = body
    .split(/(?<=[.;])\s+|\n+/)
    .map((s) => s.replace(/^•\s*/, '').trim())
    .filter((s) => s.length > 0 && ALTERNATIVE.test(s));
  return sentences.length > 0 ? sentences.join(' ') : null;
}

export const ACTION_ORDER: readonly ReviewAction[] = ['avoid', 'adjust', 'monitor', 'no-result', 'no-guideline', 'standard'];

export function urgency(action: ReviewAction): number {
  return ACTION_ORDER.indexOf(action);
}
