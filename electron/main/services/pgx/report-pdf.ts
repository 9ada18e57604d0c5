// The clinician's pharmacogenomics report: drug-centric (what to do with each medicine first), then the
// genotype results behind it, then the limitations a clinical scientist needs to sign it off, and the data
// versions and attributions. Drawn from a PgxResult only, so the PDF shows exactly what the app and CLI show.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { PgxGeneResult, PgxRecommendation, PgxResult } from '../../../../shared/schemas/pgx.ts';

/** Passed in by the caller; the report does not look anything up. */
export interface PgxReportPatient {
  name: string;
  nhsNumber?: string;
  birthDate?: string;
  sex?: string;
  sampleId?: string;
  requestedBy?: string;
  specimen?: string;
  /** Local reference of the report (e.g. lab number). */
  reportReference?: string;
}

/** Drawing calls, in the report's own style, for a section another domain contributes (see firstPageSection). */
export interface PgxReportSectionDraw {
  heading(text: string): void;
  paragraph(text: string, size?: number): void;
  /** Column widths are fractions of the page's content width. */
  table<T>(columns: { header: string; width: number; get: (row: T) => string; bold?: boolean }[], rows: T[]): void;
}

export interface PgxReportOptions {
  /**
   * Hook for the medication review (issue 16, services/medicines): drawn on page 1 before the genotype's
   * recommendations, because what the patient takes now is what a prescriber acts on first.
   */
  firstPageSection?: (draw: PgxReportSectionDraw) => void;
  generatedAt?: Date;
  /** Where the genotypes came from, e.g. the imported file name. */
  genotypeSource?: string;
  organisation?: string;
}

const MARGIN = 42;
const BLUE = '#005EB8'; // NHS blue
const DARK = '#212B32';
const GREY = '#4C6272';
const LIGHT = '#E8EDEE';
const WARN = '#FFEB3B';

/** The standard PDF fonts only cover WinAnsi; spell the few other symbols guideline text uses. */
function pdfText(s: string): string {
  return s
    .replace(/≥/g, '>=')
    .replace(/≤/g, '<=')
    .replace(/[\u2009\u202F\u00A0]/g, ' ')
    .replace(/\t/g, ' ')
    .replace(/[^\n\r\u0020-\u007E\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026\u20AC]/g, '?');
}

type Doc = InstanceType<typeof PDFDocument>;

interface Column {
  header: string;
  width: number;
  get: (row: never) => string;
  bold?: boolean;
}

