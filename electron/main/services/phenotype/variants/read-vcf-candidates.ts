// `prioritise --vcf`: one sample's called variants straight from a VCF, nothing stored. Consequences come
// from the file's own VEP CSQ / snpEff ANN (header-described columns, services/annotation/vcf) or, when it
// has none, from the installed transcript/ClinVar packs of its build. With neither, it says so plainly
// (phenotype/no-consequences): an empty ranking must never look like a result.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';
import type { AnnotatedVariant } from '../../../../../shared/schemas/annotation.ts';
import type { CandidateVariantInput, Zygosity } from '../../../../../shared/schemas/diagnosis.ts';
import type { VariantRow } from '../../../../../shared/schemas/vcf.ts';
import { candidateInputFromStore } from '../../diagnosis/candidate-input.ts';
import { detectVcfBorneSpecs, parseVcfBorne } from '../../annotation/vcf/vcf-borne.ts';
import type { VcfBorneSpec } from '../../annotation/vcf/vcf-borne.ts';
import { infoValue } from '../../annotation/vcf/vcf-lines.ts';
import { vcfBuild } from '../../annotation/annotate-vcf-file.ts';
import type { GenomeBuild } from '../../annotation/packs/genome-build.ts';

export interface VcfCandidates {
  variants: CandidateVariantInput[];
  sample: string | null;
  build: GenomeBuild | null;
  /** What the consequences came from: the VCF's own fields or the packs. */
  consequenceSource: string;
  records: number;
}

/** Annotates one allele when the VCF carries no consequences (the installed packs for its build). */
export type PackAnnotator = (build: GenomeBuild | null) => Promise<{ annotate: (v: { chrom: string; pos: number; ref: string; alt: string }) => AnnotatedVariant; source: string; close(): void } | null>;

function zygosityOf(alleles: (number | null)[], altIndex: number): Zygosity | null {
  const copies = alleles.filter((a) => a === altIndex).length;
  if (copies === 0) return null;
  if (alleles.some((a) => a === null)) return 'unknown';
  if (alleles.length === 1) return 'hemizygous';
  return copies === alleles.length ? 'homozygous' : 'heterozygous';
}

export async function readVcfCandidates(file: string, opts: { sample?: string; packs?: PackAnnotator }): Promise<VcfCandidates> {
  if (!fs.existsSync(file)) throw new AppError('vcf/file-not-found', `The VCF file ${file} does not exist.`, { file });
  const raw = fs.createReadStream(file);
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  const input = head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw;
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const meta: string[] = [];
  let specs: VcfBorneSpec[] = [];
  let sampleIndex = -1;
  let sample: string | null = null;
  let build: GenomeBuild | null = null;
  let annotator: Awaited<ReturnType<PackAnnotator>> = null;
  let source = '';
  let line = 0;
  let records = 0;
  const variants: CandidateVariantInput[] = [];
  try {
    for await (const text of rl) {
      line++;
      if (text.startsWith('##')) {
        meta.push(text.slice(2));
        continue;
      }
      if (text.startsWith('#')) {
        if (!meta.some((m) => m.startsWith('fileformat=VCF'))) throw new AppError('vcf/bad-header', `${file} line 1: expected "##fileformat=VCFv4.x".`, { file, line: 1 });
        const cols = text.split('\t');
        const samples = cols.slice(9);
        if (opts.sample !== undefined) {
          sampleIndex = samples.indexOf(opts.sample);
          if (sampleIndex < 0) throw new AppError('vcf/sample-not-found', `${file} has no sample "${opts.sample}"; its samples are ${samples.join(', ') || 'none'}.`, { file, sample: opts.sample, samples });
        } else sampleIndex = samples.length > 0 ? 0 : -1;
        sample = sampleIndex >= 0 ? samples[sampleIndex] : null;
        specs = detectVcfBorneSpecs(meta).filter((s) => s.field !== 'EFF');
        build = vcfBuild({ meta, samples }).build ?? null;
        if (specs.length > 0) source = specs.map((s) => `${s.tool}${s.version ? ` ${s.version}` : ''} ${s.field} (in the VCF)`).join(', ');
        else {
          annotator = opts.packs ? await opts.packs(build) : null;
          if (!annotator) {
            throw new AppError(
              'phenotype/no-consequences',
              `${file} has no consequence annotations (no VEP CSQ or snpEff ANN INFO field) and no transcript pack is installed for ${build ?? 'its genome build'}: variants cannot be ranked. Annotate the VCF with VEP or snpEff, or install a transcript pack (genodesk packs install).`,
              { file, build },
            );
          }
          source = annotator.source;
        }
        continue;
      }
      if (!text) continue;
      const f = text.split('\t');
      if (f.length < 8) throw new AppError('vcf/line-malformed', `${file} line ${line}: expected at least 8 tab-separated columns, found ${f.length}.`, { file, line });
      records++;
      const pos = Number(f[1]);
      if (!Number.isInteger(pos) || pos < 1) throw new AppError('vcf/line-malformed', `${file} line ${line}: POS "${f[1]}" is not a positive whole number.`, { file, line });
      const alts = f[4].split(',');
      let alleles: (number | null)[] = [1];
      let gq: number | null = null;
      let phased = false;
      if (sampleIndex >= 0 && f.length > 9 + sampleIndex) {
        const keys = f[8].split(':');
        const vals = f[9 + sampleIndex].split(':');
        const gt = vals[keys.indexOf('GT')] ?? '.';
        phased = gt.includes('|');
        alleles = gt.split(/[/|]/).map((a) => (a === '.' ? null : Number(a)));
        const q = Number(vals[keys.indexOf('GQ')]);
        gq = keys.includes('GQ') && Number.isFinite(q) ? q : null;
      }
      const borne = specs
        .map((s) => {
          const value = infoValue(f[7], s.field);
          return value ? parseVcfBorne(s, value, f[3], alts) : undefined;
        })
        .filter((x) => x !== undefined);
      for (let i = 0; i < alts.length; i++) {
        const alt = alts[i];
        if (alt === '.' || alt === '*' || alt.startsWith('<')) continue;
        const zygosity = sampleIndex >= 0 ? zygosityOf(alleles, i + 1) : 'unknown';
        if (zygosity === null) continue; // The sample does not carry this ALT.
        const row = { chrom: f[0], pos, ref: f[3], alt, genotype: null, zygosity: 'none', phased, phaseSet: null, filter: f[6] === '.' ? null : f[6], genotypeQuality: gq, depth: null, genes: [] } as unknown as VariantRow;
        const annotated = annotator
          ? { ...annotator.annotate({ chrom: f[0], pos, ref: f[3], alt }), vcfAnnotations: [] }
          : ({ consequences: [], clinvar: null, vcfAnnotations: borne.map((b) => b[i]).filter((b) => b.transcripts.length > 0) } as unknown as AnnotatedVariant);
        const candidate = candidateInputFromStore(row, annotated);
        variants.push({ ...candidate, zygosity, genotype: alleles.map((a) => (a === null ? '.' : String(a))).join(phased ? '|' : '/') });
      }
    }
  } finally {
    annotator?.close();
    rl.close();
    raw.destroy();
  }
  if (sampleIndex < 0 && records > 0 && meta.length === 0) throw new AppError('vcf/bad-header', `${file} has no VCF header.`, { file });
  return { variants, sample, build, consequenceSource: source, records };
}
