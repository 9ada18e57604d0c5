// The diagnostic report draws the recorded family as a pedigree (the Family tab's layout, shared/pedigree-layout.ts)
// above the table of members and the segregation of the reported variants. Read back two ways: the text
// (pdftotext -bbox: labels and numbers, drawing above the table) and the page image (pdftoppm, greyscale): each
// member's symbol is found under its label and checked for shape (a square's corner is inked, a circle's is not)
// and fill (affected filled, unaffected open). Page 1 is also saved as a PNG in test-results/ to look at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyVariant } from '../../../electron/main/services/diagnosis/acmg-classifier.ts';
import { loadPanelPack } from '../../../electron/main/services/diagnosis/panel-pack.ts';
import { buildDiagnosticReportContent } from '../../../electron/main/services/diagnosis/report-content.ts';
import { reportPedigreePeople, writeDiagnosticReportPdf } from '../../../electron/main/services/diagnosis/report-pdf.ts';
import { PEDIGREE_SIZE } from '../../../shared/pedigree-layout.ts';
import type { ReportFamilyMember } from '../../../shared/schemas/diagnosis.ts';
import { REPO_ROOT, RESOURCES } from '../../helpers/paths.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const tmp = makeTempDir('genodesk-family-report-');
afterAll(() => tmp.cleanup());
const panels = loadPanelPack(path.join(RESOURCES, 'panels')).library.resolve([{ id: '1141', version: '2.7' }]);
const DPI = 144;
const PX = DPI / 72;

function report(family: ReportFamilyMember[]) {
  return buildDiagnosticReportContent({
    reportId: 'GD-2026-0099',
    issuedAt: '2026-12-07T10:00:00Z',
    laboratory: 'GenoDesk demo laboratory (test data)',
    patient: { id: 'son', nhsNumber: '9434765919', name: 'Son Ashkenazi', birthDate: '2000-01-01', sex: 'male' },
    referral: { clinicalIndication: 'Developmental delay' },
    build: 'GRCh37',
    panels,
    variants: [
      {
        key: 'chr1-155036260-C-T', chrom: 'chr1', pos: 155036260, ref: 'C', alt: 'T', gene: 'EFNA3', transcript: null, hgvsc: null, hgvsp: null, terms: ['missense_variant'],
        zygosity: 'heterozygous', classification: classifyVariant([{ code: 'PS2', strength: 'strong' }, { code: 'PM2', strength: 'supporting' }]), tier: 2,
        segregation: 'de novo (parents tested, every quality check passed)',
      },
    ],
    secondaryFindings: { status: 'not-consented' },
    family,
  });
}

interface Word { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/** Page 1's words with their boxes in points (pdftotext -bbox). */
function words(pdf: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5], xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]),
  }));
}

/** Page 1 in greyscale (0 black … 255 white) from pdftoppm's binary PGM. */
function greyPage(pdf: string): { width: number; height: number; at: (xPt: number, yPt: number) => number } {
  const prefix = path.join(tmp.dir, `${path.basename(pdf, '.pdf')}-grey`);
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const bytes = fs.readFileSync(`${prefix}.pgm`);
  const header = bytes.subarray(0, 40).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  const [width, height, offset] = [Number(header[1]), Number(header[2]), header[0].length];
  return { width, height, at: (x, y) => bytes[offset + Math.round(y * PX) * width + Math.round(x * PX)] };
}

/** Mean grey over a square of `side` points centred on (x, y). */
function mean(page: ReturnType<typeof greyPage>, x: number, y: number, side: number): number {
  let sum = 0;
  let n = 0;
  for (let dy = -side / 2; dy <= side / 2; dy += 1 / PX) {
    for (let dx = -side / 2; dx <= side / 2; dx += 1 / PX) {
      sum += page.at(x + dx, y + dy);
      n++;
    }
  }
  return sum / n;
}

/** The word `name` in the drawing: its last occurrence above the members' table (the patient's own name is higher). */
function drawn(ws: Word[], name: string): Word {
  const tableTop = ws.find((w) => w.text === 'Member')!.yMin;
  const word = ws.filter((w) => w.text === name && w.yMax < tableTop).at(-1);
  if (!word) throw new Error(`no "${name}" above the family table on page 1`);
  return word;
}

/**
 * The symbol above the drawing's label `name` (the last occurrence above the members' table): its centre
 * is found by walking up from the label to the symbol's lower edge, so no placement is assumed.
 */