function contentWidth(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

function ensureSpace(doc: Doc, height: number, onNewPage?: () => void): void {
  if (doc.y + height > doc.page.height - MARGIN - 24) {
    doc.addPage();
    onNewPage?.();
  }
}

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(pdfText(text), MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveTo(MARGIN, doc.y + 2).lineTo(MARGIN + contentWidth(doc), doc.y + 2).lineWidth(0.8).strokeColor(BLUE).stroke();
  doc.moveDown(0.5);
  doc.fillColor(DARK);
}

function paragraph(doc: Doc, text: string, size = 9, color = DARK): void {
  doc.font('Helvetica').fontSize(size).fillColor(color);
  ensureSpace(doc, doc.heightOfString(pdfText(text), { width: contentWidth(doc) }) + 4);
  doc.text(pdfText(text), MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

function table<T>(doc: Doc, columns: Column[], rows: T[], opts: { zebra?: boolean } = {}): void {
  const cols = columns as unknown as (Column & { get: (r: T) => string })[];
  const pad = 3;
  const drawHeader = () => {
    doc.font('Helvetica-Bold').fontSize(8);
    const h = Math.max(...cols.map((c) => doc.heightOfString(c.header, { width: c.width - 2 * pad }))) + 2 * pad;
    let x = MARGIN;
    const y = doc.y;
    doc.rect(MARGIN, y, cols.reduce((s, c) => s + c.width, 0), h).fill(BLUE);
    doc.fillColor('#FFFFFF');
    for (const c of cols) {
      doc.text(c.header, x + pad, y + pad, { width: c.width - 2 * pad });
      x += c.width;
    }
    doc.fillColor(DARK);
    doc.y = y + h;
  };
  ensureSpace(doc, 40);
  drawHeader();
  rows.forEach((r, i) => {
    const cells = cols.map((c) => pdfText(c.get(r)));
    const heights = cols.map((c, k) => {
      doc.font(c.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
      return doc.heightOfString(cells[k] || ' ', { width: c.width - 2 * pad });
    });
    const h = Math.max(...heights) + 2 * pad;
    ensureSpace(doc, h, drawHeader);
    const y = doc.y;
    const total = cols.reduce((s, c) => s + c.width, 0);
    if (opts.zebra && i % 2 === 1) doc.rect(MARGIN, y, total, h).fill(LIGHT);
    doc.fillColor(DARK);
    let x = MARGIN;
    cols.forEach((c, k) => {
      doc.font(c.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8).text(cells[k], x + pad, y + pad, { width: c.width - 2 * pad });
      x += c.width;
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + total, y + h).lineWidth(0.3).strokeColor('#AEB7BD').stroke();
    doc.y = y + h;
  });
  doc.x = MARGIN;
  doc.moveDown(0.4);
}

function geneSummary(g: PgxGeneResult | undefined): string {
  if (!g) return 'no result';
  const call = g.haplotypes.length > 0 ? `variants ${g.haplotypes.join(', ')}` : g.diplotypes.length > 0 ? g.diplotypes.join(' or ') : 'not called';
  // HLA allele-status results hold together ("*57:01 positive, *58:01 negative"); others are alternatives
  const phen = g.callStatus === 'not-interpretable' ? 'NOT INTERPRETABLE (used as No Result)' : g.phenotypes.filter((p) => p !== 'n/a').join(g.gene.startsWith('HLA-') ? ', ' : ' or ');
  return `${call}${phen ? ` – ${phen}` : ''}${g.activityScore ? ` (AS ${g.activityScore})` : ''}${g.source === 'outside-call' ? ' [outside call]' : ''}`;
}

function firstSentences(text: string, max = 320): string {
  // a heading line ("Other Considerations") keeps its break as a colon once lines are joined
  const flat = text.replace(/([^.:;!?\n])\n+/g, '$1: ').replace(/\n+/g, ' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('; '));
  return `${end > 120 ? cut.slice(0, end + 1) : cut.trimEnd()} … (full text in GenoDesk)`;
}

const LIMITATIONS = [
  'Scope. Only the allele-defining positions in PharmCAT\'s GRCh38 definitions were assessed. Variants elsewhere in the genes, novel alleles and rare variants not in the definitions are not detected; "*1"/"Reference" means none of the assessed variants was found, not that the gene is proven normal.',
  'Missing data. Positions absent from the sequencing file were NOT assumed to be reference; they are listed per gene in GenoDesk and alleles defined only there could not be called. Positions inside gVCF reference blocks were read as reference for single-nucleotide variants only (reference blocks cannot exclude insertions/deletions).',
  'Structural variation. Gene deletions, duplications, copy number and hybrid alleles are not detectable from a VCF. CYP2D6 is therefore not called from sequencing data; a CYP2D6 result shown here comes from an outside call (laboratory assay or a dedicated caller) and carries that source\'s limitations. HLA results likewise come only from outside typing.',
  'Phasing. Unless the data are phased, variants on the two copies of a gene cannot be separated; several diplotypes may fit, and all are listed. For NAT2, a single call is chosen by population frequency as PharmCAT does; for DPYD and RYR1 with unphased data the phenotype assumes the two lowest-function variants are on different copies.',
  'Data versions. Allele definitions and phenotype tables are newer than the bundled CPIC/DPWG recommendation data (see below). Alleles newer than the phenotype tables receive no phenotype; G6PD and RYR1 phenotype tables are not included in this release, so recommendations depending on them are not shown. Absence of a recommendation is not evidence that a drug is safe.',
  'Method. Diplotypes are called by GenoDesk\'s re-implementation of PharmCAT\'s published Named Allele Matcher method and agree with PharmCAT on its published test cases and worked example; input quality (QUAL/FILTER, depth) is not re-assessed, as in PharmCAT. Results assume the file belongs to this patient and is on GRCh38.',
  'Clinical use. Recommendations are those of the CPIC and DPWG guidelines for the genotype alone. They do not account for co-medication (phenoconversion), organ function, age, pregnancy, ancestry-specific evidence or indication, and must be interpreted by a qualified clinician alongside the full clinical picture. This report is not a substitute for a clinical scientist\'s review.',
];

export function renderPgxReportPdf(result: PgxResult, patient: PgxReportPatient, options: PgxReportOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: 'Pharmacogenomic report', Author: options.organisation ?? 'GenoDesk', Subject: `Pharmacogenomics for ${patient.name}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const generatedAt = options.generatedAt ?? new Date();
  const width = contentWidth(doc);

  // Title band
  doc.rect(0, 0, doc.page.width, 64).fill(BLUE);
  doc.fillColor('#FFFFFF').font('Helvetica-Bold').fontSize(18).text('Pharmacogenomic report', MARGIN, 18);
  doc.font('Helvetica').fontSize(9).text(pdfText(`${options.organisation ?? 'GenoDesk'} · CPIC and DPWG guideline recommendations for this patient's genotype`), MARGIN, 42);
  doc.fillColor(DARK);
  doc.y = 78;

  // Patient header
  const fields: [string, string | undefined][] = [
    ['Patient', patient.name],
    ['NHS number', patient.nhsNumber],
    ['Date of birth', patient.birthDate],
    ['Sex', patient.sex],
    ['Sample', patient.sampleId ?? result.sample ?? undefined],
    ['Specimen', patient.specimen],
    ['Requested by', patient.requestedBy],
    ['Report reference', patient.reportReference],
    ['Genotype source', options.genotypeSource],
    ['Report generated', generatedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'],
  ];
  const shown = fields.filter(([, v]) => v);
  const boxTop = doc.y;
  const half = Math.ceil(shown.length / 2);
  const rowH = 13;
  const boxH = half * rowH + 10;
  doc.rect(MARGIN, boxTop, width, boxH).lineWidth(0.8).strokeColor(GREY).stroke();
  shown.forEach(([k, v], i) => {
    const col = i < half ? 0 : 1;
    const row = i < half ? i : i - half;
    const x = MARGIN + 6 + col * (width / 2);
    const y = boxTop + 6 + row * rowH;
    doc.font('Helvetica-Bold').fontSize(8.5).fillColor(GREY).text(`${k}:`, x, y, { width: 90, lineBreak: false });
    doc.font('Helvetica').fillColor(DARK).text(pdfText(v as string), x + 92, y, { width: width / 2 - 104, lineBreak: false, ellipsis: true });
  });

  // What the reader must know before using any row below
  const notCalled = result.genes.filter((g) => g.callStatus === 'not-called' || g.callStatus === 'no-data').map((g) => g.gene);
  const warnTop = boxTop + boxH + 8;
  const notInterpretable = result.genes.filter((g) => g.callStatus === 'not-interpretable').map((g) => `${g.gene} (${g.diplotypes.join(' or ') || 'no diplotype'})`);
  const warnText = pdfText(`Genes not called: ${notCalled.length ? notCalled.join(', ') : 'none'}.${notInterpretable.length ? ` Not interpretable (outside call names an allele no bundled data knows; no phenotype or recommendation): ${notInterpretable.join('; ')}.` : ''} A medicine without a recommendation here is not shown to be safe. Read with the limitations at the end of this report.`);
  doc.font('Helvetica').fontSize(8.5);
  const warnH = doc.heightOfString(warnText, { width: width - 12 }) + 10;
  doc.rect(MARGIN, warnTop, width, warnH).fill(WARN);
  doc.fillColor(DARK).text(warnText, MARGIN + 6, warnTop + 5, { width: width - 12 });
  doc.y = warnTop + warnH + 4;
  doc.x = MARGIN;

  options.firstPageSection?.({
    heading: (text) => heading(doc, text),
    paragraph: (text, size) => paragraph(doc, text, size),
    table: (columns, rows) => table(doc, columns.map((c) => ({ ...c, width: c.width * width, get: c.get as (row: never) => string })), rows),
  });

  // Drug-centric summary
  heading(doc, 'Medicines: recommendations for this genotype');
  const geneByName = new Map(result.genes.map((g) => [g.gene, g]));
  const byDrug = new Map<string, PgxRecommendation[]>();
  for (const r of result.recommendations) byDrug.set(r.drug, [...(byDrug.get(r.drug) ?? []), r]);
  const drugs = [...byDrug.keys()].sort((a, b) => a.localeCompare(b));
  const rows = drugs.flatMap((drug) => byDrug.get(drug)!.map((r) => ({ drug, r })));
  table(doc, [
    { header: 'Medicine', width: 78, bold: true, get: (x: { drug: string }) => x.drug },
    { header: 'Gene result', width: 118, get: (x: { r: PgxRecommendation }) => x.r.genes.map((g) => `${g}: ${geneSummary(geneByName.get(g))}`).join('\n') },
    { header: 'Guideline', width: 46, get: (x: { r: PgxRecommendation }) => `${x.r.source}${x.r.population && x.r.population !== 'general' ? `\n(${x.r.population})` : ''}` },
    { header: 'Recommendation', width: width - 78 - 118 - 46 - 62, get: (x: { r: PgxRecommendation }) => firstSentences(x.r.recommendation) + (x.r.warnings.some((w) => w.code === 'ambiguous-call') ? '\n[Ambiguous genotype: see gene table]' : '') },
    { header: 'Strength', width: 62, get: (x: { r: PgxRecommendation }) => (x.r.classification === 'N/A' ? 'not graded' : x.r.classification ?? 'not graded') },
  ] as Column[], rows, { zebra: true });

  // Genotype table
  heading(doc, 'Genotype results');
  table(doc, [
    { header: 'Gene', width: 52, bold: true, get: (g: PgxGeneResult) => g.gene },
    { header: 'Result', width: 150, get: (g: PgxGeneResult) => (g.haplotypes.length ? `Variants: ${g.haplotypes.join(', ')}` : g.diplotypes.length ? g.diplotypes.join('\nor ') : g.callStatus === 'no-data' ? 'No data' : 'Not called') },
    { header: 'Phenotype', width: 110, get: (g: PgxGeneResult) => g.callStatus === 'not-interpretable' ? 'NOT INTERPRETABLE' : g.phenotypes.filter((p) => p !== 'n/a').join(g.gene.startsWith('HLA-') ? '\n' : '\nor ') || (g.phenotypes.includes('n/a') ? 'not assigned' : '—') },
    { header: 'Activity', width: 40, get: (g: PgxGeneResult) => g.activityScore ?? '' },
    { header: 'Source / coverage', width: width - 52 - 150 - 110 - 40, get: (g: PgxGeneResult) => `${g.source === 'outside-call' ? 'Outside call' : `Sequencing; ${g.missingPositions.length} position(s) missing${g.referenceBlockPositions.length ? `, ${g.referenceBlockPositions.length} from reference blocks` : ''}${g.phased ? ', phased' : ''}`}` },
  ] as Column[], result.genes, { zebra: true });

  const notable = result.genes.flatMap((g) => g.warnings.filter((w) => w.severity === 'warning' && !['definitions-newer-than-phenotypes'].includes(w.code)).map((w) => `${g.gene}: ${w.message}`));
  if (notable.length) {
    heading(doc, 'Notes on individual genes');
    for (const n of notable.slice(0, 40)) paragraph(doc, `• ${n}`, 8);
    if (notable.length > 40) paragraph(doc, `… and ${notable.length - 40} more in GenoDesk.`, 8, GREY);
  }

  if (result.unmatchedGuidelines.length) {
    heading(doc, 'Guidelines without a recommendation for this patient');
    const grouped = new Map<string, string[]>();
    for (const u of result.unmatchedGuidelines) grouped.set(u.reason, [...(grouped.get(u.reason) ?? []), `${u.drug} (${u.source})`]);
    for (const [reason, ds] of grouped) paragraph(doc, `• ${[...new Set(ds)].join(', ')}: ${reason}`, 8);
  }

  heading(doc, 'Limitations');
  for (const l of LIMITATIONS) paragraph(doc, `• ${l}`, 8.5);

  heading(doc, 'Data versions and sources');
  const v = result.dataVersions;
  paragraph(doc, `Genome build: ${v.genomeBuild}. Allele definitions: ${v.definitions.version} (PharmCAT ${v.definitions.commit.slice(0, 8)}, ${v.definitions.commitDate}). Phenotype tables: ${v.phenotypes.version}; CYP2D6 phenotypes: CPIC ${v.cyp2d6Phenotypes.version}${v.cyp2d6DpwgPhenotypes ? `, DPWG ${v.cyp2d6DpwgPhenotypes.version}` : ''}${v.g6pdPhenotypes ? `; G6PD ${v.g6pdPhenotypes.version} (${v.g6pdPhenotypes.commitDate})` : ''}${v.ryr1Phenotypes ? `; RYR1 ${v.ryr1Phenotypes.version}` : ''}. CPIC/DPWG recommendations: ${v.guidelines.version} (PharmCAT ${v.guidelines.commit.slice(0, 8)}). Bundle ${v.bundle}. Matching options: ${result.options.topCandidateOnly ? 'top-scoring diplotypes' : 'all candidate diplotypes'}${result.options.findCombinations ? ', combinations (research)' : ''}${result.options.callCyp2d6 ? ', CYP2D6 from VCF (research)' : ''}.`, 8.5);
  // Version skew is per gene: a map older than the allele definitions cannot phenotype the newer alleles.
  const skew = result.genes.flatMap((g) => g.warnings.filter((w) => w.code === 'definitions-newer-than-phenotypes').map((w) => `${g.gene}: ${w.message}`));
  if (skew.length) paragraph(doc, `Allele definitions newer than the phenotype maps, per gene. ${skew.join(' ')}`, 8, GREY);
  paragraph(doc, 'Sources: CPIC guidelines (cpicpgx.org, CC0); DPWG guidelines of the Royal Dutch Pharmacists Association (KNMP) via ClinPGx/PharmGKB. Guideline annotations: ClinPGx/PharmGKB (www.clinpgx.org), licensed under CC BY-SA 4.0. Allele definitions: CPIC/ClinPGx and PharmVar. Data prepared by PharmCAT (pharmcat.clinpgx.org, MPL-2.0).', 8, GREY);

  // footers
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // writing below the bottom margin would make pdfkit start a new page
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor(GREY).text(pdfText(`${patient.name}${patient.nhsNumber ? ` · NHS ${patient.nhsNumber}` : ''} · Pharmacogenomic report · page ${i + 1} of ${range.count}`), MARGIN, doc.page.height - MARGIN + 8, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

export async function writePgxReportPdf(file: string, result: PgxResult, patient: PgxReportPatient, options: PgxReportOptions = {}): Promise<void> {
  fs.writeFileSync(file, await renderPgxReportPdf(result, patient, options));
}
