// Consequences of one allele on one transcript, following the predicates of Ensembl VEP
// (ensembl-variation Bio::EnsEMBL::Variation::Utils::VariationEffect and BaseTranscriptVariationAllele,
// release 105+ vocabulary). Each SO term is an independent predicate over the same facts (cDNA/CDS
// coordinates, codons, peptides, intron boundaries), so a variant can carry several terms
// (e.g. missense_variant&splice_region_variant). The rules are written out below; no VEP code is used.
import type { GenomicAllele } from './genomic-allele.ts';
import { isInsertion } from './genomic-allele.ts';
import type { Impact, SoTerm } from './so-terms.ts';
import { impactOf, sortTerms } from './so-terms.ts';
import type { TranscriptSequence } from '../transcripts/transcript-sequence.ts';
import { reverseComplement, translate, translateToStop } from '../sequence/dna.ts';
import { hgvsCoding } from '../hgvs/hgvs-c.ts';
import { describeProteinChange } from '../hgvs/hgvs-p.ts';
import type { ProteinChange } from '../hgvs/hgvs-p.ts';

/** VEP's default distance for upstream/downstream_gene_variant. */
export const UP_DOWN_DISTANCE = 5000;

export interface TranscriptEffect {
  terms: SoTerm[];
  impact: Impact;
  hgvsc?: string;
  hgvsp?: string;
  /** "3/15" when the allele overlaps an exon, "2/14" for an intron. */
  exon?: string;
  intron?: string;
  /** Distance to the transcript for upstream/downstream variants. */
  distance?: number;
  cdnaStart?: number;
  cdnaEnd?: number;
  cdsStart?: number;
  cdsEnd?: number;
  proteinStart?: number;
  proteinEnd?: number;
  /** Reference/variant amino acids of the touched codons, as VEP's Amino_acids ("E/K"). */
  aminoAcids?: string;
  codons?: string;
  protein?: ProteinChange;
  /** Full variant protein (to the first stop) when coding; kept for agreement checks, not serialised. */
  altProtein?: string;
}

/** VEP's overlap(): insertions (start = end + 1) overlap a feature only when both flanking bases lie in it. */
function overlap(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aEnd >= bStart && aStart <= bEnd;
}

interface IntronEffects {
  intronic: boolean;
  donor: boolean;
  acceptor: boolean;
  spliceRegion: boolean;
  donor5th: boolean;
  donorRegion: boolean;
  polypyrimidine: boolean;
  withinFrameshiftIntron: boolean;
  rank?: number;
}

/** Runs of differing bases for equal-length alleles (an MNP's unchanged bases do not count), else the whole allele. */
function differingRegions(a: GenomicAllele): Array<[number, number]> {
  if (a.structural || a.ref.length !== a.alt.length || a.ref.length <= 1) return [[a.start, a.end]];
  const regions: Array<[number, number]> = [];
  for (let i = 0; i < a.ref.length; i++) {
    if (a.ref[i] === a.alt[i]) continue;
    const last = regions[regions.length - 1];
    if (last && last[1] === a.start + i - 1) last[1] = a.start + i;
    else regions.push([a.start + i, a.start + i]);
  }
  return regions.length > 0 ? regions : [[a.start, a.end]];
}

