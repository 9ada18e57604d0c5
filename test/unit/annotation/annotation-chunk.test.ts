// The packed form of stored annotations (annotation-store/annotation-chunk.ts, issue 15) round-trips real
// annotations exactly: GenoDesk's own consequences for Ensembl VEP's chr21 test input and NA12878's chr21
// calls (demo pack from Ensembl 84), the 2021-10-25 ClinVar test records, and the VEP CSQ a VCF carried.
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { annotateVcfFile } from '../../../electron/main/services/annotation/annotate-vcf-file.ts';
import { AnnotationChunkPacker, decodeDetail, decodeSummaries, packAnnotationChunk } from '../../../electron/main/services/annotation-store/annotation-chunk.ts';
import { summarise } from '../../../electron/main/services/annotation-store/annotation-summary.ts';
import type { AnnotatedVariant, PackVersion } from '../../../shared/schemas/annotation.ts';
import { DEMO_CLINVAR, DEMO_TRANSCRIPTS, NA12878_GRCH38, VEP_CSQ_VCF, makeVepTestWithClinvar } from '../../helpers/annotation-vcfs.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const tmp = makeTempDir('genodesk-annotation-chunk-');
afterAll(() => tmp.cleanup());
const PACK: PackVersion = { kind: 'transcripts', id: 'grch38-chr21-ensembl84-demo', version: '84' } as PackVersion;

async function annotated(vcf: string): Promise<AnnotatedVariant[]> {
  const r = await annotateVcfFile({ vcf, packs: { transcripts: DEMO_TRANSCRIPTS, clinvar: DEMO_CLINVAR } });
  return r.variants ?? [];
}

/** Packs in chunks of 2,048 with gaps in the ids (as '*' ALTs leave), unpacks, and returns what was read. */
function roundTrip(variants: AnnotatedVariant[]): { detail: AnnotatedVariant[]; bytes: number; rows: number } {
  const out: AnnotatedVariant[] = [];
  let bytes = 0;
  for (let start = 0; start < variants.length; start += 2048) {
    const part = variants.slice(start, start + 2048);
    const firstId = 1000 + start * 2;
    const items = part.map((v, i) => ({ variantId: firstId + i * 2, annotated: v }));
    const chunk = packAnnotationChunk(firstId, items, PACK);
    bytes += chunk.summary.byteLength + chunk.detail.byteLength;
    expect(chunk.count).toBe(part.length);
    const d = decodeDetail(firstId, chunk.detail);
    const s = decodeSummaries(firstId, chunk.summary);
    expect(d.ids).toEqual(items.map((x) => x.variantId));
    items.forEach(({ variantId, annotated: v }) => {
      const i = d.indexOf(variantId);
      out.push({ chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt, ...d.variant(i) });
      // The browser's summary is what summarise() gives for the variant.
      const sum = summarise(v, PACK);
      expect(s.summary(s.indexOf(variantId))).toMatchObject({ source: sum.source, gene: sum.gene, transcript: sum.transcript, mostSevere: sum.mostSevere, impact: sum.impact, transcripts: sum.transcripts });
    });
    expect(d.indexOf(firstId + 1)).toBe(-1);
  }
  return { detail: out, bytes, rows: variants.reduce((n, v) => n + 1 + v.consequences.length, 0) };
}

