// `genodesk annotate --vcf FILE --gff3 FILE --fasta FILE [--clinvar FILE]`: streams a VCF through the
// annotator, one JSON object per ALT allele, storing nothing. The VCF's own build (##reference, contig
// lengths) must match the transcripts'; tool annotations already in the VCF (CSQ/ANN/EFF) ride along.
import { AppError } from '../../../../shared/errors.ts';
import type { AnnotatedVariant, AnnotationSummary } from '../../../../shared/schemas/annotation.ts';
import { closeSources, createAnnotator } from './annotator.ts';
import type { AnnotationSources, Annotator } from './annotator.ts';
import { buildFromContigLengths, buildFromText } from './packs/genome-build.ts';
import type { GenomeBuild } from './packs/genome-build.ts';
import { openSourcesFromFiles, openSourcesFromPacks } from './packs/open-sources.ts';
import { detectVcfBorneSpecs, parseVcfBorne } from './vcf/vcf-borne.ts';
import type { VcfBorneSpec } from './vcf/vcf-borne.ts';
import { infoValue, readVcf } from './vcf/vcf-lines.ts';
import type { VcfHeader } from './vcf/vcf-lines.ts';

export interface AnnotateVcfFileOptions {
  vcf: string;
  /** Files (CLI one-off run)… */
  gff3?: string;
  fasta?: string;
  clinvar?: string;
  /** …or installed pack folders. */
  packs?: { transcripts: string; clinvar?: string };
  /** Already opened sources (tests, long-lived services). */
  sources?: AnnotationSources;
  /** Called per annotated allele; when absent the results are collected and returned. */
  onVariant?: (v: AnnotatedVariant) => void;
  onProgress?: (p: { records: number; alleles: number }) => void;
  signal?: AbortSignal;
}

export interface AnnotateVcfFileResult {
  variants?: AnnotatedVariant[];
  summary: AnnotationSummary;
}

/** Build a VCF declares, from ##reference/##assembly or its ##contig lengths. */
export function vcfBuild(header: VcfHeader): { build?: GenomeBuild; reason?: string } {
  for (const m of header.meta) {
    if (m.startsWith('reference=') || m.startsWith('assembly=')) {
      const b = buildFromText(m);
      if (b) return { build: b, reason: `##${m}` };
    }
  }
  const contigs: Array<[string, number]> = [];
  for (const m of header.meta) {
    if (!m.startsWith('contig=<')) continue;
    const id = /ID=([^,>]+)/.exec(m)?.[1];
    const len = Number(/length=(\d+)/.exec(m)?.[1]);
    if (id && Number.isFinite(len)) contigs.push([id, len]);
  }
  const e = buildFromContigLengths(contigs);
  return e.build ? { build: e.build, reason: e.reason } : {};
}

async function openSources(opts: AnnotateVcfFileOptions): Promise<AnnotationSources> {
  if (opts.sources) return opts.sources;
  if (opts.packs) return openSourcesFromPacks(opts.packs);
  if (opts.gff3 && opts.fasta) return openSourcesFromFiles({ gff3: opts.gff3, fasta: opts.fasta, clinvar: opts.clinvar });
  throw new AppError('annotate/no-packs', 'Annotation needs a transcript pack, or a GFF3 and a FASTA file.', {});
}

export async function annotateVcfFile(opts: AnnotateVcfFileOptions): Promise<AnnotateVcfFileResult> {
  const sources = await openSources(opts);
  const annotator: Annotator = createAnnotator(sources);
  const collected: AnnotatedVariant[] | undefined = opts.onVariant ? undefined : [];
  const emit = opts.onVariant ?? ((v: AnnotatedVariant) => collected?.push(v));
  let specs: VcfBorneSpec[] = [];
  let alleles = 0;
  try {
    const { records } = await readVcf(opts.vcf, {
      signal: opts.signal,
      onHeader: (h) => {
        const b = vcfBuild(h);
        if (b.build && sources.build && b.build !== sources.build) {
          throw new AppError('annotate/build-mismatch', `The VCF is ${b.build} but the annotation packs are ${sources.build}.`, {
            vcf: opts.vcf,
            vcfBuild: b.build,
            vcfEvidence: b.reason,
            packBuild: sources.build,
          });
        }
        specs = detectVcfBorneSpecs(h.meta);
      },
      onRecord: (r) => {
        const borne = specs
          .map((s) => {
            const raw = infoValue(r.info, s.field);
            return raw ? parseVcfBorne(s, raw, r.ref, r.alts) : undefined;
          })
          .filter((x) => x !== undefined);
        const end = Number(infoValue(r.info, 'END'));
        r.alts.forEach((alt, i) => {
          if (alt === '.' || alt === '*' || alt === '<*>' || alt === '<NON_REF>') return;
          alleles++;
          const v = annotator.annotateOne({ chrom: r.chrom, pos: r.pos, ref: r.ref, alt, end: Number.isFinite(end) ? end : undefined });
          if (borne.length > 0) v.vcfAnnotations = borne.map((b) => b[i]).filter((b) => b.transcripts.length > 0);
          emit(v);
        });
        if (opts.onProgress && r.line % 10000 === 0) opts.onProgress({ records: r.line, alleles });
      },
    });
    return {
      variants: collected,
      summary: {
        records,
        alleles,
        annotated: annotator.stats.annotated,
        inTranscripts: annotator.stats.inTranscripts,
        referenceMismatches: annotator.stats.referenceMismatches,
        packs: annotator.packs,
      },
    };
  } finally {
    if (!opts.sources) closeSources(sources);
  }
}