function intronEffects(ts: TranscriptSequence, a: GenomicAllele): IntronEffects {
  const e: IntronEffects = {
    intronic: false,
    donor: false,
    acceptor: false,
    spliceRegion: false,
    donor5th: false,
    donorRegion: false,
    polypyrimidine: false,
    withinFrameshiftIntron: false,
  };
  const plus = ts.model.strand === 1;
  let startSite = false;
  let endSite = false;
  for (const [rs, re] of differingRegions(a)) {
    const ins = rs === re + 1;
    for (const intron of ts.introns) {
      const is = intron.start;
      const ie = intron.end;
      if (re < is - 3 && rs < is - 3) continue;
      if (rs > ie + 3 && re > ie + 3) continue;
      if (intron.frameshift) {
        if (overlap(rs, re, is, ie)) e.withinFrameshiftIntron = true;
        continue;
      }
      if (overlap(rs, re, is + 2, ie - 2) || (ins && (rs === is + 2 || re === ie - 2))) {
        e.intronic = true;
        e.rank ??= intron.rank;
      }
      if (overlap(rs, re, is, is + 1)) startSite = true;
      if (overlap(rs, re, ie - 1, ie)) endSite = true;
      if (overlap(rs, re, is, ie)) e.rank ??= intron.rank;
      // SO:0001630 splice_region: 1-3 bases of the exon or 3-8 bases of the intron; insertions between an
      // exon edge and a splice site, or between a splice site and the rest of the intron, count too.
      if (
        overlap(rs, re, is + 2, is + 7) ||
        overlap(rs, re, ie - 7, ie - 2) ||
        overlap(rs, re, is - 3, is - 1) ||
        overlap(rs, re, ie + 1, ie + 3) ||
        (ins && (rs === is || re === ie || rs === is + 2 || re === ie - 2))
      ) {
        e.spliceRegion = true;
      }
      // VEP 105 splice sub-regions, by intron position counted from the donor (+) or acceptor (-) end.
      const donorBase = (k: number): number => (plus ? is + k - 1 : ie - k + 1);
      const acceptorBase = (k: number): number => (plus ? ie - k + 1 : is + k - 1);
      const span = (x: number, y: number): [number, number] => [Math.min(x, y), Math.max(x, y)];
      const [d5s, d5e] = span(donorBase(5), donorBase(5));
      const [drs, dre] = span(donorBase(3), donorBase(6));
      const [pps, ppe] = span(acceptorBase(3), acceptorBase(17));
      if (overlap(rs, re, d5s, d5e)) e.donor5th = true;
      if (overlap(rs, re, drs, dre)) e.donorRegion = true;
      if (overlap(rs, re, Math.max(pps, is), Math.min(ppe, ie))) e.polypyrimidine = true;
    }
  }
  e.donor = plus ? startSite : endSite;
  e.acceptor = plus ? endSite : startSite;
  return e;
}

interface Coordinates {
  cdnaStart?: number;
  cdnaEnd?: number;
  cdsStart?: number;
  cdsEnd?: number;
  withinCdna: boolean;
  withinCds: boolean;
  exonRanks: number[];
}

function coordinates(ts: TranscriptSequence, a: GenomicAllele): Coordinates {
  const plus = ts.model.strand === 1;
  const c: Coordinates = { withinCdna: false, withinCds: false, exonRanks: [] };
  const ins = isInsertion(a);
  if (ins) {
    // Ensembl's map_insert: an insertion touching an exon edge is placed at that edge in cDNA.
    const left = ts.genomicToCdna(a.end);
    const right = ts.genomicToCdna(a.start);
    const five = plus ? left : right;
    const three = plus ? right : left;
    if (five !== undefined && (three === undefined || three === five + 1)) {
      c.cdnaEnd = five;
      c.cdnaStart = five + 1;
    } else if (three !== undefined) {
      c.cdnaStart = three;
      c.cdnaEnd = three - 1;
    }
  } else {
    c.cdnaStart = ts.genomicToCdna(plus ? a.start : a.end);
    c.cdnaEnd = ts.genomicToCdna(plus ? a.end : a.start);
  }
  for (const ex of ts.exons) {
    if (overlap(a.start, a.end, ex.start, ex.end)) c.exonRanks.push(ex.rank);
  }
  if (ins && c.exonRanks.length === 0 && c.cdnaEnd !== undefined) {
    const ex = ts.exonAt(plus ? a.end : a.start) ?? ts.exonAt(plus ? a.start : a.end);
    if (ex) c.exonRanks.push(ex.rank);
  }
  c.withinCdna = c.cdnaStart !== undefined || c.cdnaEnd !== undefined || c.exonRanks.length > 0;
  if (ts.coding) {
    const cs = ts.cdnaCodingStart;
    const ce = ts.cdnaCodingEnd;
    const pad = ts.cdsPadding;
    if (ins) {
      if (c.cdnaEnd !== undefined && c.cdnaEnd >= cs && c.cdnaEnd + 1 <= ce) {
        c.cdsEnd = c.cdnaEnd - cs + 1 + pad;
        c.cdsStart = c.cdsEnd + 1;
        c.withinCds = true;
      }
    } else {
      if (c.cdnaStart !== undefined && c.cdnaStart >= cs && c.cdnaStart <= ce) c.cdsStart = c.cdnaStart - cs + 1 + pad;
      if (c.cdnaEnd !== undefined && c.cdnaEnd >= cs && c.cdnaEnd <= ce) c.cdsEnd = c.cdnaEnd - cs + 1 + pad;
      const codingStart = ts.model.codingStart as number;
      const codingEnd = ts.model.codingEnd as number;
      for (const ex of ts.exons) {
        if (overlap(a.start, a.end, Math.max(ex.start, codingStart), Math.min(ex.end, codingEnd))) c.withinCds = true;
      }
    }
  }
  return c;
}

