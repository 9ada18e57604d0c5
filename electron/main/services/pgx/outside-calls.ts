// PharmCAT's outside-call TSV (docs/Outside-Call-Format.md): gene, diplotype, phenotype, activity score,
// one gene per line, '#' comments. Outside calls (a CYP2D6 call from a lab or from Aldy/StellarPGx, HLA
// typing) replace what the VCF gives for that gene. Names are checked against the bundled data so a typo
// or a name from another nomenclature version fails loudly instead of giving no recommendation quietly.
import { AppError } from '../../../../shared/errors.ts';
import type { PgxOutsideCall, PgxWarning } from '../../../../shared/schemas/pgx.ts';
import type { PgxData } from './pgx-data.ts';
import { HLA_LOOKUP_ALLELES, normalisePhenotype } from './phenotyper.ts';
import { isStructuralName, parseGeneCopies } from './cyp2d6-structural.ts';

/** Genes PharmCAT accepts only as outside calls (no allele definitions to match from VCF). */
export const OUTSIDE_ONLY_GENES = ['HLA-A', 'HLA-B', 'MT-RNR1'] as const;

export interface ValidatedOutsideCall extends PgxOutsideCall {
  /** Allele names after PharmCAT's conventions (gene prefix stripped, HLA to two fields, suballeles dropped). */
  alleles: string[] | null;
  /**
   * Allele names no bundled data knows. With no phenotype or activity score on the line the gene is "not
   * interpretable" (no phenotype, no recommendation); the other lines of the file are still used.
   */
  unknownAlleles: string[];
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
function normaliseAllele(gene: string, raw: string, pgx: PgxData): string {
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
  if (gene === 'CYP2D6') return normaliseCyp2d6(a, pgx);
  return a;
}

/**
 * Legacy CYP2D6 names labs still print, each to its current PharmVar name (PharmVar CYP2D6 page:
 * "*4N" is now the suballele *4.013, whose function is that of *4).
 */
const CYP2D6_LEGACY_NAMES: Record<string, string> = { '*4N': '*4' };

/**
 * CYP2D6 spelling (Outside-Call-Format.md "Diplotypes" and "Gene duplications"): gene prefix on every unit,
 * suballeles (*4.024 -> *4), copy numbers (*1X3, *1x3 -> *1x≥3 where CPIC bins three or more copies of that
 * allele, xN kept), in-cis units joined by "+" without spaces; "[a + b]" stays PharmCAT's combination syntax.
 */
function normaliseCyp2d6(raw: string, pgx: PgxData): string {
  let a = raw.replace(/CYP2D6\s*(?=\*)/gi, '').replace(/>=/g, '≥');
  a = a.replace(/(\*\d+)\.\d+/g, '$1');
  if (a.startsWith('[')) return a.replace(/\s*\+\s*/g, ' + ');
  const mapNames = new Set(Object.keys(pgx.phenotype('CYP2D6', 'CPIC')?.activityValues ?? {}));
  return a.split(/\s*\+\s*/).map((unit) => {
    const m = /^(\*[0-9A-Za-z]+?)\s*[xX×]\s*(\d+|[nN]|≥\s*3)$/.exec(unit.trim());
    if (!m) return CYP2D6_LEGACY_NAMES[unit.trim()] ?? unit.trim();
    const base = CYP2D6_LEGACY_NAMES[m[1]] ?? m[1];
    const n = m[2].replace(/\s/g, '');
    if (/^n$/i.test(n)) return `${base}xN`;
    if (n === '≥3' || Number(n) >= 3) {
      // CPIC lists some exact multiples (*41x3) and bins others (*1x≥3); use whichever the map has.
      if (/^\d+$/.test(n) && mapNames.has(`${base}x${n}`)) return `${base}x${n}`;
      return mapNames.has(`${base}x≥3`) || n === '≥3' ? `${base}x≥3` : `${base}x${n}`;
    }
    return `${base}x${n}`;
  }).join('+');
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

/** The names an allele is made of: combination members, or CYP2D6 gene units without their copy number. */
function alleleParts(gene: string, allele: string): string[] {
  if (allele.startsWith('[') && allele.endsWith(']')) return allele.slice(1, -1).split(' + ').map((s) => s.trim());
  if (gene === 'CYP2D6' && isStructuralName(allele)) {
    const units = parseGeneCopies(allele);
    if (units) return units.map((u) => u.allele);
  }
  return [allele];
}

/** Returns the parts of the allele that no bundled data knows (empty when all are known). */
function checkAllele(gene: string, allele: string, known: Set<string>, line: number, warnings: PgxWarning[]): string[] {
  if (gene.startsWith('HLA-')) return HLA_ALLELE.test(allele) ? [] : [allele];
  const unknown: string[] = [];
  for (const p of alleleParts(gene, allele)) {
    if (known.has(p) || known.has(allele)) continue;
    if (gene === 'MT-RNR1' && known.has(`m.${p}`)) {
      // PharmCAT accepts this spelling but finds no phenotype for it; say so rather than silently
      // re-spelling a clinical variant name.
      warnings.push({ code: 'allele-spelling', severity: 'warning', message: `Line ${line}: MT-RNR1 "${p}" is not a name in the phenotype data; it looks like "m.${p}". As in PharmCAT, no phenotype is assigned; correct the outside-call file to "m.${p}" to get one.` });
      continue;
    }
    unknown.push(p);
  }
  return unknown;
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
    const unknownAlleles: string[] = [];
    let alleles: string[] | null = null;
    if (diplotype) {
      const names = knownAlleleNames(pgx, gene);
      alleles = splitDiplotype(diplotype).map((a) => normaliseAllele(gene, a, pgx));
      if (alleles.length > 2 || alleles.some((a) => a === '')) throw malformed(`Line ${lineNo}: "${diplotype}" is not a diplotype (expected a/b or a single allele).`, { gene, line: lineNo });
      for (const a of alleles) for (const u of checkAllele(gene, a, names, lineNo, warnings)) if (!unknownAlleles.includes(u)) unknownAlleles.push(u);
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
    if (unknownAlleles.length > 0) {
      const what = gene.startsWith('HLA-') ? 'an HLA allele name (expected e.g. *57:01)' : `a ${gene} allele in the bundled data (definitions ${pgx.dataVersions().definitions.version})`;
      const names = unknownAlleles.map((u) => `"${u}"`).join(', ');
      if (phenotype || activityScore) {
        // PharmCAT relies on the given phenotype/activity score; the diplotype is shown but not interpreted.
        warnings.push({ code: 'outside-allele-unknown', severity: 'warning', message: `Line ${lineNo}: ${names} ${unknownAlleles.length > 1 ? 'are not' : 'is not'} ${what}; the ${activityScore ? 'activity score' : 'phenotype'} given on the line is used instead.` });
        alleles = null;
      } else {
        warnings.push({ code: 'outside-allele-unknown', severity: 'warning', message: `Line ${lineNo}: ${names} ${unknownAlleles.length > 1 ? 'are not' : 'is not'} ${what}, so ${gene} is not interpretable: no phenotype and no ${gene} recommendation. Check the spelling and nomenclature version with the laboratory; the other genes in the file are used.` });
      }
    }
    out.push({ gene, diplotype, phenotype, activityScore, line: lineNo, alleles, unknownAlleles: phenotype || activityScore ? [] : unknownAlleles, warnings });
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
