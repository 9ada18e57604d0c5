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

/**
 * The reference bases over the union of the locus' REF and the record's REF, when the two are contiguous
 * and agree where they overlap: enough to compare alleles written at different anchors without a FASTA.
 */
function sharedWindow(rec: VcfRecordGenotype, locus: DefinitionVariant): { start: number; bases: string } | null {
  const lEnd = locus.position + locus.ref.length - 1;
  const rEnd = rec.pos + rec.ref.length - 1;
  if (rec.pos > lEnd + 1 || rEnd < locus.position - 1) return null;
  const start = Math.min(rec.pos, locus.position);
  const end = Math.max(lEnd, rEnd);
  const bases: string[] = new Array(end - start + 1).fill('');
  const put = (pos: number, seq: string): boolean => {
    for (let i = 0; i < seq.length; i++) {
      const k = pos - start + i;
      if (bases[k] !== '' && bases[k] !== seq[i]) return false;
      bases[k] = seq[i];
    }
    return true;
  };
  if (!put(locus.position, locus.ref.toUpperCase()) || !put(rec.pos, rec.ref.toUpperCase())) return null;
  if (bases.some((b) => b === '')) return null;
  return { start, bases: bases.join('') };
}

function applyAllele(w: { start: number; bases: string }, pos: number, refLength: number, allele: string): string {
  const from = pos - w.start;
  return w.bases.slice(0, from) + allele + w.bases.slice(from + refLength);
}

/** Bases the change touches: a deletion or substitution's changed bases; an insertion is a point after `pos`. */
function changedSpan(pos: number, ref: string, alt: string): { from: number; to: number; insertionAfter: number | null } {
  const t = trimAllele(pos, ref, alt);
  if (t.ref.length === 1 && t.alt.length > 1 && t.alt[0] === t.ref[0]) return { from: t.pos + 1, to: t.pos, insertionAfter: t.pos };
  if (t.alt.length === 1 && t.ref.length > 1 && t.alt[0] === t.ref[0]) return { from: t.pos + 1, to: t.pos + t.ref.length - 1, insertionAfter: null };
  return { from: t.pos, to: t.pos + t.ref.length - 1, insertionAfter: null };
}

function isSnvLocus(locus: DefinitionVariant): boolean {
  return locus.ref.length === 1 && locus.alts.every((a) => a.length === 1);
}

/** The bases of the locus a definition allele changes (anchor bases shared by all alleles excluded). */
function locusCore(locus: DefinitionVariant): { from: number; to: number } {
  const all = [locus.ref, ...locus.alts];
  const anchored = all.every((a) => a[0] === locus.ref[0]) && all.some((a) => a.length !== locus.ref.length);
  return { from: locus.position + (anchored ? 1 : 0), to: locus.position + locus.ref.length - 1 };
}

type AlleleMapper = (allele: string) => string;

/**
 * How (and whether) a record speaks about the locus. The exact record (same POS and REF) is read as
 * PharmCAT reads it. Another record counts only when it is real evidence: a substitution covering an SNV
 * locus, an indel that spells one of the locus' alleles differently, or a deletion removing an SNV locus.
 * Hom-ref SNV records next to an indel locus are not evidence that the indel is absent.
 */