/** Codon and peptide alleles as VEP derives them: the whole codons spanning [cdsStart, cdsEnd]. */
interface CodingFacts {
  translationStart: number;
  translationEnd: number;
  refCodon: string;
  altCodon: string;
  refPep: string;
  altPep: string;
  partialCodon: boolean;
  /** Variant CDS + 3' UTR, for reading to the new stop. */
  altCds: string;
}

function peptideOf(codon: string, ts: TranscriptSequence): string {
  if (codon.length === 0) return '';
  const whole = codon.substring(0, Math.floor(codon.length / 3) * 3);
  let pep = whole ? translate(whole, ts.codonTable) : '';
  if (codon.length % 3 !== 0 && pep !== '*') pep += 'X';
  return pep;
}

function codingFacts(ts: TranscriptSequence, cdsStart: number, cdsEnd: number, refT: string, altT: string): CodingFacts {
  const cds = ts.translateable();
  const translationStart = Math.floor((cdsStart - 1) / 3) + 1;
  const translationEnd = Math.floor((cdsEnd - 1) / 3) + 1;
  const codonCdsStart = translationStart * 3 - 2;
  const codonCdsEnd = translationEnd * 3;
  const codonLen = codonCdsEnd - codonCdsStart + 1;
  const varLen = cdsEnd - cdsStart + 1;
  const altCdsOnly = cds.substring(0, cdsStart - 1) + altT + cds.substring(cdsStart - 1 + varLen);
  const refCodon = codonLen > 0 ? cds.substring(codonCdsStart - 1, codonCdsStart - 1 + codonLen) : '';
  const altCodon = altCdsOnly.substring(codonCdsStart - 1, codonCdsStart - 1 + Math.max(0, codonLen + altT.length - refT.length));
  const lastCodonLength = cds.length - (codonCdsStart - 1);
  return {
    translationStart,
    translationEnd,
    refCodon,
    altCodon,
    refPep: peptideOf(refCodon, ts),
    altPep: peptideOf(altCodon, ts),
    partialCodon: lastCodonLength > 0 && lastCodonLength < 3,
    altCds: altCdsOnly + ts.threePrimeUtr(),
  };
}

function exonOrIntronLabel(ranks: number[], total: number): string | undefined {
  if (ranks.length === 0) return undefined;
  const lo = Math.min(...ranks);
  const hi = Math.max(...ranks);
  return lo === hi ? `${lo}/${total}` : `${lo}-${hi}/${total}`;
}

