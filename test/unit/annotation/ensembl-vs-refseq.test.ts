// Two independent third-party gene models of the same loci — Ensembl 84 (the demo pack) and NCBI RefSeq
// release 108 (VEP's refseq.gff.gz) — over the same GRCh38 sequence: wherever an Ensembl and a RefSeq
// transcript encode the identical protein, every coding variant must get the same predicted p. change and
// the same consequence terms on both. Variants: the NA12878 calls in those genes plus every SNV of their
// coding exons' first codons.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { createAnnotator } from '../../../electron/main/services/annotation/annotator.ts';
import { openTranscriptFiles } from '../../../electron/main/services/annotation/packs/open-sources.ts';
import { readVcf } from '../../../electron/main/services/annotation/vcf/vcf-lines.ts';
import type { VariantInput } from '../../../electron/main/services/annotation/annotator.ts';

const DEMO = path.join(RESOURCES, 'packs', 'grch38-chr21-ensembl84-demo');
const FASTA = path.join(DEMO, 'GRCh38_chr21_Npadded.fa.gz');

describe('Ensembl and RefSeq models agree where they encode the same protein', () => {
  it('gives identical p. and terms on protein-identical transcript pairs', async () => {
    const ens = await openTranscriptFiles(path.join(DEMO, 'transcripts.gff3.gz'), FASTA);
    const ref = await openTranscriptFiles(path.join(SHARED_DATA, 'reference', 'ensembl-vep-testdata', 'refseq.gff.gz'), FASTA);
    const a = createAnnotator({ transcripts: ens.transcripts, reference: ens.reference });
    const b = createAnnotator({ transcripts: ref.transcripts, reference: ref.reference });
    const variants: VariantInput[] = [];
    await readVcf(path.join(SHARED_DATA, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_hg38-chr21.vcf.gz'), {
      onRecord: (r) => {
        if (r.pos < 25_580_000 || r.pos > 25_780_000) return;
        for (const alt of r.alts) variants.push({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt });
      },
    });
    for (const t of ens.transcripts.filter((x) => x.codingStart !== undefined && x.start > 25_580_000 && x.end < 25_780_000)) {
      for (let p = (t.codingStart as number) - 3; p <= (t.codingStart as number) + 5; p++) {
        const base = ens.reference.fetch('21', p, p);
        for (const alt of 'ACGT') if (alt !== base) variants.push({ chrom: '21', pos: p, ref: base, alt });
      }
    }
    let pairs = 0;
    let compared = 0;
    for (const v of variants) {
      const x = a.annotateDetailed(v).effects;
      const y = b.annotateDetailed(v).effects;
      for (const e of x) {
        if (!e.sequence.coding || !e.effect.protein) continue;
        for (const f of y) {
          if (!f.sequence.coding || f.sequence.peptide() !== e.sequence.peptide()) continue;
          // same protein, same CDS placement on the genome
          if (f.transcript.codingStart !== e.transcript.codingStart || f.transcript.codingEnd !== e.transcript.codingEnd) continue;
          pairs++;
          expect(f.effect.protein?.hgvs, `${v.pos} ${v.ref}>${v.alt} ${e.transcript.id}/${f.transcript.id}`).toBe(e.effect.protein.hgvs);
          const coding = (ts: string[]): string[] => ts.filter((s) => !/UTR|intron|non_coding|NMD/.test(s));
          expect(coding(f.effect.terms)).toEqual(coding(e.effect.terms));
          compared++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(20);
    expect(compared).toBe(pairs);
    ens.reference.close();
    ref.reference.close();
  });
});
