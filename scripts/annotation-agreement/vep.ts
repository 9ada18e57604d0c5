// Agreement with Ensembl VEP output: the VEP-annotated VCFs (annotation-truth/vep-csq-vcf) and vcf2maf's
// VEP MAFs, on the transcripts for which GenoDesk has sequence. The only genomic sequence for those
// (GRCh37) loci is bcftools' test slices, whose FASTA header gives the slice's place on the chromosome;
// one slice (ENST00000420190) has no such header and is placed by matching its sequence to another slice.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createAnnotator } from '../../electron/main/services/annotation/annotator.ts';
import type { Annotator } from '../../electron/main/services/annotation/annotator.ts';
import { openReference } from '../../electron/main/services/annotation/sequence/fasta-reader.ts';
import type { ReferenceSequence } from '../../electron/main/services/annotation/sequence/fasta-reader.ts';
import { readGff3 } from '../../electron/main/services/annotation/transcripts/gff3-reader.ts';
import { detectVcfBorneSpecs, parseVcfBorne } from '../../electron/main/services/annotation/vcf/vcf-borne.ts';
import { infoValue, readVcf } from '../../electron/main/services/annotation/vcf/vcf-lines.ts';
import type { AgreementCase, AgreementSource } from './agreement-types.ts';
import { sameTerms, toPre105Vocabulary } from './vocabulary.ts';

interface Slice {
  dir: string;
  chrom: string;
  offset: number;
  length: number;
  annotator: Annotator;
  reference: ReferenceSequence;
  transcripts: Set<string>;
}

function fastaSequence(file: string): string {
  return fs
    .readFileSync(file, 'latin1')
    .split('\n')
    .filter((l) => !l.startsWith('>'))
    .join('')
    .toUpperCase();
}

/** Slices with a known place on GRCh37: from the header, or by exact sequence containment in a placed slice. */
async function placeSlices(root: string): Promise<Slice[]> {
  const dirs = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, `${d}.fa`)));
  const placed: Array<{ dir: string; chrom: string; offset: number; seq: string }> = [];
  const unplaced: Array<{ dir: string; seq: string }> = [];
  for (const d of dirs) {
    const fa = path.join(root, d, `${d}.fa`);
    const head = fs.readFileSync(fa, 'latin1').split('\n')[0];
    const m = /\s(\w+):(\d+)-(\d+)\s*$/.exec(head);
    const seq = fastaSequence(fa);
    if (m) placed.push({ dir: d, chrom: m[1], offset: Number(m[2]) - 1, seq });
    else unplaced.push({ dir: d, seq });
  }
  for (const u of unplaced) {
    for (const p of placed) {
      const probe = p.seq.substring(0, 200);
      const at = u.seq.indexOf(probe);
      if (at >= 0 && u.seq.substring(at, at + p.seq.length) === p.seq.substring(0, u.seq.length - at)) {
        placed.push({ dir: u.dir, chrom: p.chrom, offset: p.offset - at, seq: u.seq });
        break;
      }
    }
  }
  const slices: Slice[] = [];
  for (const p of placed) {
    const gff = await readGff3(path.join(root, p.dir, `${p.dir}.gff`));
    const reference = await openReference(path.join(root, p.dir, `${p.dir}.fa`));
    slices.push({
      dir: p.dir,
      chrom: p.chrom,
      offset: p.offset,
      length: p.seq.length,
      annotator: createAnnotator({ transcripts: gff.transcripts, reference }),
      reference,
      transcripts: new Set(gff.transcripts.map((t) => t.id)),
    });
  }
  return slices;
}

const stripRef = (h: string | undefined | null): string => (h ? h.substring(h.indexOf(':') + 1).replace(/[()]/g, '').replace(/%3D/g, '=') : '');