/** Sequence edit of the 5' UTR + CDS (or CDS + 3' UTR) used by VEP's start/stop "altered" checks. */
function editCdna(ts: TranscriptSequence, c: Coordinates, altT: string): string | undefined {
  if (c.cdnaStart === undefined || c.cdnaEnd === undefined) return undefined;
  const s = Math.min(c.cdnaStart, c.cdnaEnd + 1);
  const len = Math.max(0, c.cdnaEnd - c.cdnaStart + 1);
  const cdna = ts.cdna();
  return cdna.substring(0, s - 1) + altT + cdna.substring(s - 1 + len);
}

/**
 * Bases from either end of an intron within which a splice predicate can still apply: VEP 105's
 * polypyrimidine tract reaches 17 bases from the acceptor, splice_region 8, the donor region 6.
 */
const SPLICE_REACH = 17;

/**
 * The common case on a genome — an allele deep inside one intron, far from both splice sites — answered
 * without the coding predicates: every one of them is false there (no cDNA or CDS position, no codon), so
 * the terms are intron_variant plus the transcript's biotype terms. Same result as the full rules
 * (test/unit/annotation/predict-deep-intron.test.ts compares them over real transcripts); undefined when
 * the allele is anywhere else.
 */
function deepIntronEffect(ts: TranscriptSequence, a: GenomicAllele): TranscriptEffect | undefined {
  if (a.structural) return undefined;
  const lo = a.start < a.end ? a.start : a.end;
  const hi = a.start < a.end ? a.end : a.start;
  const introns = ts.introns;
  for (let i = 0; i < introns.length; i++) {
    const intron = introns[i];
    // A frameshift intron (≤ 12 bases) never has a deep part, so it never reaches here.
    if (intron.start + SPLICE_REACH >= lo || hi >= intron.end - SPLICE_REACH) continue;
    const terms: SoTerm[] = ['intron_variant'];
    if (ts.model.biotype === 'nonsense_mediated_decay') terms.push('NMD_transcript_variant');
    if (!ts.coding) terms.push('non_coding_transcript_variant');
    return {
      terms,
      impact: 'MODIFIER',
      exon: undefined,
      intron: ts.intronLabel(intron.rank),
      cdnaStart: undefined,
      cdnaEnd: undefined,
      hgvsc: hgvsCoding(ts, a),
    };
  }
  return undefined;
}

export function predictTranscriptEffect(ts: TranscriptSequence, a: GenomicAllele): TranscriptEffect | undefined {
  if (a.start >= ts.model.start && a.end <= ts.model.end) {
    const deep = deepIntronEffect(ts, a);
    if (deep) return deep;
  }
  return predictTranscriptEffectInFull(ts, a);
}

