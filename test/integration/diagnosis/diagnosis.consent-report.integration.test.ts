// Consent gating of secondary findings, and the issued diagnostic report, in a real store on a real case
// (NA12878 chr21 + planted ClinVar variants). The RET flag's facts (HGVS, significance, 2 review stars)
// are checked against the MacArthur-lab ClinVar table; the PDF's first page is rendered with poppler's
// pdftoppm into test-results/ and its text read back with pdftotext.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenoDesk } from '../../../electron/main/composition.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { Patient } from '../../../shared/schemas/patient.ts';
import { REPO_ROOT } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { COQ8A_STOP, RET_SF } from '../../helpers/planted-vcf.ts';
import { classifyCandidate, openApp, registerWithImport, saveReferral } from './helpers/case.ts';

const tmp = makeTempDir('genodesk-dx-consent-');
let app: GenoDesk;
let patient: Patient;
const coq8a = COQ8A_STOP();
const ret = RET_SF();

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as AppError).code;
  }
  return 'no error';
}

beforeAll(async () => {
  app = openApp(path.join(tmp.dir, 'data'));
  ({ patient } = await registerWithImport(app, tmp.dir, { nhsNumber: '943 476 5919', familyName: 'Consent' }));
}, 60_000);

afterAll(async () => {
  await app.close();
  tmp.cleanup();
});

describe('consent to additional findings gates secondary findings', () => {
  it('refuses without a recorded consent, and after a recorded refusal', async () => {
    expect(await errorCode(app.diagnosis.secondaryFindings({ patientId: patient.id }))).toBe('diagnosis/consent-required');
    app.diagnosis.referral.saveConsent(patient.id, false, 'Declined in clinic');
    expect(await errorCode(app.diagnosis.secondaryFindings({ patientId: patient.id }))).toBe('diagnosis/consent-required');
  });

  it('with consent: RET p.Cys634Arg flagged from ClinVar (2 stars), saying why, with who recorded the consent', async () => {
    expect(ret.gold_stars).toBe('2');
    const consent = app.diagnosis.referral.saveConsent(patient.id, true, 'Consent form signed');
    expect(consent).toMatchObject({ additionalFindings: true, recordedBy: 'scientist-a', note: 'Consent form signed' });
    const sf = await app.diagnosis.secondaryFindings({ patientId: patient.id });
    expect(sf.result.flags.map((f) => f.gene)).toEqual(['RET']);
    const flag = sf.result.flags[0];
    expect(flag.variants[0]).toMatchObject({ basis: 'clinvar', hgvsc: ret.hgvs_c, hgvsp: ret.hgvs_p, zygosity: 'heterozygous' });
    expect(flag.reasons.join(' ')).toContain('2 stars');
    expect(flag.reasons.join(' ')).toContain('scientist-a');
    // Both decisions are kept, newest first, and audited.
    const got = app.diagnosis.referral.get(patient.id);
    expect(got.consentHistory.map((c) => c.additionalFindings)).toEqual([true, false]);
    expect(app.audit.list('consent', patient.id).map((a) => a.action)).toEqual(['additional-findings-consented', 'additional-findings-declined']);
  });

  it('a later withdrawal stops them again', async () => {
    app.diagnosis.referral.saveConsent(patient.id, false, 'Withdrawn by phone');
    expect(await errorCode(app.diagnosis.secondaryFindings({ patientId: patient.id }))).toBe('diagnosis/consent-required');
  });
});

describe('the diagnostic report', () => {
  it('needs a referral', async () => {
    expect(await errorCode(app.diagnosis.reportPreview({ patientId: patient.id }))).toBe('diagnosis/referral-required');
  });

  it('issues the PDF with the classified variant, panels and versions; stored with audit and outbox; page 1 as PNG', async () => {
    saveReferral(app, patient.id);
    const { run } = await classifyCandidate(app, patient.id);
    app.diagnosis.referral.saveConsent(patient.id, true);
    const pdf = path.join(tmp.dir, 'diagnostic.pdf');
    const issued = await app.diagnosis.reportPdf({ patientId: patient.id, file: pdf, authorisedBy: 'Dr A Scientist' });
    expect(issued.content.result.outcome).toBe('positive');
    expect(issued.content.variants.map((v) => [v.gene, v.hgvsc, v.hgvsp, v.acmgClass])).toEqual([['COQ8A', coq8a.hgvs_c, coq8a.hgvs_p, 'likely-pathogenic']]);
    expect(issued.content.panels.map((p) => `${p.id} v${p.version}`)).toEqual(['1141 v2.7', '207 v6.8']);
    expect(issued.content.secondaryFindings).toMatchObject({ status: 'reported', flags: [{ gene: 'RET' }] });
    expect(issued.fhirResources).toBeGreaterThan(3);
    expect(issued.analysisId).toBe(run.analysis.id);

    const row = app.store.sqlite.prepare('SELECT patient_id, analysis_id, outcome, pdf_sha256 FROM diagnosis_reports WHERE id = ?').get(issued.reportId);
    expect(row).toEqual({ patient_id: patient.id, analysis_id: run.analysis.id, outcome: 'positive', pdf_sha256: issued.sha256 });
    expect(app.audit.list('diagnostic-report', issued.reportId).map((a) => a.action)).toEqual(['issue']);
    expect(app.store.sqlite.prepare("SELECT op FROM sync_outbox WHERE entity_type = 'diagnostic-report' AND entity_id = ?").all(issued.reportId)).toEqual([{ op: 'create' }]);
    expect(app.diagnosis.getIssuedReport(issued.reportId).result).toEqual(issued.content.result);
    // The saved analysis names the panels' versions and the annotation packs used.
    const analysis = app.store.sqlite.prepare('SELECT panels, packs FROM diagnosis_analyses WHERE id = ?').get(run.analysis.id) as { panels: string; packs: string };
    expect(JSON.parse(analysis.panels).map((p: { version: string }) => p.version)).toEqual(['2.7', '6.8']);
    expect(JSON.parse(analysis.packs).map((p: { kind: string }) => p.kind)).toContain('clinvar');

    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of [coq8a.hgvs_c, coq8a.hgvs_p, 'Likely pathogenic', 'Acute rhabdomyolysis', '2.7', 'Congenital muscular dystrophy', '6.8', 'RET', 'Limitations', 'Dr A Scientist', '943 476 5919']) {
      expect(text).toContain(s);
    }
    const outDir = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(outDir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(outDir, 'diagnostic-report-issued-page1')]);
    const png = fs.readFileSync(path.join(outDir, 'diagnostic-report-issued-page1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A4 (595 pt) at 80 dpi is 661 px wide.
    expect(Math.abs(png.readUInt32BE(16) - (595 / 72) * 80)).toBeLessThanOrEqual(1);
  });

  it('refuses to report a variant that has no classification, and writes nothing for a folder it cannot write to', async () => {
    const run = await app.diagnosis.candidates({ patientId: patient.id });
    const unclassified = run.candidates.find((c) => !c.labClassification)!;
    expect(await errorCode(app.diagnosis.reportPreview({ patientId: patient.id, variantKeys: [unclassified.key] }))).toBe('diagnosis/report-invalid');
    const reports = app.store.sqlite.prepare('SELECT count(*) FROM diagnosis_reports').pluck().get();
    expect(await errorCode(app.diagnosis.reportPdf({ patientId: patient.id, file: path.join(tmp.dir, 'no-such-folder', 'r.pdf') }))).toBe('diagnosis/report-invalid');
    expect(app.store.sqlite.prepare('SELECT count(*) FROM diagnosis_reports').pluck().get()).toBe(reports);
  });
});
