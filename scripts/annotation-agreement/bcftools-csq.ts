// Agreement with bcftools csq's own test cases (annotation-truth/bcftools-csq, samtools/bcftools test/csq).
// Each VCF record carries the expected BCSQ string in INFO EXP (`consequence|gene|transcript|biotype|strand|
// aa-change|dna-change`), or EXPL for bcftools' local mode (`csq -l`). GenoDesk annotates each variant on its
// own, like local mode, so EXPL is the answer when given; EXP answers that combine phased variants into one
// haplotype (EXP=@POS, or a dna-change joined with '+') have no local equivalent and are listed as such.
import fs from 'node:fs';
import path from 'node:path';
import { createAnnotator } from '../../electron/main/services/annotation/annotator.ts';
import type { DetailedEffect } from '../../electron/main/services/annotation/annotator.ts';
import { openReference } from '../../electron/main/services/annotation/sequence/fasta-reader.ts';
import { readGff3 } from '../../electron/main/services/annotation/transcripts/gff3-reader.ts';
import { infoValue, readVcf } from '../../electron/main/services/annotation/vcf/vcf-lines.ts';
import type { AgreementCase, AgreementSource } from './agreement-types.ts';
import { sameTerms, toBcftoolsVocabulary } from './vocabulary.ts';
import { explainBcftools } from './explanations.ts';
import { normaliseVcfAllele } from '../../electron/main/services/annotation/consequence/genomic-allele.ts';

interface ExpectedEntry {
  terms: string[];
  gene: string;
  transcript: string;
  aa?: string;
}

function parseExpected(text: string): ExpectedEntry[] {
  if (text === '.' || text === '') return [];
  return text.split(',').map((e) => {
    const f = e.split('|');
    return { terms: f[0].split('&'), gene: f[1] ?? '', transcript: f[2] ?? '', aa: f[5] || undefined };
  });
}

/** bcftools amino-acid change: "5F>5C", "145L", "430YKE>430*", "260*>260CL". */
export function parseAaChange(aa: string): { pos: number; ref: string; alt: string } | undefined {
  const m = /^(\d+)([A-Z*]+)(?:>(\d+)([A-Z*]*))?$/.exec(aa);
  if (!m) return undefined;
  return { pos: Number(m[1]), ref: m[2], alt: m[3] !== undefined ? m[4] : m[2] };
}

function cutAtStop(p: string): string {
  const i = p.indexOf('*');
  return i < 0 ? p : p.substring(0, i);
}

/**
 * Does our variant protein equal the reference protein edited as bcftools says? bcftools numbers codons of a
 * CDS with an incomplete 5' end from its first whole codon, while Ensembl (and so GenoDesk) keeps the
 * annotated phase by padding one codon with N; positions are converted before comparing.
 */
export function aaChangeAgrees(d: DetailedEffect, aa: string, readThrough: boolean): { agreed: boolean; actual: string } {
  const parsed = parseAaChange(aa);
  const ref = d.sequence.peptide();
  const ourAlt = d.effect.altProtein ?? ref;
  if (!parsed) return { agreed: false, actual: d.effect.protein?.hgvs ?? '-' };
  const offset = d.sequence.cdsPadding > 0 ? 1 : 0;
  const p0 = parsed.pos - 1 + offset;
  const actual = `${d.effect.protein?.hgvs ?? '-'}`;
  if (ref.substring(p0, p0 + parsed.ref.length) !== parsed.ref) return { agreed: false, actual: `${actual} (ref protein ${ref.substring(p0, p0 + parsed.ref.length)})` };
  const expectedAlt = cutAtStop(ref.substring(0, p0) + parsed.alt + (readThrough ? '' : ref.substring(p0 + parsed.ref.length)));
  const ours = cutAtStop(ourAlt);
  const agreed = readThrough ? ours.startsWith(expectedAlt) : ours === expectedAlt;
  return { agreed, actual };
}