/** Every rule, whatever the allele's position (exported for the test that checks the deep-intron shortcut). */
export function predictTranscriptEffectInFull(ts: TranscriptSequence, a: GenomicAllele): TranscriptEffect | undefined {
  const t = ts.model;
  const plus = t.strand === 1;
  const terms: SoTerm[] = [];
  if (!overlap(a.start, a.end, t.start, t.end)) {
    // Upstream/downstream within VEP's 5 kb; VEP's distance counts from the nearest transcript end.
    const before = a.end < t.start && a.end >= t.start - UP_DOWN_DISTANCE;
    const after = a.start > t.end && a.start <= t.end + UP_DOWN_DISTANCE;
    if (!before && !after) return undefined;
    const distance = before ? t.start - a.end : a.start - t.end;
    const term: SoTerm = before === plus ? 'upstream_gene_variant' : 'downstream_gene_variant';
    return { terms: [term], impact: 'MODIFIER', distance };
  }

  const insertion = isInsertion(a);
  const refT = plus ? a.ref : reverseComplement(a.ref);
  const altT = plus ? a.alt : reverseComplement(a.alt);
  const ie = intronEffects(ts, a);
  const c = coordinates(ts, a);
  const coding = ts.coding;
  const increaseLength = a.alt.length > a.ref.length;
  const decreaseLength = a.ref.length > a.alt.length;
  const effect: TranscriptEffect = { terms, impact: 'MODIFIER' };
  effect.exon = exonOrIntronLabel(c.exonRanks, ts.exons.length);
  if (ie.rank !== undefined && (ie.intronic || ie.donor || ie.acceptor || c.exonRanks.length === 0)) {
    effect.intron = ts.intronLabel(ie.rank);
  }
  effect.cdnaStart = c.cdnaStart;
  effect.cdnaEnd = c.cdnaEnd;

  if (a.structural) return structuralEffect(ts, a, c, ie, effect);

  // A deletion covering the whole transcript.
  if (decreaseLength && a.start <= t.start && a.end >= t.end) {
    terms.push('transcript_ablation');
    effect.terms = sortTerms(terms);
    effect.impact = impactOf(effect.terms);
    return effect;
  }

  // ---- facts shared by the coding predicates ----
  let facts: CodingFacts | undefined;
  if (coding && c.cdsStart !== undefined && c.cdsEnd !== undefined) {
    facts = codingFacts(ts, c.cdsStart, c.cdsEnd, refT, altT);
    effect.cdsStart = c.cdsStart;
    effect.cdsEnd = c.cdsEnd;
    effect.proteinStart = facts.translationStart;
    effect.proteinEnd = facts.translationEnd;
    effect.aminoAcids = facts.refPep === facts.altPep ? facts.refPep : `${facts.refPep || '-'}/${facts.altPep || '-'}`;
    effect.codons = `${facts.refCodon || '-'}/${facts.altCodon || '-'}`;
  }
  const refPep = facts?.refPep;
  const altPep = facts?.altPep;
  const havePeps = facts !== undefined && refPep !== undefined && altPep !== undefined && (refPep !== '' || altPep !== '');
  const partialCodon = facts?.partialCodon ?? false;
  const varLen = c.cdsStart !== undefined && c.cdsEnd !== undefined ? c.cdsEnd - c.cdsStart + 1 : undefined;
  const frameshift = coding && !partialCodon && varLen !== undefined && Math.abs(a.alt.length - varLen) % 3 !== 0;
  const codons = facts && !frameshift ? { ref: facts.refCodon, alt: facts.altCodon } : undefined;

  const overlapsStartCodon =
    ts.hasStartCodon() &&
    c.cdnaStart !== undefined &&
    c.cdnaEnd !== undefined &&
    overlap(c.cdnaStart, c.cdnaEnd, ts.cdnaCodingStart, ts.cdnaCodingStart + 2);
  const overlapsStopCodon =
    ts.hasStopCodon() &&
    c.cdnaStart !== undefined &&
    c.cdnaEnd !== undefined &&
    overlap(c.cdnaStart, c.cdnaEnd, ts.cdnaCodingEnd - 2, ts.cdnaCodingEnd);
  const unambiguous = /^[ACGT]*$/.test(a.alt);

  const insDelStartAltered = ((): boolean => {
    if (!unambiguous || !overlapsStartCodon || !(increaseLength || decreaseLength)) return false;
    const edited = editCdna(ts, c, altT);
    if (edited === undefined) return false;
    const upToCds = edited.substring(0, edited.length - (ts.cdnaLength - ts.cdnaCodingEnd));
    const translateable = ts.translateable();
    if (upToCds.length < translateable.length) return true;
    return translateable !== upToCds.substring(upToCds.length - translateable.length);
  })();
  // VEP's _inv_start_altered re-reads the start codon after the edit. Applied to substitutions only: for an
  // indel the bases that slide into the start codon's place are judged by _ins_del_start_altered instead.
  const invStartAltered = ((): boolean => {
    if (!unambiguous || !overlapsStartCodon || ts.cdnaCodingStart <= 1 || a.ref.length !== a.alt.length) return false;
    const edited = editCdna(ts, c, altT);
    if (edited === undefined) return false;
    return edited.substring(ts.cdnaCodingStart - 1, ts.cdnaCodingStart + 2) !== 'ATG';
  })();
  const insDelStopAltered = ((): boolean => {
    if (!unambiguous || !overlapsStopCodon || !(increaseLength || decreaseLength) || c.cdsStart === undefined) return false;
    const translateable = ts.translateable();
    const seq = translateable + ts.threePrimeUtr();
    const len = Math.max(0, (c.cdnaEnd as number) - (c.cdnaStart as number) + 1);
    const edited = seq.substring(0, c.cdsStart - 1) + altT + seq.substring(c.cdsStart - 1 + len);
    if (edited.length < translateable.length) return true;
    return translate(edited.substring(translateable.length - 3, translateable.length), ts.codonTable) !== '*';
  })();

  const startRetained = (increaseLength || decreaseLength) && overlapsStartCodon && !insDelStartAltered;
  // When an indel at the start codon leaves the CDS base-for-base unchanged (the edited 5' UTR + CDS still
  // ends in the same CDS), no coding change is possible. VEP would still run its local codon predicates and
  // can report frameshift_variant&start_lost beside start_retained_variant; GenoDesk does not contradict itself.
  const cdsUnchanged = startRetained;
  const stopRetained = ((): boolean => {
    if (altPep !== undefined && altPep !== '' && havePeps) {
      if (!altPep.startsWith('*')) return false;
      if (facts && facts.translationStart > ts.peptideLengthWithoutStop()) return true;
      return !!refPep && refPep.startsWith('*');
    }
    return (increaseLength || decreaseLength) && overlapsStopCodon && !insDelStopAltered;
  })();
  const inframeDeletion = ((): boolean => {
    if (partialCodon || !codons) return false;
    const { ref, alt } = codons;
    if (!(alt.length < ref.length)) return false;
    if (ref.startsWith(alt) || ref.endsWith(alt)) return true;
    let r = ref;
    let al = alt;
    while (r.length && al.length && r[0] === al[0]) {
      r = r.substring(1);
      al = al.substring(1);
    }
    while (r.length && al.length && r[r.length - 1] === al[al.length - 1]) {
      r = r.substring(0, r.length - 1);
      al = al.substring(0, al.length - 1);
    }
    return al.length === 0 && r.length % 3 === 0;
  })();
  // start_lost needs inframe_insertion, which itself excludes start_lost: VEP breaks the cycle by letting
  // start_lost ask inframe_insertion without its start_lost guard.
  const inframeInsertionCore = ((): boolean => {
    if (!codons || !(codons.alt.length > codons.ref.length) || !havePeps) return false;
    let ap = altPep as string;
    const rp = refPep as string;
    if (startRetained && ap.endsWith(rp)) return false;
    ap = ap.replace(/\*.+/, '*');
    return ap.startsWith(rp) || ap.endsWith(rp);
  })();
  const startLost = ((): boolean => {
    if (!overlapsStartCodon) return false;
    if (insDelStartAltered && !(inframeInsertionCore || inframeDeletion)) return true;
    if (invStartAltered) return true;
    if (!havePeps || !refPep) return false;
    return facts?.translationStart === 1 && !(altPep as string).endsWith(refPep) && !(altPep as string).startsWith(refPep);
  })();
  const inframeInsertion = inframeInsertionCore && !startLost;
  const stopGained = !stopRetained && havePeps && /\*/.test(altPep as string) && !/\*/.test(refPep as string);
  const stopLost = havePeps ? !/\*/.test(altPep as string) && /\*/.test(refPep as string) : insDelStopAltered;
  // VEP never reports missense beside frameshift (the frameshifted codons only end in a partial 'X').
  const missense =
    havePeps &&
    !frameshift &&
    !startLost &&
    !stopLost &&
    !stopGained &&
    !partialCodon &&
    refPep !== altPep &&
    (refPep as string).length === (altPep as string).length;
  const proteinAltering = ((): boolean => {
    if (!havePeps) return false;
    const rp = refPep as string;
    const ap = altPep as string;
    if (rp.length === ap.length) return false;
    if (rp.startsWith('*') || ap.startsWith('*')) return false;
    if (ap.startsWith(rp) || ap.endsWith(rp)) return false;
    if (inframeDeletion || startLost || frameshift) return false;
    return true;
  })();
  const synonymous =
    havePeps && !!refPep && altPep === refPep && !stopRetained && !/X/.test(altPep as string) && !/X/.test(refPep as string);
  const codingUnknown =
    c.withinCds &&
    (!havePeps || /X/.test(altPep ?? '') || /X/.test(refPep ?? '')) &&
    !(frameshift || inframeDeletion || proteinAltering || startRetained || startLost || stopRetained || stopLost);

  const fivePrimeOfCoding = coding && (plus ? beforeCoding(a, ts) : afterCoding(a, ts));
  const threePrimeOfCoding = coding && (plus ? afterCoding(a, ts) : beforeCoding(a, ts));
  const nonCodingExon = !coding && c.exonRanks.length > 0 && ts.exons.some((ex) => overlap(a.start, a.end, ex.start, ex.end));

  if (ie.acceptor) terms.push('splice_acceptor_variant');
  if (ie.donor) terms.push('splice_donor_variant');
  const coding_ = !cdsUnchanged;
  if (coding_ && stopGained) terms.push('stop_gained');
  if (coding_ && frameshift) terms.push('frameshift_variant');
  if (coding_ && stopLost) terms.push('stop_lost');
  if (coding_ && startLost) terms.push('start_lost');
  if (coding_ && inframeInsertion) terms.push('inframe_insertion');
  if (coding_ && inframeDeletion) terms.push('inframe_deletion');
  if (coding_ && missense) terms.push('missense_variant');
  if (coding_ && proteinAltering) terms.push('protein_altering_variant');
  const essential = ie.donor || ie.acceptor;
  if (ie.donor5th && !essential) terms.push('splice_donor_5th_base_variant');
  if (ie.donorRegion && !ie.donor5th && !essential) terms.push('splice_donor_region_variant');
  if (ie.spliceRegion && !essential && !ie.donor5th && !ie.donorRegion) terms.push('splice_region_variant');
  if (ie.polypyrimidine) terms.push('splice_polypyrimidine_tract_variant');
  if (coding_ && partialCodon && facts) terms.push('incomplete_terminal_codon_variant');
  if (startRetained) terms.push('start_retained_variant');
  if (coding_ && stopRetained) terms.push('stop_retained_variant');
  if (coding_ && synonymous) terms.push('synonymous_variant');
  if (coding_ && codingUnknown) terms.push('coding_sequence_variant');
  if (fivePrimeOfCoding && c.withinCdna) terms.push('5_prime_UTR_variant');
  if (threePrimeOfCoding && c.withinCdna) terms.push('3_prime_UTR_variant');
  if (nonCodingExon) terms.push('non_coding_transcript_exon_variant');
  if (ie.intronic) terms.push('intron_variant');
  if (t.biotype === 'nonsense_mediated_decay') terms.push('NMD_transcript_variant');
  if (!coding && !nonCodingExon) terms.push('non_coding_transcript_variant');
  if (terms.length === 0 && ie.withinFrameshiftIntron && coding) terms.push('coding_sequence_variant');
  if (terms.length === 0) terms.push(coding ? 'coding_transcript_variant' : 'non_coding_transcript_variant');

  effect.terms = sortTerms(terms);
  effect.impact = impactOf(effect.terms);
  effect.hgvsc = hgvsCoding(ts, a);
  if (facts && coding && !partialCodon && coding_) {
    const altProtein = translateToStop(facts.altCds, ts.codonTable).protein;
    effect.altProtein = altProtein;
    // For an insertion between two codons VEP's translation_start is the codon after the insertion point.
    const codonStart = insertion ? facts.translationStart : Math.min(facts.translationStart, facts.translationEnd);
    effect.protein = describeProteinChange({
      ref: ts.peptide(),
      codonStart,
      refPeptide: refPep ?? '',
      altPeptide: altPep ?? '',
      altProtein,
      frameshift,
    });
    effect.hgvsp = `${t.proteinId ? `${t.proteinId}:` : ''}${effect.protein.hgvs}`;
  } else if (startLost && coding_) {
    effect.protein = { hgvs: 'p.Met1?', position: 1, kind: 'start-lost' };
    effect.hgvsp = `${t.proteinId ? `${t.proteinId}:` : ''}p.Met1?`;
  }
  return effect;
}

