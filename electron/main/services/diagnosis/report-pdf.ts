// The diagnostic report as a PDF for the clinician (pdfkit, A4). It draws only from the report content
// model, the same one the screen and the FHIR resources use.
// pdfkit's built-in Helvetica speaks WinAnsi only, so text is folded to that set (≥ → >=, etc.) rather than
// risk a missing glyph in a clinical document.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { layoutPedigree, PEDIGREE_KEY, type PedigreeLayout, type PedigreePerson } from '../../../../shared/pedigree-layout.ts';
import type { DiagnosticReportContent, ReportFamilyMember, SecondaryFinding } from '../../../../shared/schemas/diagnosis.ts';
import { AFFECTED, RELATIONS } from '../../../../shared/schemas/family.ts';
import { SEXES } from '../../../../shared/schemas/patient.ts';
import { formatNhsNumber } from '../../../../shared/nhs-number.ts';
import { CLASS_LABELS } from './acmg-classifier.ts';
import { criterionLabel } from './acmg-criteria.ts';
import { describeMoi } from './panelapp-moi.ts';
import { phenotypeLine } from './report-content.ts';

const WINANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const FOLD: Readonly<Record<string, string>> = { '≥': '>=', '≤': '<=', '−': '-', '→': '->', '×': 'x', '≈': '~' };

export function toWinAnsi(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WINANSI_EXTRA.has(ch) || ch === '\n') out += ch;
    else out += FOLD[ch] ?? '?';
  }
  return out;
}

const NHS_BLUE = '#005EB8';
const DARK = '#212B32';
const GREY = '#4C6272';
const LIGHT = '#E8EDEE';
const OUTCOME_COLOUR: Readonly<Record<DiagnosticReportContent['result']['outcome'], string>> = {
  positive: '#D5281B',
  inconclusive: '#ED8B00',
  negative: '#007F3B',
};
const OUTCOME_LABEL: Readonly<Record<DiagnosticReportContent['result']['outcome'], string>> = {
  positive: 'Positive: pathogenic or likely pathogenic variant identified',
  inconclusive: 'Inconclusive: variant(s) of uncertain significance only',
  negative: 'Negative: no reportable variant identified',
};

function nhsNumber(n: string | null): string {
  return n ? formatNhsNumber(n) : 'not recorded';
}

function formatDate(iso: string | null): string {
  if (!iso) return 'not recorded';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

interface Column {
  header: string;
  width: number;
}

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const PAGE_BOTTOM = 842 - 60;

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > PAGE_BOTTOM) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(12).fillColor(NHS_BLUE).text(toWinAnsi(text), MARGIN, doc.y);
  doc.moveTo(MARGIN, doc.y + 2).lineTo(595 - MARGIN, doc.y + 2).lineWidth(0.5).strokeColor(NHS_BLUE).stroke();
  doc.moveDown(0.4);
  doc.fillColor(DARK);
}

