// The deep-intron shortcut in predict.ts must give exactly what the full VEP-style rules give. Checked on
// every intron of two independent real gene models over the same GRCh38 sequence (Ensembl 84's demo pack
// and NCBI RefSeq 108, both strands, coding, non-coding and NMD transcripts): SNVs, deletions and
// insertions at every offset from 1 to 30 bases from each intron end — where the splice predicates stop
// applying — and in the middle.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESOURCES, SHARED_DATA } from '../../helpers/paths.ts';
import { openTranscriptFiles } from '../../../electron/main/services/annotation/packs/open-sources.ts';
import { TranscriptSequence } from '../../../electron/main/services/annotation/transcripts/transcript-sequence.ts';
import { predictTranscriptEffect, predictTranscriptEffectInFull } from '../../../electron/main/services/annotation/consequence/predict.ts';
import type { GenomicAllele } from '../../../electron/main/services/annotation/consequence/genomic-allele.ts';

const DEMO = path.join(RESOURCES, 'packs', 'grch38-chr21-ensembl84-demo');
const FASTA = path.join(DEMO, 'GRCh38_chr21_Npadded.fa.gz');
const MODELS = [path.join(DEMO, 'transcripts.gff3.gz'), path.join(SHARED_DATA, 'reference', 'ensembl-vep-testdata', 'refseq.gff.gz')];

describe('deep-intron shortcut', () => {
  it('equals the full rules at every offset from the intron ends, for SNVs, deletions and insertions', async () => {
    let compared = 0;
    let deepIntronic = 0;
    const biotypes = new Set<string>();
    for (const file of MODELS) {
      const opened = await openTranscriptFiles(file, FASTA);
      for (const model of opened.transcripts) {
        const ts = new TranscriptSequence(model, opened.reference);
        for (const intron of ts.introns) {
          const offsets = new Set<number>();
          for (let k = 0; k <= 30; k++) offsets.add(intron.start + k).add(intron.end - k);
          offsets.add(Math.floor((intron.start + intron.end) / 2));
          for (const p of offsets) {
            if (p < intron.start - 2 || p > intron.end + 2) continue;
            const base = opened.reference.fetch(model.seqid, p, p + 4);
            const alleles: GenomicAllele[] = [
              { chrom: model.seqid, start: p, end: p, ref: base[0], alt: base[0] === 'A' ? 'G' : 'A' },
              { chrom: model.seqid, start: p, end: p + 2, ref: base.slice(0, 3), alt: '' },
              { chrom: model.seqid, start: p + 1, end: p, ref: '', alt: 'TTA' },
            ];
            for (const a of alleles) {
              const fast = predictTranscriptEffect(ts, a);
              const full = predictTranscriptEffectInFull(ts, a);
              expect(fast, `${model.id} ${a.start}-${a.end} ${a.ref}>${a.alt}`).toEqual(full);
              compared++;
              if (full?.terms.length === 1 && full.terms[0] === 'intron_variant') deepIntronic++;
              biotypes.add(model.biotype);
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(deepIntronic).toBeGreaterThan(1_000);
    expect(biotypes.size).toBeGreaterThan(2);
  }, 120_000);
});
