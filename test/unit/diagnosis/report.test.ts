// The diagnostic report for the planted-variant case: content model, PDF (page 1 rendered to PNG with
// poppler's pdftoppm, text checked with pdftotext) and the same content as Genomics Reporting IG resources
// validated by @medplum/core against FHIR R4.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { rankCandidates } from '../../../electron/main/services/diagnosis/rank-candidates.ts';
import { classifyVariant } from '../../../electron/main/services/diagnosis/acmg-classifier.ts';
import { findSecondaryFindings } from '../../../electron/main/services/diagnosis/secondary-findings.ts';
import { buildDiagnosticReportContent, type ReportInput } from '../../../electron/main/services/diagnosis/report-content.ts';
import { renderDiagnosticReportPdf, toWinAnsi, writeDiagnosticReportPdf } from '../../../electron/main/services/diagnosis/report-pdf.ts';
import { GRCH38_REFSEQ, PROFILE, buildGenomicReportResources, stableId } from '../../../electron/main/services/diagnosis/report-fhir.ts';
import { assertValidGenomicResources, validateGenomicResources } from '../../../electron/main/services/diagnosis/fhir-validate.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { CandidateVariantInput } from '../../../shared/schemas/diagnosis.ts';
import { clinvarAssertion, clinvarConsequences, readClinvarTsv } from './helpers/clinvar-records.ts';

const pack = loadPanelPack(path.join(RESOURCES, 'panels'));
const panels = pack.library.resolve([{ id: '1141', version: '2.7' }, { id: '635' }]);
const clinvar = readClinvarTsv(path.join(SHARED_DATA, 'clinvar/macarthur-lab_2018/clinvar_alleles.multi.b38.tsv.gz'));
const tmp = makeTempDir('genodesk-report-');
afterAll(() => tmp.cleanup());

function fromClinvar(symbol: string, protein: string, zygosity: 'heterozygous' | 'homozygous'): CandidateVariantInput {
  const r = clinvar.find((x) => x.symbol === symbol && x.hgvs_p.endsWith(protein))!;
  return {
    chrom: `chr${r.chrom}`, pos: Number(r.pos), ref: r.ref, alt: r.alt,
    genotype: zygosity === 'homozygous' ? '1/1' : '0/1', zygosity, phased: false, filter: 'PASS', gq: 99, dp: 38,
    consequences: clinvarConsequences(r), clinvar: clinvarAssertion(r),
  };
}

function reportInput(): ReportInput {
  const coq8a = fromClinvar('COQ8A', 'p.Arg348Ter', 'homozygous');
  const ret = fromClinvar('RET', 'p.Cys634Arg', 'heterozygous');
  const ranking = rankCandidates({ variants: [coq8a, ret], panels, sex: 'female' });
  const top = ranking.candidates[0];
  const hit = panels[0].genes.find((g) => g.symbol === top.gene)!;
  const classification = classifyVariant([
    { code: 'PVS1', strength: 'very-strong' },
    { code: 'PM2', strength: 'supporting', comment: 'absent from the population data available' },
  ]);
  const sf = findSecondaryFindings({ consent: { additionalFindings: true, recordedAt: '2026-11-20' }, sfList: pack.sfList!, variants: [coq8a, ret] });
  return {
    reportId: 'GD-2026-0042',
    issuedAt: '2026-11-25T10:00:00Z',
    laboratory: 'GenoDesk demo laboratory (test data)',
    authorisedBy: 'Dr A Scientist, Clinical Scientist',
    patient: { id: 'pat-1', nhsNumber: '9434765919', name: 'Jane Demo', birthDate: '1990-04-02', sex: 'female' },
    referral: { clinicalIndication: 'Recurrent rhabdomyolysis with exercise intolerance', hpoTerms: [{ id: 'HP:0003201', label: 'Rhabdomyolysis' }] },
    build: 'GRCh38',
    panels,
    panelSources: { '1141': 'PanelApp API v1 (demo pack: tests only)', '635': 'PanelApp API v1 (demo pack: tests only)' },
    variants: [
      {
        key: top.key, chrom: top.chrom, pos: top.pos, ref: top.ref, alt: top.alt, gene: top.gene, hgncId: hit.hgncId,
        transcript: top.transcript, hgvsc: top.hgvsc, hgvsp: top.hgvsp, terms: top.terms, zygosity: top.zygosity,
        classification, classificationComment: 'Homozygous nonsense variant in a biallelic gene.',
        moi: hit.moi, condition: top.clinvar!.condition, clinvarVariationId: top.clinvar!.variationId ?? null, tier: top.tier,
        consequenceSource: top.consequenceSource,
      },
    ],
    secondaryFindings: { status: 'reported', result: sf, genesOnList: pack.sfList!.genes.length },
    ranking,
    annotationSources: ["consequences from ClinVar's molecular-consequence field (macarthur-lab/clinvar 2018-10 extract, GRCh38)"],
  };
}

