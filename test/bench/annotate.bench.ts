// `npm run bench:annotate`: variants/s and peak RSS of the annotator against the shipped demo packs.
// Workload: the real NA12878 GRCh38 chr21 Platinum calls, repeated to BENCH_VARIANTS alleles (default
// 2,000,000); the transcript-heavy path is measured separately by repeating only the alleles that fall in
// transcripts. Ensembl VEP's own figure with a local cache is ~1,700 variants/s; the target is ≥ 17,000/s.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotateVcfFile } from '../../electron/main/services/annotation/annotate-vcf-file.ts';
import { createAnnotator } from '../../electron/main/services/annotation/annotator.ts';
import type { VariantInput } from '../../electron/main/services/annotation/annotator.ts';
import { openSourcesFromPacks } from '../../electron/main/services/annotation/packs/open-sources.ts';
import { readVcf } from '../../electron/main/services/annotation/vcf/vcf-lines.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = process.env.GENODESK_SHARED_DATA ?? path.resolve(root, '../shared/data');
const vcf = path.join(shared, 'vcf', 'platinum-genomes-NA12878', 'PG_NA12878_hg38-chr21.vcf.gz');
const packs = { transcripts: path.join(root, 'resources', 'packs', 'grch38-chr21-ensembl84-demo'), clinvar: path.join(root, 'resources', 'packs', 'clinvar-macarthur2018-grch38') };
const target = Number(process.env.BENCH_VARIANTS ?? 2_000_000);
const rssMb = (): number => process.resourceUsage().maxRSS / 1024;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-GB');

let t = performance.now();
const sources = await openSourcesFromPacks(packs);
console.log(`open packs (verify sha256, GFF3, bgzip FASTA index, ClinVar): ${(performance.now() - t).toFixed(0)} ms`);

const base: VariantInput[] = [];
await readVcf(vcf, { onRecord: (r) => void r.alts.forEach((alt) => base.push({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt })) });

// 1. Streaming the real file end to end (gunzip, VCF parse, normalise, annotate, ClinVar), nothing stored.
t = performance.now();
let streamed = 0;
await annotateVcfFile({ vcf, sources, onVariant: () => void streamed++ });
let ms = performance.now() - t;
console.log(`stream ${path.basename(vcf)}: ${fmt(streamed)} alleles in ${ms.toFixed(0)} ms = ${fmt((streamed / ms) * 1000)} variants/s`);

// 2. Batch API (what the worker runs) over all variants, repeated.
const annotator = createAnnotator(sources);
const batch = 10_000;
let done = 0;
let inTx = 0;
t = performance.now();
while (done < target) {
  for (let i = 0; i < base.length && done < target; i += batch) {
    const slice = base.slice(i, Math.min(i + batch, i + target - done));
    for (const r of annotator.annotate(slice)) if (r.consequences.length) inTx++;
    done += slice.length;
  }
}
ms = performance.now() - t;
console.log(`batch, all variants: ${fmt(done)} in ${ms.toFixed(0)} ms = ${fmt((done / ms) * 1000)} variants/s (${fmt(inTx)} within 5 kb of a transcript)`);

// 3. Only variants in or near transcripts (every one does transcript work), repeated.
const inTranscripts = base.filter((v) => annotator.annotateOne(v).consequences.length > 0);
const txTarget = Math.min(target, 500_000);
done = 0;
t = performance.now();
while (done < txTarget) {
  for (let i = 0; i < inTranscripts.length && done < txTarget; i += batch) {
    const slice = inTranscripts.slice(i, i + batch);
    annotator.annotate(slice);
    done += slice.length;
  }
}
ms = performance.now() - t;
console.log(`batch, variants in/near transcripts (${fmt(inTranscripts.length)} distinct): ${fmt(done)} in ${ms.toFixed(0)} ms = ${fmt((done / ms) * 1000)} variants/s`);
console.log(`peak RSS: ${rssMb().toFixed(0)} MB`);
sources.reference.close();
