// The action rules on the real bundled CPIC/DPWG guideline files (resources/pgx/guidelines): every
// recommendation gets an action by a named rule, and known recommendations get the action their wording says.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alternativeFrom, deriveAction } from '../../../electron/main/services/medicines/review/action-rules.ts';
import { htmlToText } from '../../../electron/main/services/pgx/recommendations.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';

interface Rec {
  classification: { term: string } | null;
  text: { html: string };
  lookupKey: Record<string, unknown>;
  alternateDrugAvailable?: boolean;
  dosingInformation?: boolean;
  otherPrescribingGuidance?: boolean;
}
const DIR = path.join(REPO_ROOT, 'resources', 'pgx', 'guidelines');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as { recommendations: Rec[] };

function actionFor(file: string, key: Record<string, string>, population?: string): string {
  const recs = load(file).recommendations.filter((r) => JSON.stringify(r.lookupKey) === JSON.stringify(key) && (!population || (r as { population?: string }).population === population));
  expect(recs.length, `${file} ${JSON.stringify(key)}`).toBeGreaterThan(0);
  return deriveAction(htmlToText(recs[0].text.html), recs[0].classification?.term ?? null, recs[0]).action;
}

describe('action rules on the bundled guideline files', () => {
  it('give every recommendation of all 118 files an action by a named wording rule (none left to the fallback)', () => {
    expect(files.length).toBe(118);
    const rules = new Map<string, number>();
    for (const f of files) {
      for (const r of load(f).recommendations) {
        const d = deriveAction(htmlToText(r.text.html), r.classification?.term ?? null, r);
        rules.set(d.rule, (rules.get(d.rule) ?? 0) + 1);
      }
    }
    expect(rules.get('unrecognised-wording') ?? 0).toBe(0);
    // Every rule family is exercised by real text.
    for (const rule of ['no-need-to-avoid', 'avoid', 'contraindicated', 'choose-alternative', 'dose-change', 'monitor', 'standard-dose', 'classification-no-recommendation', 'guideline-gives-none']) {
      expect(rules.get(rule) ?? 0, rule).toBeGreaterThan(0);
    }
  });

  it('read CPIC codeine by activity score: 0 avoid, 1.25 and 2.0 standard, ≥3.0 avoid', () => {
    expect(actionFor('CPIC_codeine_and_CYP2D6.json', { CYP2D6: '0.0' })).toBe('avoid');
    expect(actionFor('CPIC_codeine_and_CYP2D6.json', { CYP2D6: '1.25' })).toBe('standard');
    expect(actionFor('CPIC_codeine_and_CYP2D6.json', { CYP2D6: '2.0' })).toBe('standard');
    expect(actionFor('CPIC_codeine_and_CYP2D6.json', { CYP2D6: '≥3.0' })).toBe('avoid');
  });

  it('read DPWG codeine for a normal metabolizer as "no guideline" (the guideline gives none), never standard', () => {
    expect(actionFor('DPWG_codeine_and_CYP2D6.json', { CYP2D6: '1.5' })).toBe('no-guideline');
  });

  it('read dose changes, monitoring and contraindications in CPIC and DPWG wording', () => {
    expect(actionFor('CPIC_clopidogrel_and_CYP2C19.json', { CYP2C19: 'Intermediate Metabolizer' }, 'CVI ACS PCI')).toBe('avoid');
    expect(actionFor('CPIC_clopidogrel_and_CYP2C19.json', { CYP2C19: 'Normal Metabolizer' }, 'CVI ACS PCI')).toBe('standard');
    expect(actionFor('CPIC_abacavir_and_HLA_B.json', { 'HLA-B': '*57:01 positive' })).toBe('avoid');
    expect(actionFor('DPWG_tacrolimus_and_CYP3A5.json', { CYP3A5: 'Normal Metabolizer' })).toBe('adjust');
    expect(actionFor('CPIC_voriconazole_and_CYP2C19.json', { CYP2C19: 'Ultrarapid Metabolizer' })).toBe('avoid');
    // "There is no need to avoid prescribing of atazanavir": the word avoid, negated, is the all-clear.
    expect(actionFor('CPIC_atazanavir_and_UGT1A1.json', { UGT1A1: 'Normal Metabolizer' })).toBe('standard');
  });

  it('never call unknown wording standard, and keep the Other Considerations section out of the decision', () => {
    expect(deriveAction('Give it with food.', 'Strong')).toEqual({ action: 'monitor', rule: 'unrecognised-wording' });
    expect(deriveAction('Use at standard dose.\nOther Considerations\nAvoid in pregnancy.', 'Strong').action).toBe('standard');
    expect(deriveAction('Something new.', null, { dosingInformation: true }).action).toBe('adjust');
    expect(deriveAction('Consider a 50% reduction. Utilize therapeutic drug monitoring to guide dose adjustments.', 'Moderate').action).toBe('adjust');
    expect(deriveAction('Use standard dose. Utilize therapeutic drug monitoring to guide dose adjustments.', 'Moderate').action).toBe('monitor');
  });

  it('take the alternative from the sentences that name one', () => {
    expect(alternativeFrom('Avoid clopidogrel if possible. Use prasugrel or ticagrelor at standard dose if no contraindication.')).toBe('Use prasugrel or ticagrelor at standard dose if no contraindication.');
    expect(alternativeFrom('Avoid it.')).toBeNull();
  });
});