/**
 * VEP _before_coding: overlaps the transcript before the CDS, or an insertion just before the CDS start.
 * Unlike VEP, an empty range (CDS starting at the transcript's first base) is never overlapped: a transcript
 * without a UTR has no UTR variant.
 */
function beforeCoding(a: GenomicAllele, ts: TranscriptSequence): boolean {
  const cs = ts.model.codingStart as number;
  if (cs <= ts.model.start) return false;
  if (isInsertion(a) && a.start === cs) return true;
  return overlap(a.start, a.end, ts.model.start, cs - 1);
}

function afterCoding(a: GenomicAllele, ts: TranscriptSequence): boolean {
  const ce = ts.model.codingEnd as number;
  if (ce >= ts.model.end) return false;
  if (isInsertion(a) && a.end === ce) return true;
  return overlap(a.start, a.end, ce + 1, ts.model.end);
}

/** Symbolic structural alleles: location terms plus VEP's SV terms; no codon-level prediction or HGVS. */
function structuralEffect(
  ts: TranscriptSequence,
  a: GenomicAllele,
  c: Coordinates,
  ie: IntronEffects,
  effect: TranscriptEffect,
): TranscriptEffect {
  const t = ts.model;
  const terms: SoTerm[] = [];
  const type = a.structural;
  const loss = type === 'DEL';
  const gain = type === 'DUP' || type === 'INS' || type === 'CNV';
  const covers = a.start <= t.start && a.end >= t.end;
  if (covers && loss) terms.push('transcript_ablation');
  else if (covers && type === 'DUP') terms.push('transcript_amplification');
  else {
    // ensembl-variation PR #1041: elongation/truncation only when the event reaches the cDNA.
    if (gain && c.withinCdna) terms.push('feature_elongation');
    if (loss && c.withinCdna) terms.push('feature_truncation');
    if (ie.acceptor) terms.push('splice_acceptor_variant');
    if (ie.donor) terms.push('splice_donor_variant');
    if (ie.spliceRegion && !ie.donor && !ie.acceptor) terms.push('splice_region_variant');
    if (c.withinCds) terms.push('coding_sequence_variant');
    if (ts.coding && c.withinCdna && !c.withinCds) {
      const plus = t.strand === 1;
      if (plus ? beforeCoding(a, ts) : afterCoding(a, ts)) terms.push('5_prime_UTR_variant');
      if (plus ? afterCoding(a, ts) : beforeCoding(a, ts)) terms.push('3_prime_UTR_variant');
    }
    if (!ts.coding && c.withinCdna) terms.push('non_coding_transcript_exon_variant');
    if (ie.intronic) terms.push('intron_variant');
    if (!ts.coding && !c.withinCdna) terms.push('non_coding_transcript_variant');
    if (terms.length === 0) terms.push(ts.coding ? 'coding_transcript_variant' : 'non_coding_transcript_variant');
  }
  effect.terms = sortTerms(terms);
  effect.impact = impactOf(effect.terms);
  return effect;
}