function table(doc: Doc, columns: Column[], rows: string[][]): void {
  const pad = 4;
  const drawRow = (cells: string[], header: boolean) => {
    doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    const heights = cells.map((c, i) => doc.heightOfString(toWinAnsi(c), { width: columns[i].width - 2 * pad }));
    const h = Math.max(...heights) + 2 * pad;
    if (doc.y + h > PAGE_BOTTOM) {
      doc.addPage();
      if (!header) drawRow(columns.map((c) => c.header), true);
    }
    const y = doc.y;
    let x = MARGIN;
    if (header) doc.rect(MARGIN, y, columns.reduce((s, c) => s + c.width, 0), h).fill(LIGHT);
    // The repeated header above may have left the bold font selected.
    doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor(DARK);
    cells.forEach((c, i) => {
      doc.text(toWinAnsi(c), x + pad, y + pad, { width: columns[i].width - 2 * pad });
      x += columns[i].width;
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + columns.reduce((s, c) => s + c.width, 0), y + h).lineWidth(0.3).strokeColor('#AEB7BD').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  // A header alone at the foot of a page says nothing: keep room for it and a first row.
  ensureSpace(doc, 44);
  drawRow(columns.map((c) => c.header), true);
  for (const r of rows) drawRow(r, false);
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, opts: { bold?: boolean; size?: number; colour?: string } = {}): void {
  doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size ?? 9.5).fillColor(opts.colour ?? DARK);
  ensureSpace(doc, doc.heightOfString(toWinAnsi(text), { width: 595 - 2 * MARGIN }));
  doc.text(toWinAnsi(text), MARGIN, doc.y, { width: 595 - 2 * MARGIN });
}

function bullets(doc: Doc, items: string[]): void {
  doc.font('Helvetica').fontSize(8.5).fillColor(DARK);
  for (const item of items) {
    const h = doc.heightOfString(toWinAnsi(item), { width: 595 - 2 * MARGIN - 12 });
    ensureSpace(doc, h + 2);
    const y = doc.y;
    doc.text('•', MARGIN, y);
    doc.text(toWinAnsi(item), MARGIN + 12, y, { width: 595 - 2 * MARGIN - 12 });
    doc.moveDown(0.15);
  }
}

function secondaryRows(flags: SecondaryFinding[]): string[][] {
  return flags.map((f) => [
    `${f.gene}\n(${f.category})`,
    f.variants.map((v) => `${[v.hgvsc, v.hgvsp].filter(Boolean).join(' ') || v.key} (${v.zygosity})`).join('\n'),
    f.reasons.slice(1, -1).join(' '),
  ]);
}

function oneOf<T extends string>(values: readonly T[], value: string, otherwise: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : otherwise;
}

/**
 * The report's family as pedigree people. Reports stored before members carried their patient id and parents
 * are drawn from the relations: the proband and siblings as children of the recorded mother and father.
 */
export function reportPedigreePeople(family: readonly ReportFamilyMember[]): { people: PedigreePerson[]; probandId: string } | null {
  const ids = family.map((m, i) => m.patient ?? `member-${i}`);
  const byRelation = (r: string) => ids[family.findIndex((m) => m.relation === r)] ?? null;
  const mother = byRelation('mother');
  const father = byRelation('father');
  const people = family.map((m, i) => {
    const child = m.relation === 'proband' || m.relation === 'sibling';
    return {
      id: ids[i],
      name: m.name,
      relation: oneOf(RELATIONS, m.relation, 'other'),
      sex: oneOf(SEXES, m.sex, 'unknown'),
      affected: oneOf(AFFECTED, m.affected, 'unknown'),
      father: m.father !== undefined ? m.father : child ? father : null,
      mother: m.mother !== undefined ? m.mother : child ? mother : null,
    };
  });
  const probandId = byRelation('proband');
  return probandId ? { people, probandId } : null;
}

/**
 * Draws the pedigree of `layout` (shared with the Family tab's SVG) at (x, y), scaled down to `maxWidth` when
 * wider; returns the height used. pdfkit places text by its top edge, SVG by its baseline: hence the 0.8 em shift.
 */
export function drawPedigree(doc: Doc, layout: PedigreeLayout, x: number, y: number, maxWidth: number): number {
  const scale = Math.min(1, maxWidth / layout.width);
  const half = layout.size / 2;
  const baseline = (size: number, yBase: number) => yBase - size * 0.8;
  doc.save();
  doc.translate(x, y).scale(scale);
  doc.lineWidth(1.5).strokeColor(DARK);
  for (const g of layout.generations) doc.font('Helvetica-Bold').fontSize(12).fillColor(DARK).text(g.label, g.x, baseline(12, g.y + 5), { lineBreak: false });
  for (const l of layout.lines) doc.moveTo(l.x1, l.y1).lineTo(l.x2, l.y2).stroke();
  for (const s of layout.symbols) {
    if (s.shape === 'square') doc.rect(s.x - half, s.y - half, layout.size, layout.size);
    else if (s.shape === 'circle') doc.circle(s.x, s.y, half);
    else doc.polygon([s.x, s.y - half], [s.x + half, s.y], [s.x, s.y + half], [s.x - half, s.y]);
    doc.fillAndStroke(s.filled ? DARK : 'white', DARK);
    doc.font('Helvetica').fillColor(DARK);
    if (s.statusUnknown) doc.fontSize(16).text('?', s.x - 10, baseline(16, s.y + 6), { width: 20, align: 'center', lineBreak: false });
    doc.fontSize(10).text(toWinAnsi(s.label), s.x - 52, baseline(10, s.y + half + 16), { width: 104, align: 'center', lineBreak: false });
    doc.fontSize(8.5).fillColor(GREY).text(s.number, s.x - 30, baseline(8.5, s.y + half + 29), { width: 60, align: 'center', lineBreak: false });
  }
  if (layout.arrow) {
    const a = layout.arrow;
    doc.moveTo(a.x1, a.y1).lineTo(a.x2, a.y2).stroke();
    doc.polygon(...a.head).fill(DARK);
    doc.font('Helvetica-Bold').fontSize(12).fillColor(DARK).text('P', a.label.x, baseline(12, a.label.y), { lineBreak: false });
  }
  doc.restore();
  doc.fillColor(DARK);
  return layout.height * scale;
}

/** Sort key of a pedigree number: generation first, then position; "-" (not drawn) last. */
function numberKey(n: string): number {
  const m = /^(I+)-(\d+)$/.exec(n);
  return m ? m[1].length * 1000 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
}

// The recorded family (issue 14): the pedigree drawn as on the Family tab, its members as a table keyed by
// the drawing's numbers, and where each reported variant came from.
function familySection(doc: Doc, content: DiagnosticReportContent): void {
  const family = content.family ?? [];
  doc.moveDown(0.4);
  // Laboratories file a family's results under the pedigree number the clinical genetics service gave it.
  paragraph(doc, content.pedigreeNumber ? `Family (pedigree number ${content.pedigreeNumber})` : 'Family', { bold: true, size: 9.5 });
  const pedigree = reportPedigreePeople(family);
  const layout = pedigree ? layoutPedigree(pedigree.people, pedigree.probandId) : null;
  const numberOf = new Map<string, string>();
  if (pedigree && layout) {
    const width = 595 - 2 * MARGIN;
    const height = layout.height * Math.min(1, width / layout.width);
    ensureSpace(doc, height + 30);
    const top = doc.y + 4;
    // Centred on the page, as a figure.
    const drawnWidth = layout.width * Math.min(1, width / layout.width);
    drawPedigree(doc, layout, MARGIN + (width - drawnWidth) / 2, top, width);
    doc.x = MARGIN;
    doc.y = top + height + 2;
    const others = layout.others.length > 0 ? ` Not drawn: ${layout.others.map((o) => `${o.name} (${o.relation})`).join('; ')}.` : '';
    paragraph(doc, `${PEDIGREE_KEY}${others}`, { size: 7.5, colour: GREY });
    doc.moveDown(0.3);
    for (const s of layout.symbols) numberOf.set(s.person.id, s.number);
  }
  table(
    doc,
    [
      { header: 'No.', width: 40 },
      { header: 'Member', width: 185 },
      { header: 'Relation', width: 100 },
      { header: 'Sex', width: 75 },
      { header: 'Affected', width: 95 },
    ],
    // In the drawing's order (I-1, I-2, II-1, …), members not drawn last.
    family
      .map((m, i) => [pedigree ? (numberOf.get(pedigree.people[i].id) ?? '-') : '-', m.name, m.relation, m.sex, m.affected])
      .sort((a, b) => numberKey(a[0]) - numberKey(b[0])),
  );
  const segregated = content.variants.filter((v) => v.segregation);
  if (segregated.length > 0) {
    paragraph(doc, 'Segregation of the reported variants in the family', { bold: true, size: 8.5 });
    table(
      doc,
      [
        { header: 'Gene', width: 60 },
        { header: 'Variant', width: 175 },
        { header: 'Segregation', width: 260 },
      ],
      segregated.map((v) => [v.gene, [v.hgvsc, v.hgvsp].filter(Boolean).join(' ') || `${content.build} ${v.chrom}:${v.pos} ${v.ref}>${v.alt}`, v.segregation ?? '']),
    );
  }
}

/** Renders the report to PDF bytes. Deterministic for the same content (creation date = issue date). */
export function renderDiagnosticReportPdf(content: DiagnosticReportContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    // Small bottom margin so the footer fits; content stops at PAGE_BOTTOM itself.
    margins: { top: MARGIN, bottom: 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: toWinAnsi(`Genomic diagnostic report ${content.reportId}`),
      Author: toWinAnsi(content.laboratory),
      Subject: 'Genomic diagnostic report',
      Creator: 'GenoDesk',
      CreationDate: new Date(content.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Title band.
  doc.rect(0, 0, 595, 70).fill(NHS_BLUE);
  doc.fillColor('white').font('Helvetica-Bold').fontSize(18).text('Genomic diagnostic report', MARGIN, 20);
  doc.font('Helvetica').fontSize(9).text(toWinAnsi(`${content.laboratory}   |   Report ${content.reportId}   |   Issued ${formatDate(content.issuedAt)}`), MARGIN, 46);
  doc.fillColor(DARK);
  doc.y = 85;

  // Patient and referral.
  const p = content.patient;
  table(
    doc,
    [
      { header: 'Patient', width: 165 },
      { header: 'NHS number', width: 95 },
      { header: 'Date of birth', width: 95 },
      { header: 'Sex', width: 60 },
      { header: 'Genome build', width: 80 },
    ],
    [[p.name, nhsNumber(p.nhsNumber), formatDate(p.birthDate), p.sex, content.build]],
  );
  paragraph(doc, `Clinical indication: ${content.referral.clinicalIndication}`, { size: 9.5 });
  const phenotype = phenotypeLine(content.referral);
  if (phenotype) paragraph(doc, phenotype, { size: 8.5, colour: GREY });
  if (content.family && content.family.length > 0) familySection(doc, content);

  // Result.
  heading(doc, 'Result');
  const colour = OUTCOME_COLOUR[content.result.outcome];
  const label = OUTCOME_LABEL[content.result.outcome];
  doc.font('Helvetica-Bold').fontSize(10);
  const summaryHeight = doc.font('Helvetica').fontSize(9.5).heightOfString(toWinAnsi(content.result.summary), { width: 595 - 2 * MARGIN - 20 });
  ensureSpace(doc, summaryHeight + 34);
  const boxY = doc.y;
  doc.rect(MARGIN, boxY, 595 - 2 * MARGIN, summaryHeight + 30).lineWidth(1.5).strokeColor(colour).stroke();
  doc.rect(MARGIN, boxY, 5, summaryHeight + 30).fill(colour);
  doc.fillColor(colour).font('Helvetica-Bold').fontSize(10).text(label, MARGIN + 12, boxY + 7, { width: 595 - 2 * MARGIN - 20 });
  doc.fillColor(DARK).font('Helvetica').fontSize(9.5).text(toWinAnsi(content.result.summary), MARGIN + 12, boxY + 22, { width: 595 - 2 * MARGIN - 20 });
  doc.x = MARGIN;
  doc.y = boxY + summaryHeight + 36;

  // Classified variants.
  heading(doc, 'Classified variants');
  if (content.variants.length === 0) {
    paragraph(doc, 'No variant was classified for this report.');
  } else {
    table(
      doc,
      [
        { header: 'Gene', width: 50 },
        { header: 'Variant (HGVS)', width: 155 },
        { header: 'Zygosity / inheritance', width: 90 },
        { header: 'Classification', width: 80 },
        { header: 'ACMG/ACGS criteria', width: 120 },
      ],
      content.variants.map((v) => [
        v.gene,
        [v.transcript && v.hgvsc && !v.hgvsc.startsWith(v.transcript) ? `${v.transcript}:` : '', v.hgvsc ?? '', v.hgvsp ? `\n${v.hgvsp}` : '', `\n${content.build} ${v.chrom}:${v.pos} ${v.ref}>${v.alt}`]
          .join('')
          .trim(),
        `${v.zygosity}${v.moi ? `\n${describeMoi(v.moi)}` : ''}`,
        `${CLASS_LABELS[v.acmgClass]}\n(${v.points} points)`,
        v.criteria.map((c) => criterionLabel(c.code, c.strength)).join(', ') || 'none',
      ]),
    );
    for (const v of content.variants) {
      const notes = [
        v.condition ? `Condition: ${v.condition}.` : null,
        v.classificationComment ? `Comment: ${v.classificationComment}` : null,
        v.phaseNote,
      ].filter(Boolean);
      if (notes.length > 0) paragraph(doc, `${v.gene}: ${notes.join(' ')}`, { size: 8.5, colour: GREY });
    }
  }

  // Panels.
  heading(doc, 'Panels applied');
  table(
    doc,
    [
      { header: 'Panel', width: 250 },
      { header: 'PanelApp id', width: 70 },
      { header: 'Version', width: 60 },
      { header: 'Source', width: 115 },
    ],
    content.panels.map((pn) => [pn.name, pn.id, pn.version, pn.source]),
  );

  // Secondary findings.
  heading(doc, 'Secondary (additional) findings');
  if (content.secondaryFindings.status === 'not-consented') {
    paragraph(doc, 'Not sought: the patient did not consent to additional findings.');
  } else if (content.secondaryFindings.flags.length === 0) {
    paragraph(doc, `None identified in the ACMG SF v${content.secondaryFindings.listVersion} genes.`);
  } else {
    table(
      doc,
      [
        { header: 'Gene', width: 70 },
        { header: 'Variant', width: 170 },
        { header: 'Why it is reported', width: 255 },
      ],
      secondaryRows(content.secondaryFindings.flags),
    );
  }

  heading(doc, 'Method');
  bullets(doc, content.method);
  heading(doc, 'Limitations');
  bullets(doc, content.limitations);

  if (content.authorisedBy) {
    doc.moveDown(0.5);
    paragraph(doc, `Authorised by ${content.authorisedBy}`, { bold: true });
  }

  // Footer on every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('Helvetica').fontSize(7.5).fillColor(GREY);
    doc.text(toWinAnsi(`${p.name} | NHS ${nhsNumber(p.nhsNumber)} | Report ${content.reportId} | Page ${i + 1} of ${range.count} | GenoDesk`), MARGIN, 842 - 35, {
      width: 595 - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}

export async function writeDiagnosticReportPdf(content: DiagnosticReportContent, file: string): Promise<void> {
  const bytes = await renderDiagnosticReportPdf(content);
  // Write then rename so a crash never leaves a half-written report where a finished one is expected.
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