function symbolAbove(page: ReturnType<typeof greyPage>, ws: Word[], name: string) {
  const label = drawn(ws, name);
  const x = (label.xMin + label.xMax) / 2;
  let y = label.yMin - 1;
  while (y > label.yMin - 30 && page.at(x, y) > 128) y -= 1 / PX;
  if (y <= label.yMin - 30) return null;
  const half = PEDIGREE_SIZE / 2;
  const cy = y - half;
  return {
    filled: mean(page, x, cy, 8) < 100,
    open: mean(page, x, cy, 8) > 200,
    // A square's corner is on its outline; a circle passes 7.5 pt inside it (18·√2 − 18).
    corner: mean(page, x - half, cy - half, 3) < 200 ? 'inked' : 'blank',
  };
}

async function render(name: string, family: ReportFamilyMember[]) {
  const pdf = path.join(tmp.dir, `${name}.pdf`);
  await writeDiagnosticReportPdf(report(family), pdf);
  const out = path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(out, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(out, `${name}-page1`)]);
  return { pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }), ws: words(pdf), page: greyPage(pdf) };
}

const TRIO: ReportFamilyMember[] = [
  { name: 'Ashkenazi, Son', relation: 'proband', sex: 'male', affected: 'affected', patient: 'son', father: 'dad', mother: 'mum' },
  { name: 'Ashkenazi, Mother', relation: 'mother', sex: 'female', affected: 'unaffected', patient: 'mum', father: null, mother: null },
  { name: 'Ashkenazi, Father', relation: 'father', sex: 'male', affected: 'unaffected', patient: 'dad', father: null, mother: null },
];

describe('report with a family', () => {
  it('draws a trio: the affected son a filled square with the arrow, the parents open, then the table and the segregation', async () => {
    const { text, ws, page } = await render('diagnostic-report-pedigree-trio', TRIO);
    for (const s of ['Family', 'Ashkenazi, Mother', 'unaffected', 'Segregation of the reported variants', 'de novo (parents tested', 'I-1', 'I-2', 'II-1', 'proband']) expect(text).toContain(s);
    // The drawing (its numbers and generation numerals) is above the members' table.
    const tableHeader = ws.find((w) => w.text === 'Member')!;
    for (const n of ['I', 'II', 'I-1', 'II-1', 'P']) expect(ws.find((w) => w.text === n)!.yMax).toBeLessThan(tableHeader.yMin);
    // The table lists members in the drawing's order.
    const rows = ['I-1', 'I-2', 'II-1'].map((n) => ws.filter((w) => w.text === n).at(-1)!.yMin);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(symbolAbove(page, ws, 'Son')).toMatchObject({ filled: true, corner: 'inked' });
    expect(symbolAbove(page, ws, 'Mother')).toMatchObject({ open: true, corner: 'blank' });
    expect(symbolAbove(page, ws, 'Father')).toMatchObject({ open: true, corner: 'inked' });
    // The proband arrow's "P" is at the son's lower left.
    const [p, son] = [drawn(ws, 'P'), drawn(ws, 'Son')];
    expect(p.xMax).toBeLessThan(son.xMin);
    expect(p.yMin).toBeGreaterThan(drawn(ws, 'II').yMin);
  });

  it('draws siblings and an unaffected parent; a report stored before members had ids is drawn from the relations', async () => {
    const family: ReportFamilyMember[] = [
      { name: 'Lowe, Ada', relation: 'proband', sex: 'female', affected: 'affected' },
      { name: 'Lowe, Mary', relation: 'mother', sex: 'female', affected: 'affected' },
      { name: 'Lowe, John', relation: 'father', sex: 'male', affected: 'unaffected' },
      { name: 'Lowe, Tom', relation: 'sibling', sex: 'male', affected: 'affected' },
      { name: 'Lowe, Kit', relation: 'sibling', sex: 'unknown', affected: 'unaffected' },
    ];
    const { people, probandId } = reportPedigreePeople(family)!;
    expect(people.find((p) => p.id === probandId)!.mother).toBe(people[1].id);
    const { text, ws, page } = await render('diagnostic-report-pedigree-siblings', family);
    for (const s of ['Lowe, Tom', 'II-3', 'sibling']) expect(text).toContain(s);
    expect(symbolAbove(page, ws, 'Ada')).toMatchObject({ filled: true, corner: 'blank' });
    expect(symbolAbove(page, ws, 'Mary')).toMatchObject({ filled: true, corner: 'blank' });
    expect(symbolAbove(page, ws, 'John')).toMatchObject({ open: true, corner: 'inked' });
    expect(symbolAbove(page, ws, 'Tom')).toMatchObject({ filled: true, corner: 'inked' });
    // A diamond's corner box is empty too; its centre is open.
    expect(symbolAbove(page, ws, 'Kit')).toMatchObject({ open: true, corner: 'blank' });
    // The children stand on one line, below the parents.
    const y = (n: string) => drawn(ws, n).yMin;
    expect(Math.abs(y('Ada') - y('Tom'))).toBeLessThan(1);
    expect(y('John')).toBeLessThan(y('Ada'));
  });
});
