// What a lab's file is, read from its content (never trusted from the extension alone, except the FASTA
// index sidecars whose format has no signature): GFF3, FASTA, a ClinVar VCF, a gnomAD sites VCF or a PanelApp export. The
// files given to one install must make exactly one pack.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppError } from '../../../../shared/errors.ts';
import { looksLikeGnomadFile } from '../frequency/gnomad-fields.ts';

export type PackFileRole = 'gff3' | 'fasta' | 'fasta-fai' | 'fasta-gzi' | 'clinvar-vcf' | 'frequency-vcf' | 'panel';

export interface DetectedFile {
  src: string;
  role: PackFileRole;
}

const HEAD_BYTES = 256 * 1024;

/** The first decoded text of a plain or gzip/bgzip file (a partial gzip stream is inflated as far as it goes). */
export function readTextHead(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, buf, 0, HEAD_BYTES, 0);
    const raw = buf.subarray(0, n);
    if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
      try {
        return zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('latin1');
      } catch {
        return '';
      }
    }
    return raw.toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
}

function looksLikeGff3(text: string): boolean {
  if (/^##gff-version\s+3/m.test(text.slice(0, 200))) return true;
  const line = text.split('\n').find((l) => l && !l.startsWith('#'));
  if (!line) return false;
  const f = line.split('\t');
  return f.length === 9 && /^\d+$/.test(f[3]) && /^\d+$/.test(f[4]) && /^[+\-.?]$/.test(f[6]);
}

export function detectFile(src: string): DetectedFile {
  if (!fs.existsSync(src) || !fs.statSync(src).isFile()) {
    throw new AppError('packs/file-not-found', `${src} does not exist or is not a file.`, { file: src });
  }
  if (src.endsWith('.fai')) return { src, role: 'fasta-fai' };
  if (src.endsWith('.gzi')) return { src, role: 'fasta-gzi' };
  const text = readTextHead(src);
  const start = text.trimStart();
  if (start.startsWith('>')) return { src, role: 'fasta' };
  if (start.startsWith('##fileformat=VCF')) {
    // A ClinVar release: NCBI's VCF (CLNSIG) or the MacArthur-lab normalised extract (CLINICAL_SIGNIFICANCE).
    if (/##INFO=<ID=(CLNSIG|CLINICAL_SIGNIFICANCE),/.test(text)) return { src, role: 'clinvar-vcf' };
    // A gnomAD sites VCF (v2.1, v3.1, v4): a frequency pack. One without AF is still taken as one, so that
    // its install is refused with the reason (no AF) rather than "not a pack file".
    if (looksLikeGnomadFile(text)) return { src, role: 'frequency-vcf' };
    throw new AppError('packs/unsupported-kind', `${path.basename(src)} is a VCF but neither a ClinVar release (no CLNSIG INFO field) nor a gnomAD sites file (no nhomalt or popmax/grpmax INFO field). Import a patient's VCF from their Sequencing tab instead.`, {
      file: src,
    });
  }
  if (looksLikeGff3(text)) return { src, role: 'gff3' };
  if (start.startsWith('{')) return { src, role: 'panel' };
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (/\bmode_of_inheritance\b/.test(firstLine) && /\bconfidence_level\b/.test(firstLine)) return { src, role: 'panel' };
  throw new AppError(
    'packs/unsupported-kind',
    `${path.basename(src)} is not a pack file GenoDesk knows: expected a GFF3, a FASTA, a ClinVar VCF, a gnomAD sites VCF or a PanelApp export (JSON or flat TSV).`,
    { file: src },
  );
}

export type PackKindFromFiles = 'transcripts' | 'clinvar' | 'panel' | 'frequency';

export interface FilePlan {
  kind: PackKindFromFiles;
  files: DetectedFile[];
}

/**
 * Groups the files of one install into one pack: a GFF3 and a FASTA (with the FASTA's `.fai`/`.gzi` beside
 * it picked up automatically), or one ClinVar VCF, or one gnomAD sites VCF, or one PanelApp export.
 */
export function planFromFiles(paths: string[]): FilePlan {
  const files = paths.map((p) => detectFile(path.resolve(p)));
  const of = (role: PackFileRole) => files.filter((f) => f.role === role);
  const [gff3, fasta, clinvar, panel, frequency] = [of('gff3'), of('fasta'), of('clinvar-vcf'), of('panel'), of('frequency-vcf')];
  const oneKind = [gff3.length + fasta.length > 0, clinvar.length > 0, panel.length > 0, frequency.length > 0].filter(Boolean).length === 1;
  const usage = 'Give the files of one pack: a GFF3 and a FASTA of the same build, or one ClinVar VCF, or one gnomAD sites VCF, or one PanelApp export.';
  if (!oneKind) throw new AppError('packs/unsupported-kind', `These files do not make one pack. ${usage}`, { files: paths });
  if (gff3.length + fasta.length > 0) {
    if (gff3.length !== 1 || fasta.length !== 1) {
      throw new AppError('packs/unsupported-kind', `A transcript pack needs exactly one GFF3 and one FASTA (given ${gff3.length} and ${fasta.length}). ${usage}`, {
        files: paths,
      });
    }
    const out = [gff3[0], fasta[0]];
    // The FASTA's index files travel with it, given or found beside it.
    for (const [role, suffix] of [
      ['fasta-fai', '.fai'],
      ['fasta-gzi', '.gzi'],
    ] as const) {
      const given = of(role);
      if (given.length > 0) out.push(given[0]);
      else if (fs.existsSync(fasta[0].src + suffix)) out.push({ src: fasta[0].src + suffix, role });
    }
    return { kind: 'transcripts', files: out };
  }
  if (clinvar.length > 0) {
    if (clinvar.length !== 1 || files.length !== 1) throw new AppError('packs/unsupported-kind', `Install one ClinVar VCF at a time. ${usage}`, { files: paths });
    return { kind: 'clinvar', files: clinvar };
  }
  if (frequency.length > 0) {
    if (frequency.length !== 1 || files.length !== 1) throw new AppError('packs/unsupported-kind', `Install one gnomAD sites VCF at a time. ${usage}`, { files: paths });
    return { kind: 'frequency', files: frequency };
  }
  if (panel.length !== 1 || files.length !== 1) throw new AppError('packs/unsupported-kind', `Install one PanelApp export at a time. ${usage}`, { files: paths });
  return { kind: 'panel', files: panel };
}

/** Lower-case id fragment from free text. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/\.(gz|bgz|gff3?|vcf|json|tsv|txt|fa|fasta)$/g, '')
      .replace(/\.(gz|bgz|gff3?|vcf|json|tsv|txt|fa|fasta)$/g, '')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|[-._]+$/g, '')
      .slice(0, 60) || 'pack'
  );
}
