// What the variant browser shows and filters on for one annotated variant: the transcript shown, every term,
// the most severe term and impact over all transcripts and sources, the ClinVar class. Pure, so the annotate
// worker computes it when it packs a chunk (annotation-chunk.ts) and the row store's writer when it writes rows.
import type { AnnotatedVariant, PackVersion, TranscriptConsequence, VcfBorneAnnotation } from '../../../../shared/schemas/annotation.ts';
import type { ClinvarClassName } from '../../../../shared/schemas/annotation-runs.ts';
import { normaliseClinvarSignificance } from '../diagnosis/clinvar-significance.ts';
import { impactOf, impactRank, isSoTerm, termRank } from '../annotation/consequence/so-terms.ts';
import type { Impact } from '../annotation/consequence/so-terms.ts';

const IMPACTS = new Set(['HIGH', 'MODERATE', 'LOW', 'MODIFIER']);

function borneImpact(terms: string[], impact: string | undefined): Impact | null {
  if (impact && IMPACTS.has(impact)) return impact as Impact;
  const so = terms.filter(isSoTerm);
  return so.length > 0 ? impactOf(so) : null;
}

function lexicallyBefore(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** The VCF tool's transcript to show when GenoDesk's packs do not cover the variant: MANE, canonical, then most severe. */
function pickBorne(annotations: VcfBorneAnnotation[]) {
  let best: { a: VcfBorneAnnotation; t: VcfBorneAnnotation['transcripts'][number]; score: number[] } | null = null;
  for (const a of annotations) {
    for (const t of a.transcripts) {
      if (t.terms.length === 0) continue;
      const score = [t.fields.MANE_SELECT ? 0 : 1, t.fields.CANONICAL === 'YES' ? 0 : 1, Math.min(...t.terms.map(termRank))];
      if (!best || lexicallyBefore(score, best.score)) best = { a, t, score };
    }
  }
  return best;
}

export interface AnnotationSummaryRow {
  source: string | null;
  sourceVersion: string | null;
  gene: string | null;
  transcript: string | null;
  maneSelect: number;
  canonical: number;
  shownTerms: string | null;
  allTerms: string;
  mostSevere: string | null;
  impact: string | null;
  hgvsc: string | null;
  hgvsp: string | null;
  transcripts: number;
  clinvarClass: ClinvarClassName | null;
  vcfBorne: number;
  error: string | null;
}

const packLabels = new WeakMap<PackVersion, string>();
/** "id@version" of the transcript pack, made once per pack object (summarise runs once per variant). */
function packLabel(p: PackVersion): string {
  let label = packLabels.get(p);
  if (label === undefined) {
    label = `${p.id}@${p.version}`;
    packLabels.set(p, label);
  }
  return label;
}

const NO_BORNE: VcfBorneAnnotation[] = [];

/** One term list joined as stored: a single term is the term itself (no new string). */
const joinTerms = (terms: string[]): string => (terms.length === 1 ? terms[0] : terms.join('&'));

// `|a|b|` per term list, remembered by the list's SO ranks in order: a genome has a few hundred such lists, and
// building then hashing a new string for each of its 5 million variants was ~3 % of annotation (CPU profile).
// Lists holding a term outside SO (a VCF tool's own) or more than 8 terms are built each time.
const barredByRanks = new Map<number, string>();
const MAX_REMEMBERED_LISTS = 10_000;

function barred(terms: string[]): string {
  if (terms.length === 0) return '';
  if (terms.length > 8) return `|${terms.join('|')}|`;
  // Ranks + 1 are 1..~45 (< 64), so 8 of them fit a safe integer: 6 bits each.
  let key = 0;
  for (let i = 0; i < terms.length; i++) {
    if (!isSoTerm(terms[i])) return `|${terms.join('|')}|`;
    key = key * 64 + termRank(terms[i]) + 1;
  }
  let text = barredByRanks.get(key);
  if (text === undefined) {
    text = `|${terms.join('|')}|`;
    if (barredByRanks.size < MAX_REMEMBERED_LISTS) barredByRanks.set(key, text);
  }
  return text;
}

/** What the variant browser shows and filters on for one variant (see variant_annotations). */
export function summarise(v: AnnotatedVariant, transcriptsPack: PackVersion | undefined): AnnotationSummaryRow {
  const own: TranscriptConsequence | undefined = v.consequences[0];
  const borne = v.vcfAnnotations ?? NO_BORNE;
  // A variant has a handful of distinct terms: an array with includes() beats a Set here, and this runs
  // 5 million times in a whole-genome annotation (CPU profile, docs/annotation-scale.md).
  const terms: string[] = [];
  let impact: Impact | null = null;
  // Index loops: for-of left iterator objects behind here, once per variant and transcript (heap profile).
  for (let i = 0; i < v.consequences.length; i++) {
    const c = v.consequences[i];
    for (let j = 0; j < c.terms.length; j++) if (!terms.includes(c.terms[j])) terms.push(c.terms[j]);
    if (c.impact && (impact === null || impactRank(c.impact) < impactRank(impact))) impact = c.impact;
  }
  let transcripts = v.consequences.length;
  for (const a of borne) {
    for (const t of a.transcripts) {
      for (const x of t.terms) if (!terms.includes(x)) terms.push(x);
      const i = borneImpact(t.terms, t.impact);
      if (i && (impact === null || impactRank(i) < impactRank(impact))) impact = i;
      transcripts++;
    }
  }
  if (v.mostSevereConsequence && !terms.includes(v.mostSevereConsequence)) terms.push(v.mostSevereConsequence);
  let mostSevere: string | null = v.mostSevereConsequence;
  for (let i = 0; i < terms.length; i++) if (mostSevere === null || termRank(terms[i]) < termRank(mostSevere)) mostSevere = terms[i];
  const shown = own ? null : pickBorne(borne);
  return {
    source: own ? 'GenoDesk' : shown ? shown.a.tool : null,
    sourceVersion: own ? (transcriptsPack ? packLabel(transcriptsPack) : null) : shown ? shown.a.version : null,
    gene: own ? own.gene : (shown?.t.gene ?? null),
    transcript: own ? own.transcript : (shown?.t.transcript ?? null),
    maneSelect: own ? Number(own.maneSelect) : shown?.t.fields.MANE_SELECT ? 1 : 0,
    canonical: own ? Number(own.canonical) : shown?.t.fields.CANONICAL === 'YES' ? 1 : 0,
    shownTerms: own ? joinTerms(own.terms) : shown ? joinTerms(shown.t.terms) : null,
    allTerms: barred(terms),
    mostSevere,
    impact,
    hgvsc: own ? own.hgvsc : (shown?.t.hgvsc ?? null),
    hgvsp: own ? own.hgvsp : (shown?.t.hgvsp ?? null),
    transcripts,
    clinvarClass: v.clinvar ? normaliseClinvarSignificance(v.clinvar.significance) : null,
    vcfBorne: v.vcfAnnotations ? 1 : 0,
    error: v.error ? JSON.stringify(v.error) : null,
  };
}