describe('packed annotation chunks', () => {
  it('round-trip GenoDesk consequences and ClinVar matches of Ensembl VEP’s chr21 test input exactly', async () => {
    const variants = await annotated(makeVepTestWithClinvar(tmp.dir));
    expect(variants.some((v) => v.clinvar)).toBe(true);
    // Equal, not strictly: the annotator writes `conflictingClassifications: undefined`, which JSON (the CLI,
    // IPC) never carries and no store keeps.
    expect(roundTrip(variants).detail).toEqual(variants);
  });

  it('round-trip NA12878’s 65,370 chr21 calls exactly, in a few bytes per transcript', async () => {
    const variants = await annotated(NA12878_GRCH38);
    const { detail, bytes, rows } = roundTrip(variants);
    expect(detail).toStrictEqual(variants);
    console.log(`NA12878 chr21: ${variants.length} variants, ${rows} variant + transcript rows packed into ${bytes} bytes (${(bytes / rows).toFixed(1)} bytes a row)`);
  });

  it('round-trip the VEP CSQ a VCF carried (tool, version, every field)', async () => {
    const variants = await annotated(VEP_CSQ_VCF);
    expect(variants.every((v) => (v.vcfAnnotations ?? []).length > 0)).toBe(true);
    expect(roundTrip(variants).detail).toEqual(variants);
  });

  it('compress with Zstandard and still read the DEFLATE chunks stored before it', async () => {
    const variants = (await annotated(NA12878_GRCH38)).slice(0, 2048);
    const items = variants.map((annotated, i) => ({ variantId: 1 + i, annotated }));
    const chunk = packAnnotationChunk(1, items, PACK);
    // u8 version | u8 flags: 2 = Zstandard.
    expect([chunk.detail[0], chunk.detail[1]]).toEqual([1, 2]);
    const body = zlib.zstdDecompressSync(chunk.detail.subarray(2));
    // The same body as the code before Zstandard wrote it: flag 1, raw DEFLATE.
    const deflated = new Uint8Array([1, 1, ...zlib.deflateRawSync(body, { level: 1 })]);
    const fromZstd = decodeDetail(1, chunk.detail);
    const fromDeflate = decodeDetail(1, deflated);
    expect(items.map((_, i) => fromDeflate.variant(i))).toStrictEqual(items.map((_, i) => fromZstd.variant(i)));
    expect(items.map((_, i) => fromZstd.variant(i).consequences)).toStrictEqual(variants.map((v) => v.consequences));
    expect(() => decodeDetail(1, new Uint8Array([1, 2, 1, 2, 3]))).toThrow(/annotation chunk 1 detail/);
  });

  it('packs the same bytes whatever chunk was packed before it (the worker reuses column storage)', async () => {
    const variants = await annotated(NA12878_GRCH38);
    const small = variants.slice(100, 300).map((annotated, i) => ({ variantId: 1 + i, annotated }));
    const first = packAnnotationChunk(1, small, PACK);
    // A bigger chunk in between grows and fills every column; the small one must not see any of it.
    packAnnotationChunk(1, variants.slice(5000, 7048).map((annotated, i) => ({ variantId: 1 + i, annotated })), PACK);
    const packer = new AnnotationChunkPacker(1, PACK, small.length);
    for (const { variantId, annotated: v } of small) packer.add(variantId, v);
    const again = packer.finish();
    expect(Buffer.from(again.summary).equals(Buffer.from(first.summary))).toBe(true);
    expect(Buffer.from(again.detail).equals(Buffer.from(first.detail))).toBe(true);
    expect(() => packer.add(500, small[0].annotated)).toThrow(/already packed/);
  });

  it('keeps negative, large and fractional numbers, empty strings and non-ASCII text', () => {
    const v: AnnotatedVariant = {
      chrom: 'chr21',
      pos: 1,
      ref: 'A',
      alt: 'G',
      consequences: [
        { gene: 'Ä', geneId: '', transcript: 'T1', biotype: 'protein_coding', strand: -1, terms: ['upstream_gene_variant'], hgvsc: null, hgvsp: null, impact: 'MODIFIER', maneSelect: false, canonical: true, distance: -5 },
        { gene: 'G', geneId: 'G1', transcript: 'T2', biotype: 'x', strand: 1, terms: ['missense_variant', 'splice_region_variant'], hgvsc: 'c.1A>G', hgvsp: 'p.(Met1?)', impact: 'MODERATE', maneSelect: true, canonical: true, proteinPosition: 4_000_000_000, exon: '1/2', aminoAcids: 'M/V' },
      ],
      clinvar: { variationId: '1', significance: 'Pathogenic', reviewStatus: 'x', stars: 0, conditions: ['“quoted”'], conflicting: false, release: '2021-10-25' },
      mostSevereConsequence: 'missense_variant',
      error: { code: 'annotate/reference-mismatch', message: 'm', details: { af: 0.125 } },
    };
    const chunk = packAnnotationChunk(7, [{ variantId: 7, annotated: v }], PACK);
    expect({ chrom: v.chrom, pos: v.pos, ref: v.ref, alt: v.alt, ...decodeDetail(7, chunk.detail).variant(0) }).toStrictEqual(v);
    expect(chunk.terms).toBe('|upstream_gene_variant|missense_variant|splice_region_variant|');
    expect(chunk.genes).toBe('|Ä|G|');
    expect(chunk.clinvarClasses).toBe('|pathogenic|');
  });
});
