// Agreement with the biocommons/hgvs truth tables, where the transcript sequence is available in shared/data:
//  • c. rows on an NCBI mRNA we have as GenBank (with its CDS) or FASTA+cdot: the variant is rebuilt on the
//    mRNA, annotated, and our 3'-normalised HGVS c. compared with the table's (deleted/duplicated bases that
//    the table spells out are not compared: VEP-style HGVSc omits them);
//  • g. → c. rows for transcripts placed on GRCh38 by cdot (exon bases from the mRNA, introns unknown):
//    substitutions anywhere, indels only where the sequence needed to normalise them is known.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createAnnotator } from '../../electron/main/services/annotation/annotator.ts';
import type { Annotator } from '../../electron/main/services/annotation/annotator.ts';
import { referenceFromStrings } from '../../electron/main/services/annotation/sequence/fasta-reader.ts';
import type { AgreementCase, AgreementSource } from './agreement-types.ts';
import { bunzip, cdotPlacement, mrnaTranscript, parseGenBank, readFastaRecords } from './transcript-sources.ts';
import type { GenBankMrna } from './transcript-sources.ts';

interface ParsedC {
  kind: 'c' | 'n';
  start: string;
  end?: string;
  edit: string;
}

const POS = String.raw`[-*]?\d+(?:[+-]\d+)?`;
const C_RE = new RegExp(`^([cn])\\.(${POS})(?:_(${POS}))?(.+)$`);

export function parseC(text: string): ParsedC | undefined {
  const m = C_RE.exec(text);
  return m ? { kind: m[1] as 'c' | 'n', start: m[2], end: m[3], edit: m[4] } : undefined;
}

/** Table notation → VEP-style: drop spelled-out deleted/duplicated bases and counts (delATGGT, del57, dupT). */
export function canonicalHgvsC(text: string): string {
  return text
    .replace(/del[ACGTN]+ins/, 'delins')
    .replace(/(del|dup)(?:[ACGTN]+|\d+)$/, '$1');
}

function mrnaPosition(p: string, m: GenBankMrna): number | undefined {
  if (/\d[+-]\d/.test(p)) return undefined; // intronic: no intron sequence on an mRNA
  if (p.startsWith('*')) return m.cdsEnd !== undefined ? m.cdsEnd + Number(p.substring(1)) : undefined;
  const n = Number(p);
  if (m.cdsStart === undefined) return n;
  return n < 0 ? m.cdsStart + n : m.cdsStart + n - 1;
}

/** The c. change as a VCF-style allele on the mRNA contig; undefined when not expressible there. */
function alleleOnMrna(c: ParsedC, m: GenBankMrna): { pos: number; ref: string; alt: string; statedRef?: string } | undefined {
  const a = mrnaPosition(c.start, m);
  const b = c.end ? mrnaPosition(c.end, m) : a;
  if (a === undefined || b === undefined || a < 2 || b > m.sequence.length) return undefined;
  const seq = m.sequence;
  const at = (i: number): string => seq[i - 1];
  const range = (i: number, j: number): string => seq.substring(i - 1, j);
  let e: RegExpExecArray | null;
  if ((e = /^([ACGT])>([ACGT])$/.exec(c.edit))) return { pos: a, ref: at(a), alt: e[2], statedRef: e[1] };
  if ((e = /^del([ACGT]*)\d*$/.exec(c.edit))) return { pos: a - 1, ref: range(a - 1, b), alt: at(a - 1), statedRef: e[1] || undefined };
  if ((e = /^dup([ACGT]*)\d*$/.exec(c.edit))) return { pos: b, ref: at(b), alt: at(b) + range(a, b), statedRef: e[1] || undefined };
  if ((e = /^ins([ACGT]+)$/.exec(c.edit))) return b === a + 1 ? { pos: a, ref: at(a), alt: at(a) + e[1] } : undefined;
  if ((e = /^del([ACGT]*)ins([ACGT]+)$/.exec(c.edit))) return { pos: a, ref: range(a, b), alt: e[2], statedRef: e[1] || undefined };
  return undefined;
}

function loadMrnas(refRoot: string): Map<string, GenBankMrna> {
  const out = new Map<string, GenBankMrna>();
  const gbDir = path.join(refRoot, 'transcripts', 'mutalyzer2-genbank');
  for (const f of fs.readdirSync(gbDir).filter((x) => /^N[MR]_.*\.gb\.bz2$/.test(x))) {
    const m = parseGenBank(bunzip(path.join(gbDir, f)));
    if (m) out.set(m.accession, m);
  }
  return out;
}

function stripAcc(h: string | undefined): string {
  return h ? h.substring(h.indexOf(':') + 1) : '';
}