function ourView(effects: DetailedEffect[]): Map<string, { terms: string[]; effect: DetailedEffect }> {
  const view = new Map<string, { terms: string[]; effect: DetailedEffect }>();
  for (const d of effects) {
    const terms = toBcftoolsVocabulary(d.effect.terms);
    if (terms.length === 0) continue;
    view.set(d.transcript.id, { terms, effect: d });
  }
  return view;
}

/** bcftools names no transcript for intronic and non-coding hits, only the gene: key those by gene. */
function alignKeys(ours: Map<string, { terms: string[]; effect: DetailedEffect }>, expected: Map<string, ExpectedEntry>): void {
  for (const [key, e] of expected) {
    if (!key.startsWith('gene:') || ours.has(key)) continue;
    for (const [tid, mine] of ours) {
      if (mine.effect.transcript.geneName === e.gene && !expected.has(tid)) {
        ours.delete(tid);
        ours.set(key, mine);
        break;
      }
    }
  }
}

/** Slice offset from the FASTA header (">X\tX:12924719-12941308": slice base 1 = 12924719). */
function sliceOffset(faFile: string): number | undefined {
  const head = fs.readFileSync(faFile, 'latin1').substring(0, 200).split('\n')[0];
  const m = /:(\d+)-(\d+)\s*$/.exec(head);
  return m ? Number(m[1]) - 1 : undefined;
}

/** Ensembl VEP output shipped beside a case (`*.vep`: genomic POS REF ALT then VEP's CSQ fields). */
function readVepFile(file: string, offset: number | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (offset === undefined) return out;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d+$/.test(f[0]) || !f[3].includes('|')) continue;
    const csq = f[3].split('|');
    out.set(`${Number(f[0]) - offset}:${f[1]}:${f[2]}`, csq[1].split('&'));
  }
  return out;
}

interface PendingCase {
  c: AgreementCase;
  variant: { chrom: string; pos: number; ref: string; alt: string; line: number };
  effects: DetailedEffect[];
  expected: Map<string, string[]>;
  allele: string;
  note?: string;
}