describe('diagnostic report content', () => {
  it('states the result, the classified variant with HGVS, the panels and versions, and the limitations', () => {
    const content = buildDiagnosticReportContent(reportInput());
    expect(content.result.outcome).toBe('positive');
    expect(content.result.summary).toMatch(/^Likely pathogenic variant COQ8A NM_020247\.4:c\.1042C>T NP_064632\.2:p\.Arg348Ter \(homozygous\)/);
    expect(content.variants[0]).toMatchObject({ acmgClass: 'likely-pathogenic', points: 9 });
    expect(content.panels.map((p) => `${p.id} v${p.version}`)).toEqual(['1141 v2.7', '635 v2.18']);
    expect(content.limitations.join('\n')).toMatch(/no population allele frequencies/);
    expect(content.limitations.join('\n')).toMatch(/taken from ClinVar records/);
    expect(content.limitations.join('\n')).toMatch(/81 genes of the ACMG SF v3\.2 list/);
    expect(content.secondaryFindings).toMatchObject({ status: 'reported', flags: [{ gene: 'RET' }] });
  });

  it('refuses a variant whose criteria conflict', () => {
    const input = reportInput();
    input.variants[0].classification = classifyVariant([{ code: 'PVS1', strength: 'very-strong' }, { code: 'BA1', strength: 'stand-alone' }]);
    try {
      buildDiagnosticReportContent(input);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('diagnosis/report-invalid');
    }
  });
});

