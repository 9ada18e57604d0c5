// Turns what a genotype source holds at one allele-defining position into the sample's two alleles, spelt
// the way the definition spells them. PharmCAT itself only accepts a record whose POS and REF equal the
// definition's; a pipeline that writes the UGT1A1 *28 insertion as C>CAT instead of CAT>CATAT, or that
// splits a multi-allelic NUDT15 site into two records, would then be "missing" there. Here each record
// allele is compared with each definition allele after trimming shared bases (the rule the import uses,
// normalise-allele.ts), and split records at one site are merged back into one genotype.
import type { PgxWarning } from '../../../../shared/schemas/pgx.ts';
import { trimAllele, isSymbolicAlt } from '../vcf/normalise-allele.ts';
import type { DefinitionVariant } from './pgx-data.ts';
import type { PgxGenotypeSource, VcfRecordGenotype } from './genotype-source.ts';

export interface SampleAllele {
  chrom: string;
  pos: number;
  /** Alleles in GT order, in definition spelling; null = '.' or absent (haploid). */
  allele1: string | null;
  allele2: string | null;
  /** As matched: undocumented ALTs replaced by REF where PharmCAT does so; '.' for a missing half-call. */
  computed1: string | null;
  computed2: string | null;
  phased: boolean;
  effectivelyPhased: boolean;
  phaseSet: string | null;
  vcfCall: string;
  undocumented: string[];
  treatedUndocumentedAsReference: boolean;
  evidence: 'record' | 'reference-block';
}

const HAPLOID_CHROMS = new Set(['chrY', 'chrM']);
const PLAIN_BASES = /^[ACGT]+$/;

export interface AlleleReadContext {
  gene: string;
  /** CACNA1S, DPYD, G6PD, NUDT15, RYR1, TPMT: undocumented ALTs at their positions read as reference. */
  treatUndocumentedAsReference: boolean;
  warnings: PgxWarning[];
}

function warn(ctx: AlleleReadContext, locus: DefinitionVariant, code: string, message: string, severity: PgxWarning['severity'] = 'warning'): void {
  ctx.warnings.push({ code, severity, message: `${locus.chromosome}:${locus.position}${locus.rsid ? ` (${locus.rsid})` : ''}: ${message}` });
}

function sameVariant(a: { pos: number; ref: string; alt: string }, b: { pos: number; ref: string; alt: string }): boolean {
  return a.pos === b.pos && a.ref.toUpperCase() === b.ref.toUpperCase() && a.alt.toUpperCase() === b.alt.toUpperCase();
}

/**
 * Spell one record allele as the definition spells alleles at `locus`: its REF, one of its ALTs, or (if
 * the change does not touch the locus) its REF; anything else is an undocumented variation, returned in
 * trimmed "pos:REF>ALT" form so it can never match a defined allele by accident.
 */
function mapRecordAllele(rec: VcfRecordGenotype, allele: string, locus: DefinitionVariant): string {
  const up = allele.toUpperCase();
  if (up === rec.ref.toUpperCase()) return locus.ref;
  if (rec.pos === locus.position && rec.ref.toUpperCase() === locus.ref.toUpperCase()) return up;
  const t = trimAllele(rec.pos, rec.ref.toUpperCase(), up);
  for (const alt of locus.alts) {
    if (sameVariant(t, trimAllele(locus.position, locus.ref, alt))) return alt;
  }
  const locusEnd = locus.position + locus.ref.length - 1;
  const changeEnd = t.pos + t.ref.length - 1;
  // an insertion after the locus' last base, or a change wholly outside it, leaves the locus as reference
  const isInsertion = t.ref.length === 1 && t.alt.length > 1 && t.alt[0] === t.ref[0];
  if (changeEnd < locus.position || t.pos > locusEnd || (isInsertion && t.pos === locusEnd && locus.ref.length === 1 && !locus.alts.some((a) => a.length > 1))) {
    return locus.ref;
  }
  return `${t.pos}:${t.ref}>${t.alt}`;
}

interface RecordAlleles {
  rec: VcfRecordGenotype;
  alleles: (string | null)[];
}