export async function biocommonsAgreement(truthRoot: string, refRoot: string): Promise<AgreementSource> {
  const source: AgreementSource = {
    name: 'biocommons/hgvs tables (transcripts with sequence)',
    compared: "HGVS c. (3'-normalised) from the variant rebuilt on the transcript or placed from g.",
    cases: [],
    notComparable: [],
  };
  const mrnas = loadMrnas(refRoot);
  // pyhgvs FASTA has NM_007294.3 (BRCA1) without CDS; cdot gives its CDS and exon placement.
  const pyhgvs = readFastaRecords(path.join(refRoot, 'transcripts', 'pyhgvs', 'test_refseqs.fa'));
  const cdotFile = path.join(refRoot, 'transcripts', 'hgvs-rs-cdot', 'cdot-0.2.21.refseq.grch37_grch38.brca1.json');
  const annotators = new Map<string, Annotator>();
  const annotatorFor = (m: GenBankMrna): Annotator => {
    let a = annotators.get(m.accession);
    if (!a) {
      a = createAnnotator({ transcripts: [mrnaTranscript(m)], reference: referenceFromStrings(m.accession, { [m.accession]: m.sequence }) });
      annotators.set(m.accession, a);
    }
    return a;
  };
  const cdotTranscripts = new Set(Object.keys((JSON.parse(fs.readFileSync(cdotFile, 'utf8')) as { transcripts: object }).transcripts));

  // ---- ClinVar table: gene, variation id, then g./c./n. strings ----
  const text = zlib.gunzipSync(fs.readFileSync(path.join(truthRoot, 'biocommons-hgvs', 'clinvar.gz'))).toString('utf8');
  const garcia = fs.readFileSync(path.join(truthRoot, 'biocommons-hgvs', 'garcia.tsv'), 'utf8');
  const rows: Array<{ id: string; strings: string[] }> = [];
  for (const line of text.split('\n').slice(1)) {
    if (line.startsWith('#')) continue; // rows the biocommons authors disabled
    const f = line.split('\t');
    if (f.length >= 3) rows.push({ id: `clinvar.gz ${f[0]} ${f[1]}`, strings: f[2].trim().split(/\s+/) });
  }
  for (const line of garcia.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f.length >= 4) rows.push({ id: `garcia.tsv ${f[0]}`, strings: [f[1], f[2], f[3]] });
  }
  let skippedNoSeq = 0;
  let skippedIntronic = 0;
  for (const row of rows) {
    for (const s of row.strings) {
      const acc = s.substring(0, s.indexOf(':'));
      const m = mrnas.get(acc);
      if (!/^N[MR]_/.test(acc)) continue;
      if (!m) {
        skippedNoSeq++;
        continue;
      }
      const c = parseC(s.substring(acc.length + 1));
      const allele = c ? alleleOnMrna(c, m) : undefined;
      if (!c || !allele) {
        skippedIntronic++;
        continue;
      }
      const expected = `${c.kind}.${canonicalHgvsC(s.substring(acc.length + 3))}`;
      const { result } = annotatorFor(m).annotateDetailed({ chrom: m.accession, pos: allele.pos, ref: allele.ref, alt: allele.alt });
      const mine = result.consequences.find((x) => x.transcript === m.accession);
      const actual = stripAcc(mine?.hgvsc ?? undefined);
      const statedOk = !allele.statedRef || /^\d/.test(allele.statedRef) || canonicalStated(allele, m, c);
      const cs: AgreementCase = {
        id: `${row.id}`,
        variant: s,
        transcript: acc,
        expected,
        actual: actual || '-',
        agreed: actual === expected && statedOk,
      };
      if (!cs.agreed) {
        const insIsDup = /_\d+ins[ACGT]+$/.test(expected) && /dup$/.test(actual);
        const sameEdit = statedOk && !insIsDup && equivalentOnMrna(expected, actual, m);
        cs.reason = !statedOk ? 'reference-base-differs' : insIsDup ? 'table-insertion-is-duplication' : sameEdit ? 'table-not-3prime-shifted' : 'hgvsc';
        cs.explanation = !statedOk
          ? `the table's reference bases are not those of ${acc}`
          : insIsDup
            ? "the table writes an insertion of bases identical to those just 5' of it; HGVS (and VEP) describe that as a duplication, shifted 3'"
            : sameEdit
              ? "both describe the same edited transcript; the table's placement is not the 3'-most the sequence allows (HGVS 3' rule)"
              : 'unexplained';
      }
      source.cases.push(cs);
    }
  }
  source.notComparable.push({ id: 'clinvar.gz + garcia.tsv', reason: `${skippedNoSeq} c./n. strings on transcripts without sequence here; ${skippedIntronic} intronic or not expressible on an mRNA` });

  // ---- g. (GRCh38) → c. on transcripts cdot places on chr17 ----
  let placedChecked = 0;
  for (const row of rows) {
    const g38 = row.strings.find((s) => s.startsWith('NC_000017.11:g.'));
    if (!g38) continue;
    for (const s of row.strings) {
      const acc = s.substring(0, s.indexOf(':'));
      if (!cdotTranscripts.has(acc)) continue;
      const placement = cdotPlacement(cdotFile, acc, 'GRCh38', pyhgvs.get(acc) ?? mrnas.get(acc)?.sequence ?? '');
      const mrna = placement && !placement.contigs[placement.transcript.seqid].replace(/N/g, '') ? undefined : placement;
      const gm = /^g\.(\d+)(?:_(\d+))?(.*)$/.exec(g38.substring(g38.indexOf(':') + 1));
      if (!gm) continue;
      const subst = /^([ACGT])>([ACGT])$/.exec(gm[3]);
      if (!placement || (!subst && !mrna)) {
        source.notComparable.push({ id: `${row.id} ${s}`, reason: mrna ? 'cdot alignment has gaps' : 'no transcript sequence for an indel' });
        continue;
      }
      const { transcript, contigs, offset } = placement;
      const ref = referenceFromStrings(acc, contigs);
      const ann = createAnnotator({ transcripts: [transcript], reference: ref });
      const g1 = Number(gm[1]) - offset;
      const g2 = gm[2] ? Number(gm[2]) - offset : g1;
      const chrom = transcript.seqid;
      const at = (i: number): string => ref.fetch(chrom, i, i);
      let v: { pos: number; ref: string; alt: string } | undefined;
      let e: RegExpExecArray | null;
      if (subst) v = { pos: g1, ref: subst[1], alt: subst[2] };
      else if (/^del[ACGT]*$/.test(gm[3])) v = { pos: g1 - 1, ref: ref.fetch(chrom, g1 - 1, g2), alt: at(g1 - 1) };
      else if (/^dup[ACGT]*$/.test(gm[3])) v = { pos: g2, ref: at(g2), alt: at(g2) + ref.fetch(chrom, g1, g2) };
      else if ((e = /^ins([ACGT]+)$/.exec(gm[3]))) v = { pos: g1, ref: at(g1), alt: at(g1) + e[1] };
      else if ((e = /^del[ACGT]*ins([ACGT]+)$/.exec(gm[3]))) v = { pos: g1, ref: ref.fetch(chrom, g1, g2), alt: e[1] };
      const window = ref.fetch(chrom, g1 - 30, g2 + 30);
      if (!v || (!subst && window.includes('N'))) {
        source.notComparable.push({ id: `${row.id} ${s}`, reason: 'indel next to intron sequence that is not available' });
        continue;
      }
      placedChecked++;
      const { result } = ann.annotateDetailed({ chrom, ...v });
      const actual = stripAcc(result.consequences.find((x) => x.transcript === acc)?.hgvsc ?? undefined);
      const expected = canonicalHgvsC(s.substring(acc.length + 1));
      const cs: AgreementCase = { id: `${row.id} (g. GRCh38 via cdot)`, variant: g38, transcript: acc, expected, actual: actual || '-', agreed: actual === expected };
      if (!cs.agreed) {
        cs.reason = 'hgvsc';
        cs.explanation = 'unexplained';
      }
      source.cases.push(cs);
    }
  }
  void placedChecked;

  // ---- tables whose transcripts have no sequence here ----
  for (const f of ['ext.tsv', 'proj-near-disc.tsv', 'sanity_cp.tsv', ...fs.readdirSync(path.join(truthRoot, 'biocommons-hgvs', 'gcp')).map((x) => `gcp/${x}`)]) {
    const t = fs.readFileSync(path.join(truthRoot, 'biocommons-hgvs', f), 'utf8');
    const accs = new Set(t.match(/N[MR]_\d+\.\d+/g) ?? []);
    const have = [...accs].filter((a) => mrnas.has(a) || pyhgvs.has(a));
    source.notComparable.push({
      id: f,
      reason: have.length ? `transcripts ${have.join(', ')} available but without a CDS or placement for this table's notation` : `none of its ${accs.size} transcripts (${[...accs].slice(0, 3).join(', ')}…) has sequence in shared/data`,
    });
  }
  return source;
}

function applyOnMrna(hgvs: string, m: GenBankMrna): string | undefined {
  const c = parseC(hgvs);
  const a = c ? alleleOnMrna(c, m) : undefined;
  if (!a) return undefined;
  return m.sequence.substring(0, a.pos - 1) + a.alt + m.sequence.substring(a.pos - 1 + a.ref.length);
}

/** Two c. descriptions are the same change when they edit the transcript into the same sequence. */
function equivalentOnMrna(x: string, y: string, m: GenBankMrna): boolean {
  const a = applyOnMrna(x, m);
  return a !== undefined && a === applyOnMrna(y, m);
}

/** When the table spells the reference bases (c.76A>T, delATGGT), they must be the transcript's. */
function canonicalStated(allele: { pos: number; ref: string; alt: string; statedRef?: string }, m: GenBankMrna, c: ParsedC): boolean {
  const stated = allele.statedRef as string;
  if (/^[ACGT]>[ACGT]$/.test(c.edit)) return allele.ref === stated;
  if (c.edit.startsWith('dup')) return allele.alt.substring(1) === stated;
  if (c.edit.startsWith('del') && !c.edit.includes('ins')) return allele.ref.substring(1) === stated;
  void m;
  return allele.ref === stated;
}