describe('diagnostic report PDF', () => {
  it('renders; page 1 as PNG in test-results/; the text carries the HGVS, panels, versions and limitations', async () => {
    const content = buildDiagnosticReportContent(reportInput());
    const pdf = path.join(tmp.dir, 'report.pdf');
    await writeDiagnosticReportPdf(content, pdf);
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of ['Genomic diagnostic report', 'NM_020247.4:c.1042C>T', 'NP_064632.2:p.Arg348Ter', 'Likely pathogenic', 'Acute rhabdomyolysis', '2.7', '2.18', 'Limitations', '943 476 5919', 'RET', 'PVS1, PM2_Supporting']) {
      expect(text).toContain(s);
    }
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(text).toContain(`Page ${pages} of ${pages}`);

    const outDir = path.join(REPO_ROOT, 'test-results');
    fs.mkdirSync(outDir, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(outDir, 'diagnostic-report-page1')]);
    const png = fs.readFileSync(path.join(outDir, 'diagnostic-report-page1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // A4 (595 pt) at 80 dpi is 661 px wide; pdftoppm rounds the page box up.
    expect(Math.abs(png.readUInt32BE(16) - (595 / 72) * 80)).toBeLessThanOrEqual(1);
    // Same content, same bytes: the issue date is the PDF creation date.
    expect((await renderDiagnosticReportPdf(content)).equals(bytes)).toBe(true);
  });

  it('a long report runs onto more pages, repeating table headers and numbering every page', async () => {
    const input = reportInput();
    const v = input.variants[0];
    input.variants = Array.from({ length: 30 }, (_, i) => ({ ...v, key: `${v.key}-${i}`, pos: v.pos + i, classificationComment: `Copy ${i + 1} to fill the page.` }));
    const pdf = path.join(tmp.dir, 'long.pdf');
    await writeDiagnosticReportPdf(buildDiagnosticReportContent(input), pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThan(1);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
    expect(text.match(/Variant \(HGVS\)/g)!.length).toBeGreaterThan(1);
    expect(text).toContain('Copy 30 to fill the page.');
  });

  it('folds characters Helvetica cannot draw', () => {
    expect(toWinAnsi('GQ ≥ 20 → ok – café ✓')).toBe('GQ >= 20 -> ok – café ?');
  });
});

describe('the same content as FHIR Genomics Reporting resources', () => {
  it('builds variant, molecular-consequence and diagnostic-implication Observations in a genomic-report, valid FHIR R4', () => {
    const content = buildDiagnosticReportContent(reportInput());
    const { report, observations, bundle } = buildGenomicReportResources(content, { pdf: Buffer.from('%PDF-1.3 test') });
    const profiles = observations.map((o) => (o.meta as { profile: string[] }).profile[0]);
    expect(profiles.filter((p) => p === PROFILE.variant)).toHaveLength(2); // COQ8A + the RET secondary finding
    expect(profiles.filter((p) => p === PROFILE.diagnosticImplication)).toHaveLength(2);
    expect((report.meta as { profile: string[] }).profile).toEqual(['http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/genomic-report']);
    expect(PROFILE.variant).toBe('http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant');
    expect(PROFILE.diagnosticImplication).toBe('http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/diagnostic-implication');
    expect((report.result as unknown[]).length).toBe(observations.length);
    expect(report.id).toBe(stableId('GD-2026-0042', 'report'));

    const issues = validateGenomicResources([...observations, report]);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(() => assertValidGenomicResources([...observations, report])).not.toThrow();
    expect((bundle.entry as unknown[]).length).toBe(observations.length + 1);

    const variant = observations[0] as { component: { code: { coding: { code: string }[] }; valueCodeableConcept?: { coding?: { code: string }[] }; valueString?: string }[] };
    const comp = (code: string) => variant.component.find((c) => c.code.coding[0].code === code)!;
    expect(comp('48004-6').valueCodeableConcept!.coding![0].code).toBe('NM_020247.4:c.1042C>T');
    expect(comp('48013-7').valueCodeableConcept!.coding![0].code).toBe('NC_000001.11');
    expect(comp('53034-5').valueCodeableConcept!.coding![0].code).toBe('LA6705-3');
    const implication = observations.find((o) => (o.meta as { profile: string[] }).profile[0] === PROFILE.diagnosticImplication)!;
    expect(JSON.stringify(implication.component)).toContain('LA26332-9'); // LOINC: Likely pathogenic
  });

  it('reports broken resources from both the FHIR R4 validator and the IG checks', () => {
    const { report, observations } = buildGenomicReportResources(buildDiagnosticReportContent(reportInput()));
    const broken = structuredClone(observations);
    (broken[0] as Record<string, unknown>).effectiveDateTime = 20261125; // R4: a dateTime string
    (broken[1] as Record<string, unknown>).interpretationText = 'x'; // not an Observation element
    (broken[0] as Record<string, unknown>).code = { text: 'variant' }; // IG: must be LOINC 69548-6
    delete (broken[2] as Record<string, unknown>).derivedFrom;
    const issues = validateGenomicResources([...broken, report]);
    expect(issues.filter((i) => i.source === 'fhir-r4').map((i) => i.resource)).toEqual([`Observation/${broken[0].id}`, `Observation/${broken[1].id}`]);
    expect(issues.some((i) => i.source === 'genomics-reporting-ig' && /69548-6/.test(i.message))).toBe(true);
    expect(issues.some((i) => i.source === 'genomics-reporting-ig' && /derivedFrom/.test(i.message))).toBe(true);
    try {
      assertValidGenomicResources([...broken, report]);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('diagnosis/fhir-invalid');
    }
  });

  it('GRCh38 chromosome accessions agree with the RefSeq accessions in ClinVar HGVS g. names', () => {
    const vcf = zlib.gunzipSync(fs.readFileSync(path.join(SHARED_DATA, 'clinvar/clinvar_20211025_GRCh38_vep-testset.vcf.gz'))).toString('utf8');
    let checked = 0;
    for (const line of vcf.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [chrom] = line.split('\t');
      const acc = /CLNHGVS=(N[CG]_\d+\.\d+):/.exec(line)?.[1];
      if (!acc) continue;
      const name = chrom === 'MT' ? 'chrM' : `chr${chrom}`;
      expect(GRCH38_REFSEQ[name], `${chrom} ${acc}`).toBe(acc);
      checked++;
    }
    expect(checked).toBe(50);
  });
});