export async function bcftoolsCsqAgreement(root: string): Promise<AgreementSource> {
  const source: AgreementSource = {
    name: 'bcftools csq test cases (local mode)',
    compared: 'consequence terms per transcript and amino-acid change',
    cases: [],
    notComparable: [],
  };
  const dirs = fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort();
  for (const dir of dirs) {
    const base = path.join(root, dir);
    const gff = await readGff3(path.join(base, `${dir}.gff`));
    const faFile = path.join(base, `${dir}.fa`);
    const reference = await openReference(faFile);
    const annotator = createAnnotator({ transcripts: gff.transcripts, reference });
    const offset = sliceOffset(faFile);
    const vep = new Map<string, string[]>();
    for (const f of fs.readdirSync(base).filter((x) => x.endsWith('.vep'))) {
      for (const [k, v] of readVepFile(path.join(base, f), offset)) vep.set(k, v);
    }
    const vcfs = fs.readdirSync(base).filter((f) => f.endsWith('.vcf')).sort();
    const pending: PendingCase[] = [];
    for (const vcf of vcfs) {
      await readVcf(path.join(base, vcf), {
        onRecord: (r) => {
          const id = `${dir}/${vcf}:${r.line}`;
          const variant = `${r.chrom}:${r.pos} ${r.ref}>${r.alts.join(',')}`;
          const exp = infoValue(r.info, 'EXP');
          const expl = infoValue(r.info, 'EXPL');
          const answer = expl ?? exp;
          if (answer === undefined) {
            source.notComparable.push({ id: `${id} ${variant}`, reason: 'no EXP answer in the test VCF (a crash or regression test)' });
            return;
          }
          const joined = answer.split(',').some((e) => (e.split('|')[6] ?? '').includes('+'));
          if (answer.startsWith('@') || (expl === undefined && joined)) {
            source.notComparable.push({
              id: `${id} ${variant}`,
              reason: `haplotype-mode answer only (${answer.substring(0, 40)}): bcftools joins phased variants; GenoDesk annotates each variant alone`,
            });
            return;
          }
          const expected = parseExpected(answer);
          const alt = r.alts[0];
          const v = { chrom: r.chrom, pos: r.pos, ref: r.ref, alt, end: Number(infoValue(r.info, 'END')) || undefined };
          const { effects, result } = annotator.annotateDetailed(v);
          const ours = ourView(effects);
          // bcftools may split one transcript's consequences over several entries (splice_region apart from the
          // coding change); they are merged per transcript, or per gene where it names no transcript.
          const expMap = new Map<string, ExpectedEntry>();
          for (const e of expected) {
            const key = e.transcript ? e.transcript : `gene:${e.gene}`;
            const prev = expMap.get(key);
            if (prev) expMap.set(key, { ...prev, terms: [...new Set([...prev.terms, ...e.terms])], aa: prev.aa ?? e.aa });
            else expMap.set(key, e);
          }
          alignKeys(ours, expMap);
          let agreed = true;
          const problems: string[] = [];
          for (const [key, e] of expMap) {
            const mine = ours.get(key);
            if (!mine || !sameTerms(mine.terms, e.terms)) {
              agreed = false;
              problems.push(`${key}: expected ${e.terms.join('&')}, got ${mine ? mine.terms.join('&') : 'nothing'}`);
              continue;
            }
            if (e.aa) {
              const readThrough = e.terms.includes('frameshift') || e.terms.includes('stop_lost');
              const aa = mine.effect.effect.altProtein !== undefined ? aaChangeAgrees(mine.effect, e.aa, readThrough) : { agreed: false, actual: 'no protein change' };
              if (!aa.agreed) {
                agreed = false;
                problems.push(`${key}: amino acids expected ${e.aa}, got ${aa.actual}`);
              }
            }
          }
          for (const [key, mine] of ours) {
            if (!expMap.has(key)) {
              agreed = false;
              problems.push(`${key}: not expected, got ${mine.terms.join('&')}`);
            }
          }
          const c: AgreementCase = {
            id,
            variant: `${r.chrom}:${r.pos} ${r.ref}>${alt}`,
            transcript: [...expMap.keys()].join(','),
            expected: answer,
            actual: [...ours].map(([k, m]) => `${m.terms.join('&')}|${k}|${m.effect.effect.protein?.hgvs ?? ''}`).join(',') || '.',
            agreed,
          };
          if (!agreed) c.actual = `${c.actual}  [${problems.join('; ')}]`;
          const n = normaliseVcfAllele(v);
          pending.push({
            c,
            variant: { ...v, line: r.line },
            effects,
            expected: new Map([...expMap].map(([k, e]) => [k, e.terms])),
            allele: `${n.chrom}:${n.pos}:${n.ref}:${n.alt}`,
            note: infoValue(r.info, 'type'),
          });
          void result;
        },
      });
    }
    {
      const siblings = pending.map((p) => ({ allele: p.allele, agreed: p.c.agreed, id: p.c.id }));
      for (const p of pending) {
        if (!p.c.agreed) {
          const n = normaliseVcfAllele(p.variant);
          const why = explainBcftools({
            variant: p.variant,
            effects: p.effects,
            expected: p.expected,
            annotator,
            reference,
            siblings,
            note: p.note,
            vepTerms: vep.get(`${p.variant.pos}:${p.variant.ref}:${p.variant.alt}`) ?? vep.get(`${n.pos}:${n.ref}:${n.alt}`),
          });
          p.c.reason = why?.reason;
          p.c.explanation = why?.text ?? 'unexplained';
        }
        source.cases.push(p.c);
      }
    }
    reference.close();
  }
  return source;
}