export async function vepCsqAgreement(truthRoot: string): Promise<AgreementSource> {
  const source: AgreementSource = {
    name: 'Ensembl VEP annotated VCFs (on transcripts with sequence)',
    compared: 'Consequence terms, HGVSc and HGVSp per transcript',
    cases: [],
    notComparable: [],
  };
  const slices = await placeSlices(path.join(truthRoot, 'bcftools-csq'));
  const files = fs.readdirSync(path.join(truthRoot, 'vep-csq-vcf')).sort();
  for (const f of files) {
    const file = path.join(truthRoot, 'vep-csq-vcf', f);
    let specs: ReturnType<typeof detectVcfBorneSpecs> = [];
    let pre105 = true;
    let matched = 0;
    let total = 0;
    await readVcf(file, {
      onHeader: (h) => {
        specs = detectVcfBorneSpecs(h.meta).filter((s) => s.tool === 'VEP');
        const v = Number(/\d+/.exec(specs[0]?.version ?? '')?.[0]);
        // No ##VEP line: the file uses none of the release-105 splice terms, so it predates them.
        pre105 = !(v >= 105);
      },
      onRecord: (r) => {
        total++;
        const raw = infoValue(r.info, 'CSQ');
        if (!raw || specs.length === 0) return;
        const slice = slices.find((s) => s.chrom === r.chrom && r.pos > s.offset && r.pos <= s.offset + s.length);
        if (!slice) return;
        const local = r.pos - slice.offset;
        r.alts.forEach((alt, i) => {
          const borne = parseVcfBorne(specs[0], raw, r.ref, r.alts)[i];
          const { effects } = slice.annotator.annotateDetailed({ chrom: r.chrom, pos: local, ref: r.ref, alt });
          for (const t of borne.transcripts) {
            if (!t.transcript || !slice.transcripts.has(t.transcript)) continue;
            matched++;
            const mine = effects.find((e) => e.transcript.id === t.transcript);
            const ourTerms = mine ? (pre105 ? toPre105Vocabulary(mine.effect.terms) : mine.effect.terms) : [];
            const termsOk = sameTerms(ourTerms, t.terms);
            const hgvscOk = stripRef(t.hgvsc) === stripRef(mine?.effect.hgvsc);
            const hgvspOk = stripRef(t.hgvsp) === stripRef(mine?.effect.hgvsp);
            const c: AgreementCase = {
              id: `${f}:${r.line} (slice ${slice.dir}, offset ${slice.offset})`,
              variant: `${r.chrom}:${r.pos} ${r.ref}>${alt}`,
              transcript: t.transcript,
              expected: `${t.terms.join('&')} ${t.hgvsc ?? ''} ${t.hgvsp ?? ''}`.trim(),
              actual: `${ourTerms.join('&')} ${mine?.effect.hgvsc ?? ''} ${mine?.effect.hgvsp ?? ''}`.trim(),
              agreed: termsOk && hgvscOk && hgvspOk,
            };
            if (!c.agreed) {
              c.reason = !termsOk ? 'terms' : !hgvscOk ? 'hgvsc' : 'hgvsp';
              c.explanation = 'unexplained';
            }
            source.cases.push(c);
          }
        });
      },
    });
    source.notComparable.push({
      id: f,
      reason: `${total} records; ${matched} transcript annotations fall on transcripts with sequence (bcftools GRCh37 slices); the rest have no reference sequence in shared/data`,
    });
  }
  // Ensembl VEP output shipped with a bcftools case (`*.vep`: genomic POS REF ALT, then VEP's fields).
  for (const slice of slices) {
    const dir = path.join(truthRoot, 'bcftools-csq', slice.dir);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.vep'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        const v = line.trim().split(/\s+/);
        if (v.length < 4 || !/^\d+$/.test(v[0]) || !v[3].includes('|')) continue;
        const fields = v[3].split('|');
        const terms = fields[1].split('&');
        const tx = fields[6];
        const { effects } = slice.annotator.annotateDetailed({ chrom: slice.chrom, pos: Number(v[0]) - slice.offset, ref: v[1], alt: v[2] });
        const mine = effects.find((e) => e.transcript.id === tx);
        const ours = mine ? toPre105Vocabulary(mine.effect.terms) : [];
        const c: AgreementCase = {
          id: `bcftools-csq/${slice.dir}/${f}`,
          variant: `${slice.chrom}:${v[0]} ${v[1]}>${v[2]}`,
          transcript: tx,
          expected: terms.join('&'),
          actual: ours.join('&') || '-',
          agreed: sameTerms(ours, terms),
        };
        if (!c.agreed) {
          c.reason = 'terms';
          c.explanation = 'unexplained';
        }
        source.cases.push(c);
      }
    }
  }
  for (const s of slices) s.reference.close();
  return source;
}

/** vcf2maf's MAFs (GRCh37, VEP): none of their transcripts lies in a sequence available here. */
export function vcf2mafAgreement(truthRoot: string, available: Set<string>): AgreementSource {
  const source: AgreementSource = {
    name: 'vcf2maf VEP MAF outputs',
    compared: 'Consequence, HGVSc, HGVSp on transcripts present',
    cases: [],
    notComparable: [],
  };
  for (const f of ['test_output.vep_isoforms.maf', 'test_output.custom_isoforms.maf']) {
    const file = path.join(truthRoot, 'vcf2maf-vep', f);
    const text = f.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(file)).toString() : fs.readFileSync(file, 'utf8');
    const rows = text.split('\n').filter((l) => l && !l.startsWith('#'));
    const head = rows[0].split('\t');
    for (const line of rows.slice(1)) {
      const d = Object.fromEntries(head.map((h, i) => [h, line.split('\t')[i] ?? '']));
      const tx = d.Transcript_ID;
      if (tx && available.has(tx)) continue; // would be compared here; none is available in shared/data
      source.notComparable.push({
        id: `${f} ${d.Chromosome}:${d.Start_Position} ${d.Hugo_Symbol} ${tx || '(intergenic)'}`,
        reason: tx ? `${tx} (${d.RefSeq || 'no RefSeq'}) is in no transcript pack with GRCh37 sequence here` : 'intergenic',
      });
    }
  }
  return source;
}