function recordAlleles(rec: VcfRecordGenotype, locus: DefinitionVariant, ctx: AlleleReadContext): RecordAlleles | null {
  const all = [rec.ref, ...rec.alts];
  const alleles: (string | null)[] = [];
  for (const idx of rec.gt) {
    if (idx === null) {
      alleles.push(null);
      continue;
    }
    const a = all[idx];
    if (a === undefined) {
      warn(ctx, locus, 'invalid-gt', `GT allele ${idx} does not exist in the record (${rec.alts.length} ALT allele(s)); position treated as missing.`);
      return null;
    }
    if (idx > 0 && (isSymbolicAlt(a) || !PLAIN_BASES.test(a.toUpperCase()))) {
      warn(ctx, locus, 'unusable-alt', `the genotype uses ALT '${a}' (structural, missing or ambiguous allele); position treated as missing.`);
      return null;
    }
    alleles.push(mapRecordAllele(rec, a, locus));
  }
  if (!PLAIN_BASES.test(rec.ref.toUpperCase())) {
    warn(ctx, locus, 'unusable-ref', `REF '${rec.ref}' is not plain bases; position treated as missing.`);
    return null;
  }
  return { rec, alleles };
}

/** Several records at one site (split multi-allelic, or an indel overlapping a SNV): one diploid genotype. */
function mergeRecords(parts: RecordAlleles[], locus: DefinitionVariant, ctx: AlleleReadContext): { alleles: (string | null)[]; phased: boolean; ps: string | null } | null {
  const ref = locus.ref;
  const allPhased = parts.every((p) => p.rec.phased) && new Set(parts.map((p) => p.rec.ps ?? '')).size === 1;
  if (allPhased) {
    const width = Math.max(...parts.map((p) => p.alleles.length));
    const merged: (string | null)[] = [];
    for (let i = 0; i < width; i++) {
      const nonRef = new Set(parts.map((p) => p.alleles[i]).filter((a): a is string => a !== null && a !== undefined && a !== ref));
      if (nonRef.size > 1) {
        warn(ctx, locus, 'conflicting-records', `records at this site put different alleles on the same strand (${[...nonRef].join(', ')}); position treated as missing.`);
        return null;
      }
      const anyCalled = parts.some((p) => p.alleles[i] !== null && p.alleles[i] !== undefined);
      merged.push(nonRef.size === 1 ? [...nonRef][0] : anyCalled ? ref : null);
    }
    return { alleles: merged, phased: true, ps: parts[0].rec.ps };
  }
  const nonRef: string[] = [];
  let anyCalled = false;
  for (const p of parts) {
    for (const a of p.alleles) {
      if (a === null) continue;
      anyCalled = true;
      if (a !== ref) nonRef.push(a);
    }
  }
  if (nonRef.length > 2) {
    warn(ctx, locus, 'conflicting-records', `records at this site carry ${nonRef.length} non-reference alleles for a diploid genotype; position treated as missing.`);
    return null;
  }
  if (!anyCalled) return { alleles: [null, null], phased: false, ps: null };
  const alleles = [...nonRef];
  while (alleles.length < 2) alleles.unshift(ref);
  return { alleles, phased: false, ps: null };
}