function recordMapper(rec: VcfRecordGenotype, locus: DefinitionVariant): AlleleMapper | null {
  const recRef = rec.ref.toUpperCase();
  if (rec.pos === locus.position && recRef === locus.ref.toUpperCase()) return (a) => a.toUpperCase();
  const plainAlts = rec.alts.filter((a) => !isSymbolicAlt(a));
  const recEnd = rec.pos + rec.ref.length - 1;
  const window = sharedWindow(rec, locus);
  const viaWindow = (a: string): string | null => {
    if (!window) return null;
    const hap = applyAllele(window, rec.pos, rec.ref.length, a.toUpperCase());
    if (hap === window.bases) return locus.ref;
    for (const alt of locus.alts) if (applyAllele(window, locus.position, locus.ref.length, alt) === hap) return alt;
    return null;
  };
  const core = locusCore(locus);
  const touches = (a: string): boolean => {
    const c = changedSpan(rec.pos, recRef, a.toUpperCase());
    if (c.insertionAfter !== null) return !isSnvLocus(locus) && c.insertionAfter >= core.from - 1 && c.insertionAfter <= core.to;
    return c.from <= core.to && c.to >= core.from;
  };
  const undocumented = (a: string) => {
    const t = trimAllele(rec.pos, recRef, a.toUpperCase());
    return `${t.pos}:${t.ref}>${t.alt}`;
  };
  if (isSnvLocus(locus)) {
    if (rec.pos > locus.position || recEnd < locus.position) return null;
    const substitution = plainAlts.every((a) => a.length === rec.ref.length);
    if (substitution) {
      return (a) => {
        const base = a.toUpperCase()[locus.position - rec.pos];
        return base === locus.ref ? locus.ref : locus.alts.includes(base) ? base : undocumented(a);
      };
    }
    // An indel starting elsewhere may only cover this base because it was not left-aligned (a deletion in a
    // repeat can be written at several places); PharmCAT would not read it here, so neither do we.
    if (rec.pos !== locus.position) return null;
    return (a) => viaWindow(a) ?? (touches(a) ? undocumented(a) : locus.ref);
  }
  if (!plainAlts.some((a) => { const m = viaWindow(a); return m !== null && m !== locus.ref; })) return null;
  return (a) => viaWindow(a) ?? (touches(a) ? undocumented(a) : locus.ref);
}

interface RecordAlleles {
  rec: VcfRecordGenotype;
  alleles: (string | null)[];
}

function recordAlleles(rec: VcfRecordGenotype, locus: DefinitionVariant, map: AlleleMapper, ctx: AlleleReadContext): RecordAlleles | null {
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
    alleles.push(idx === 0 ? locus.ref : map(a));
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
  if (site.kind === 'missing' && !source.lookupRange) return null;
  const isSnv = locus.ref.length === 1 && locus.alts.every((a) => a.length === 1);
  if (site.kind === 'reference-block' && !(source.lookupRange && source.lookupRange(locus.chromosome, locus.position - 1, locus.position + locus.ref.length).length > 0)) {
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

  const nearby = source.lookupRange
    ? source.lookupRange(locus.chromosome, locus.position - 1, locus.position + locus.ref.length)
    : site.kind === 'called' ? site.records : [];
  const chosen: { rec: VcfRecordGenotype; map: AlleleMapper }[] = [];
  for (const r of nearby) {
    // identical duplicates: PharmCAT keeps the first; different ALTs at one site (split multi-allelic) merge
    if (chosen.some((c) => c.rec.pos === r.pos && c.rec.ref === r.ref && c.rec.alts.join(',') === r.alts.join(','))) {
      warn(ctx, locus, 'duplicate-record', 'duplicate record found in the file; the first one is used.', 'info');
      continue;
    }
    const map = recordMapper(r, locus);
    if (map) chosen.push({ rec: r, map });
  }
  if (chosen.length === 0) {
    if (site.kind === 'called') {
      warn(ctx, locus, 'no-usable-record', `the record(s) here (${site.records.map((r) => `${r.pos} ${r.ref}>${r.alts.join(',')}`).join('; ')}) say nothing about this ${isSnvLocus(locus) ? 'SNV' : 'indel'}; treated as missing.`);
    }
    return null;
  }
  if (chosen.some((c) => c.rec.pos !== locus.position || c.rec.ref.toUpperCase() !== locus.ref.toUpperCase())) {
    warn(ctx, locus, 'normalised-representation', `read from ${chosen.length} record(s) (${chosen.map((c) => `${c.rec.pos} ${c.rec.ref}>${c.rec.alts.join(',')}`).join('; ')}), compared with the definition (${locus.ref}>${locus.alts.join(',')}) over their shared reference bases.`, 'info');
  }

  const parts: RecordAlleles[] = [];
  for (const { rec, map } of chosen) {
    const ra = recordAlleles(rec, locus, map, ctx);
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
