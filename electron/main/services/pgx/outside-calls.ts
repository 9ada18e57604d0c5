// PharmCAT's outside-call TSV (docs/Outside-Call-Format.md): gene, diplotype, phenotype, activity score,
// one gene per line, '#' comments. Outside calls (a CYP2D6 call from a lab or from Aldy/StellarPGx, HLA
// typing) replace what the VCF gives for that gene. Names are checked against the bundled data so a typo
// or a name from another nomenclature version fails loudly instead of giving no recommendation quietly.
import { AppError } from '../../../../shared/errors.ts';
import type { PgxOutsideCall, PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { PgxData } from './pgx-data.ts';
import { HLA_LOOKUP_ALLELES, normalisePhenotype } from './phenotyper.ts';

/** Genes PharmCAT accepts only as outside calls (no allele definitions to match from VCF). */
export const OUTSIDE_ONLY_GENES = ['HLA-A', 'HLA-B', 'MT-RNR1'] as const;

export interface ValidatedOutsideCall extends PgxOutsideCall {
  /** Allele names after PharmCAT's conventions (gene prefix stripped, HLA to two fields, suballeles dropped). */
  alleles: string[] | null;
  warnings: PgxWarning[];
}

export function knownOutsideCallGenes(pgx: PgxData): string[] {
  return [...new Set([...pgx.genes, ...OUTSIDE_ONLY_GENES])].sort();
}

function malformed(message: string, details: Record<string, unknown>): AppError {
  return new AppError('pgx/outside-call-malformed', message, details);
}

const HLA_ALLELE = /^\*\d{2,4}(:\d{2,4}){1,3}[A-Z]?$/;

/** Allele spelling conventions from Outside-Call-Format.md ("Diplotypes"). */
function normaliseAllele(gene: string, raw: string): string {
  let a = raw.trim();
  const prefixes = [gene, gene.replace('-', ''), gene.startsWith('HLA-') ? gene.slice(4) : null].filter((x): x is string => !!x);
  for (const p of prefixes) {
    if (a.toUpperCase().startsWith(p.toUpperCase()) && a.length > p.length && (a[p.length] === '*' || a[p.length] === ' ')) {
      a = a.slice(p.length).trim();
      break;
    }
  }
  if (gene.startsWith('HLA-')) {
    // HLA-B *07:02:01:127 -> *07:02 (two-field resolution is what the guidelines use)
    const m = /^\*(\d{2,4}):(\d{2,4})/.exec(a);
    if (m) return `*${m[1]}:${m[2]}`;
    return a;
  }
  if (gene === 'CYP2D6') {
    // *4.024 -> *4 (suballele), *1x3 -> *1x≥3 where CPIC bins three or more copies
    a = a.replace(/^(\*\d+)\.\d+/, '$1').replace(/(\*\d+)\.\d+/g, '$1');
    a = a.replace(/x(\d+)$/, (_m, n: string) => (Number(n) >= 3 ? 'x≥3' : `x${n}`)).replace(/>=/g, '≥');
    a = a.replace(/\s*\+\s*/g, ' + ');
  }
  return a;
}

function splitDiplotype(text: string): string[] {
  // "/" separates the two gene copies except inside a "[a + b]" combination
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '/' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

function knownAlleleNames(pgx: PgxData, gene: string): Set<string> {
  const names = new Set<string>();
  if (pgx.hasDefinition(gene)) for (const na of pgx.definition(gene).namedAlleles) names.add(na.name);
  for (const src of ['CPIC', 'DPWG'] as const) {
    const p = pgx.phenotype(gene, src);
    if (!p) continue;
    for (const n of Object.keys(p.haplotypes)) names.add(n);
    for (const n of p.namedAlleles) names.add(n.name);
  }
  return names;
}

function checkAllele(pgx: PgxData, gene: string, allele: string, known: Set<string>, line: number, warnings: PgxWarning[]): void {
  if (gene.startsWith('HLA-')) {
    if (!HLA_ALLELE.test(allele)) throw new AppError('pgx/unknown-allele', `Line ${line}: "${allele}" is not an HLA allele name (expected e.g. *57:01).`, { gene, allele, line });
    return;
  }
  const parts = allele.startsWith('[') && allele.endsWith(']') ? allele.slice(1, -1).split(' + ').map((s) => s.trim()) : [allele];
  for (const p of parts) {
    if (known.has(p) || known.has(allele)) continue;
    if (gene === 'MT-RNR1' && known.has(`m.${p}`)) {
      // PharmCAT accepts this spelling but finds no phenotype for it; say so rather than silently
      // re-spelling a clinical variant name.
      warnings.push({ code: 'allele-spelling', severity: 'warning', message: `Line ${line}: MT-RNR1 "${p}" is not a name in the phenotype data; it looks like "m.${p}". As in PharmCAT, no phenotype is assigned; correct the outside-call file to "m.${p}" to get one.` });
      continue;
    }
    throw new AppError('pgx/unknown-allele', `Line ${line}: "${p}" is not a known ${gene} allele in the bundled data (${pgx.dataVersions().definitions.version}). Check the spelling and nomenclature version.`, { gene, allele: p, line });
  }
}

/** Parses and validates an outside-call file; throws a specific pgx/ error on the first bad line. */
export function parseOutsideCalls(text: string, pgx: PgxData): ValidatedOutsideCall[] {
  const known = new Set(knownOutsideCallGenes(pgx));
  const out: ValidatedOutsideCall[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((rawLine, i) => {
    const lineNo = i + 1;
    if (rawLine.trim() === '' || rawLine.startsWith('#')) return;
    const fields = rawLine.split('\t');
    if (fields.length > 4 && fields.slice(4).some((f) => f.trim() !== '')) {
      throw malformed(`Line ${lineNo} has more than 4 tab-separated fields (gene, diplotype, phenotype, activity score).`, { line: lineNo });
    }
    const gene = fields[0].trim();
    if (!known.has(gene)) {
      throw new AppError('pgx/unknown-gene', `Line ${lineNo}: "${gene}" is not a gene GenoDesk can report (known: ${[...known].join(', ')}).`, { gene, line: lineNo });
    }
    if (out.some((c) => c.gene === gene)) throw malformed(`Line ${lineNo}: ${gene} appears more than once; give one outside call per gene.`, { gene, line: lineNo });
    const diplotype = (fields[1] ?? '').trim() || null;
    const phenotypeRaw = (fields[2] ?? '').trim() || null;
    const activityScore = (fields[3] ?? '').trim() || null;
    if (!diplotype && !phenotypeRaw && !activityScore) {
      throw malformed(`Line ${lineNo}: ${gene} has no diplotype, phenotype or activity score.`, { gene, line: lineNo });
    }
    const warnings: PgxWarning[] = [];
    let alleles: string[] | null = null;
    if (diplotype) {
      const names = knownAlleleNames(pgx, gene);
      alleles = splitDiplotype(diplotype).map((a) => normaliseAllele(gene, a));
      if (alleles.length > 2 || alleles.some((a) => a === '')) throw malformed(`Line ${lineNo}: "${diplotype}" is not a diplotype (expected a/b or a single allele).`, { gene, line: lineNo });
      for (const a of alleles) checkAllele(pgx, gene, a, names, lineNo, warnings);
    }
    let phenotype: string | null = null;
    if (phenotypeRaw) {
      phenotype = canonicalPhenotype(pgx, gene, phenotypeRaw);
      if (phenotype === null) {
        throw malformed(`Line ${lineNo}: "${phenotypeRaw}" is not a ${gene} phenotype in the bundled data.`, { gene, phenotype: phenotypeRaw, line: lineNo });
      }
    }
    if (activityScore) {
      const scores = new Set((pgx.phenotype(gene, 'CPIC')?.diplotypes ?? []).map((r) => r.activityScore).filter((s): s is string => !!s));
      if (!scores.has(activityScore)) {
        throw malformed(`Line ${lineNo}: ${activityScore} is not a CPIC activity score for ${gene}${scores.size ? ` (known: ${[...scores].sort().join(', ')})` : ''}.`, { gene, activityScore, line: lineNo });
      }
    }
    out.push({ gene, diplotype, phenotype, activityScore, line: lineNo, alleles, warnings });
  });
  return out;
}

function canonicalPhenotype(pgx: PgxData, gene: string, raw: string): string | null {
  const norm = normalisePhenotype(raw);
  if (gene.startsWith('HLA-')) {
    const m = /^(\*\d{2,4}:\d{2,4})\s+(positive|negative)$/i.exec(raw.trim());
    return m && HLA_LOOKUP_ALLELES[gene].includes(m[1]) ? `${m[1]} ${m[2].toLowerCase()}` : null;
  }
  const p = pgx.phenotype(gene, 'CPIC');
  if (!p) return norm;
  const values = new Set<string>();
  for (const r of p.diplotypes) {
    values.add(r.generesult);
    values.add(r.lookupkey);
  }
  for (const v of values) if (v.toLowerCase() === norm.toLowerCase()) return v;
  return null;
}