/** Reads the sample at one definition position; null = missing (with a warning where there was data). */
export function readSampleAllele(source: PgxGenotypeSource, locus: DefinitionVariant, ctx: AlleleReadContext): SampleAllele | null {
  const site = source.lookup(locus.chromosome, locus.position);
  if (site.kind === 'missing') return null;
  const isSnv = locus.ref.length === 1 && locus.alts.every((a) => a.length === 1);
  if (site.kind === 'reference-block') {
    if (!isSnv) {
      // PharmCAT's VCF requirements: consecutive hom-ref bases are not evidence that an indel or repeat
      // allele is absent (a CAT>CATAT insertion sits inside a reference block just as well).
      warn(ctx, locus, 'reference-block-indel', 'inside a gVCF reference block, but this position defines an indel/repeat, which a reference block cannot rule out; treated as missing.');
      return null;
    }
    return {
      chrom: locus.chromosome,
      pos: locus.position,
      allele1: locus.ref,
      allele2: HAPLOID_CHROMS.has(locus.chromosome) ? null : locus.ref,
      computed1: locus.ref,
      computed2: HAPLOID_CHROMS.has(locus.chromosome) ? null : locus.ref,
      phased: false,
      effectivelyPhased: true,
      phaseSet: null,
      vcfCall: HAPLOID_CHROMS.has(locus.chromosome) ? locus.ref : `${locus.ref}/${locus.ref}`,
      undocumented: [],
      treatedUndocumentedAsReference: false,
      evidence: 'reference-block',
    };
  }

  const exact = site.records.filter((r) => r.pos === locus.position && r.ref.toUpperCase() === locus.ref.toUpperCase());
  let chosen: VcfRecordGenotype[];
  if (exact.length > 0) {
    // identical duplicates: PharmCAT keeps the first; different ALTs at one site: split multi-allelic, merge
    const distinct: VcfRecordGenotype[] = [];
    for (const r of exact) {
      if (distinct.some((d) => d.alts.join(',') === r.alts.join(','))) {
        warn(ctx, locus, 'duplicate-record', 'duplicate record found in the file; the first one is used.', 'info');
        continue;
      }
      distinct.push(r);
    }
    chosen = distinct;
  } else {
    chosen = site.records;
    const r0 = chosen[0];
    warn(ctx, locus, 'normalised-representation', `read from ${chosen.length} record(s) written differently from the definition (${chosen.map((r) => `${r.pos} ${r.ref}>${r.alts.join(',')}`).join('; ')}); alleles compared after trimming shared bases.`, 'info');
    if (!r0) return null;
  }

  const parts: RecordAlleles[] = [];
  for (const r of chosen) {
    const ra = recordAlleles(r, locus, ctx);
    if (!ra) return null;
    parts.push(ra);
  }
  let alleles: (string | null)[];
  let phased: boolean;
  let ps: string | null;
  if (parts.length === 1) {
    alleles = parts[0].alleles;
    phased = parts[0].rec.phased;
    ps = parts[0].rec.ps;
  } else {
    const merged = mergeRecords(parts, locus, ctx);
    if (!merged) return null;
    ({ alleles, phased, ps } = merged);
  }

  const nonMissing = alleles.filter((a): a is string => a !== null);
  if (nonMissing.length === 0) {
    warn(ctx, locus, 'no-call', `no call (GT ${alleles.map((a) => a ?? '.').join(phased ? '|' : '/')}); treated as missing.`, 'info');
    return null;
  }
  const haploid = HAPLOID_CHROMS.has(locus.chromosome);
  if (haploid && nonMissing.length > 1) {
    warn(ctx, locus, 'haploid-extra-alleles', `${nonMissing.length} alleles on a haploid chromosome; only the first is used.`);
  } else if (!haploid && nonMissing.length > 2) {
    warn(ctx, locus, 'extra-alleles', `${nonMissing.length} alleles in GT; only the first two are used.`);
  } else if (!haploid && nonMissing.length === 1 && alleles.length > 1 && locus.chromosome !== 'chrX') {
    if (nonMissing[0] === locus.ref) {
      warn(ctx, locus, 'half-call-reference', 'only one allele called and it is reference; treated as missing.', 'info');
      return null;
    }
    warn(ctx, locus, 'half-call', 'only one allele called; no diplotype can be called for this gene without the other.');
  }

  const a1 = alleles[0] ?? null;
  let a2: string | null = null;
  if (!haploid || a1 === null) a2 = alleles.length > 1 ? (alleles[1] ?? null) : null;
  const explicitSecondMissing = alleles.length > 1 && alleles[1] === null;

  const undocumented = new Set<string>();
  for (const a of [a1, a2]) {
    if (a !== null && a !== locus.ref && !locus.alts.includes(a)) undocumented.add(a);
  }
  let treated = false;
  const compute = (a: string | null, missingMark: boolean): string | null => {
    if (a === null) return missingMark ? '.' : null;
    if (ctx.treatUndocumentedAsReference && undocumented.has(a)) {
      treated = true;
      return locus.ref;
    }
    return a;
  };
  if (undocumented.size > 0) {
    warn(ctx, locus, 'undocumented-variation', `the sample has ${[...undocumented].join('/')}, which no ${ctx.gene} allele definition uses (expected ${locus.alts.join('/')})${ctx.treatUndocumentedAsReference ? '; as PharmCAT does for this gene, it is read as reference' : '; no allele can match here'}.`);
  }
  const computed1 = compute(a1, true);
  const computed2 = haploid && a1 !== null ? null : compute(a2, explicitSecondMissing);
  const unique = new Set(nonMissing.slice(0, haploid ? 1 : 2));
  const effectivelyPhased = phased ? !(ps !== null && unique.size > 1) : unique.size <= 1;
  const sep = phased ? '|' : '/';
  const vcfCall = computed2 === null && a2 === null && !explicitSecondMissing ? `${a1 ?? '.'}` : `${a1 ?? '.'}${sep}${a2 ?? '.'}`;
  return {
    chrom: locus.chromosome,
    pos: locus.position,
    allele1: a1,
    allele2: a2,
    computed1,
    computed2,
    phased,
    effectivelyPhased,
    phaseSet: phased ? ps : null,
    vcfCall,
    undocumented: [...undocumented],
    treatedUndocumentedAsReference: treated,
    evidence: 'record',
  };
}
