// GFF3 (Ensembl or NCBI RefSeq flavour, plain or gzip) → transcript models.
// A transcript is any feature that exons (or, failing exons, CDS/UTR pieces) name as Parent; its gene is its
// own Parent. Attribute conventions handled:
//   Ensembl: ID=transcript:ENST…;Parent=gene:ENSG…;biotype=…;transcript_id=…;version=…;tag=basic,Ensembl_canonical,MANE_Select
//   RefSeq:  ID=rna-NM_…;Parent=gene-…;transcript_id=NM_….4;tag=MANE Select;gbkey=mRNA; gene: gene_biotype=…
// Only the columns the annotator uses are validated; a malformed or truncated file fails with its line.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { AppError } from '../../../../../shared/errors.ts';
import { isGzip, readHead } from '../sequence/bgzf.ts';
import type { TranscriptModel } from './transcript-model.ts';
import { buildFromAccessions, buildFromContigLengths, buildFromText } from '../packs/genome-build.ts';
import type { BuildEvidence } from '../packs/genome-build.ts';

export interface Gff3Result {
  transcripts: TranscriptModel[];
  /** Contig lengths the file declares (##sequence-region, or a chromosome/region feature starting at 1). */
  sequenceRegions: Map<string, number>;
  /** `#!genome-build` header, when present. */
  declaredBuild?: string;
  build: BuildEvidence;
  flavour: 'Ensembl' | 'RefSeq' | 'other';
  lines: number;
}

interface RawFeature {
  seqid: string;
  source: string;
  type: string;
  start: number;
  end: number;
  strand: string;
  phase: string;
  attrs: Map<string, string>;
  line: number;
}

interface TranscriptParts {
  exons: Array<[number, number]>;
  cds: Array<[number, number, number]>; // start, end, phase
  utrs: Array<[number, number]>;
  proteinId?: string;
}

const EXON_TYPES = new Set(['exon', 'pseudogenic_exon', 'noncoding_exon']);
const UTR_TYPES = new Set(['five_prime_UTR', 'three_prime_UTR', 'UTR', '5UTR', '3UTR']);
const REGION_TYPES = new Set(['chromosome', 'region', 'contig', 'scaffold', 'supercontig']);

function decode(value: string): string {
  return value.includes('%') ? decodeURIComponent(value) : value;
}

function parseAttributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const part of text.split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    attrs.set(part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  return attrs;
}

/** The value parseAttributes would give `key` (the last one written), found without building the map. */
export function attrOf(text: string, key: string): string | undefined {
  let found: string | undefined;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf(';', start);
    if (end < 0) end = text.length;
    const eq = text.indexOf('=', start);
    if (eq > start && eq < end) {
      let ks = start;
      let ke = eq;
      while (ks < ke && text.charCodeAt(ks) <= 32) ks++;
      while (ke > ks && text.charCodeAt(ke - 1) <= 32) ke--;
      if (ke - ks === key.length && text.startsWith(key, ks)) found = text.slice(eq + 1, end);
    }
    start = end + 1;
  }
  return found;
}

function listAttr(attrs: Map<string, string>, key: string): string[] {
  const v = attrs.get(key);
  return v ? v.split(',').map(decode) : [];
}

function stripPrefix(id: string): string {
  return id.replace(/^(transcript|gene|rna|gene-|rna-|cds|exon)[:-]/i, '').replace(/^(gene|rna)-/, '');
}

/** RefSeq transcript feature types → the biotype VEP reports for them. */
const REFSEQ_TYPE_BIOTYPE: Record<string, string> = {
  mRNA: 'protein_coding',
  lnc_RNA: 'lncRNA',
  lncRNA: 'lncRNA',
  miRNA: 'miRNA',
  primary_transcript: 'miRNA',
  snRNA: 'snRNA',
  snoRNA: 'snoRNA',
  rRNA: 'rRNA',
  tRNA: 'tRNA',
  ncRNA: 'ncRNA',
  antisense_RNA: 'antisense_RNA',
  pseudogenic_transcript: 'pseudogene',
};

/**
 * The GFF3 parser as a line sink, so a whole file (readGff3) and one contig's lines at a time (the pack
 * indexer, gff3-index-writer.ts) share every rule. Line numbers are the caller's: the indexer passes the
 * line of the original file, so an error names the line a person can open.
 */
export class Gff3Collector {
  readonly file: string;
  readonly sequenceRegions = new Map<string, number>();
  readonly seqids = new Set<string>();
  declaredBuild?: string;
  dataLines = 0;
  lastLine = 0;
  private readonly features = new Map<string, RawFeature>();
  private readonly parts = new Map<string, TranscriptParts>();

  constructor(file: string) {
    this.file = file;
  }

  private partsOf(id: string): TranscriptParts {
    let p = this.parts.get(id);
    if (!p) {
      p = { exons: [], cds: [], utrs: [] };
      this.parts.set(id, p);
    }
    return p;
  }

  corrupt(line: number, message: string, extra: Record<string, unknown> = {}): AppError {
    return new AppError('packs/corrupt', `The GFF3 file ${this.file} ${message} (line ${line}).`, { file: this.file, line, ...extra });
  }

  /** One line of the file; false at `##FASTA` (the features end there). */
  line(text: string, line: number): boolean {
    this.lastLine = line;
    if (text.length === 0) return true;
    if (text.startsWith('#')) {
      if (text.startsWith('##FASTA')) return false;
      if (text.startsWith('##sequence-region')) {
        const f = text.trim().split(/\s+/);
        const end = Number(f[3]);
        if (f.length >= 4 && Number(f[2]) === 1 && Number.isInteger(end)) this.sequenceRegions.set(f[1], end);
      } else if (/^#!genome-build\s/.test(text)) {
        this.declaredBuild = text.replace('#!genome-build', '').trim();
      } else if (/^#!genome-build-accession\s/.test(text) && this.declaredBuild === undefined) {
        this.declaredBuild = text.replace('#!genome-build-accession', '').trim();
      }
      return true;
    }
    const cols = text.split('\t');
    if (cols.length < 9) {
      if (cols.length === 1 && text.trim() === '') return true;
      throw this.corrupt(line, `has ${cols.length} tab-separated columns where GFF3 has 9`, { expected: 9, found: cols.length });
    }
    // Free-text descriptions sometimes carry raw tabs; they belong to the attribute column.
    const attrText = cols.length > 9 ? cols.slice(8).join(' ') : cols[8];
    const [seqid, source, type, startText, endText, , strand, phase] = cols;
    this.dataLines++;
    const isRegion = REGION_TYPES.has(type);
    const start = Number(startText);
    const end = Number(endText);
    if (!Number.isInteger(start) || !Number.isInteger(end)) {
      throw this.corrupt(line, `has a non-numeric start or end (${startText}, ${endText})`, { column: 4 });
    }
    if (isRegion) {
      if (start === 1) this.sequenceRegions.set(seqid, end);
      return true;
    }
    // Re-based slices (bcftools' test data) give genes a start before the slice; only pieces the
    // annotator places on the sequence must lie on it.
    const placed = EXON_TYPES.has(type) || type === 'CDS' || UTR_TYPES.has(type);
    if (end < start || (placed && start < 1)) throw this.corrupt(line, `has an invalid interval ${start}-${end}`, { column: 4 });
    if (strand !== '+' && strand !== '-' && strand !== '.' && strand !== '?') {
      throw this.corrupt(line, `has an invalid strand '${strand}'`, { column: 7 });
    }
    this.seqids.add(seqid);
    if (placed) {
      // Exon, CDS and UTR lines are most of a GFF3: read the two or three attributes they need in place
      // rather than building a map per line (a whole genome's garbage otherwise dominates install memory).
      const parentText = attrOf(attrText, 'Parent');
      const parents = parentText ? parentText.split(',').map(decode) : [];
      if (parents.length === 0) return true;
      for (const parent of parents) {
        const p = this.partsOf(parent);
        if (EXON_TYPES.has(type)) p.exons.push([start, end]);
        else if (UTR_TYPES.has(type)) p.utrs.push([start, end]);
        else {
          const ph = phase === '.' ? 0 : Number(phase);
          if (![0, 1, 2].includes(ph)) throw this.corrupt(line, `has a CDS with phase '${phase}'`, { column: 8 });
          p.cds.push([start, end, ph]);
          const id = attrOf(attrText, 'ID');
          const pid = attrOf(attrText, 'protein_id') ?? (id ? stripPrefix(decode(id)) : undefined);
          if (pid && !p.proteinId) p.proteinId = decode(pid);
        }
      }
      return true;
    }
    const attrs = parseAttributes(attrText);
    const id = attrs.get('ID');
    if (id) this.features.set(decode(id), { seqid, source, type, start, end, strand, phase, attrs, line });
    return true;
  }

  /** The transcripts collected so far, sorted by contig then start; counts feed the flavour guess. */
  transcripts(): { transcripts: TranscriptModel[]; ensemblLike: number; refseqLike: number } {
    const transcripts: TranscriptModel[] = [];
    let refseqLike = 0;
    let ensemblLike = 0;
    for (const [tid, p] of this.parts) {
      const f = this.features.get(tid);
      if (!f) continue; // pieces whose parent transcript line is absent cannot be placed on a gene
      if (f.strand !== '+' && f.strand !== '-') continue;
      if (f.start < 1) throw this.corrupt(f.line, `places transcript ${tid} before the start of ${f.seqid}`, { column: 4 });
      const t = buildTranscript(tid, f, p, this.features);
      if (!t) continue;
      if (/^ENS/.test(t.id)) ensemblLike++;
      else if (/^[NX][MR]_/.test(t.id)) refseqLike++;
      transcripts.push(t);
    }
    transcripts.sort((a, b) => (a.seqid < b.seqid ? -1 : a.seqid > b.seqid ? 1 : a.start - b.start || (a.id < b.id ? -1 : 1)));
    return { transcripts, ensemblLike, refseqLike };
  }
}

/** Evidence in order of strength: the declared build, RefSeq accessions, then chromosome lengths. */
export function gff3BuildEvidence(declaredBuild: string | undefined, seqids: Iterable<string>, sequenceRegions: Map<string, number>): BuildEvidence {
  const fromHeader = buildFromText(declaredBuild);
  const fromAcc = buildFromAccessions(seqids);
  return fromHeader
    ? { build: fromHeader, reason: `#!genome-build ${declaredBuild}` }
    : fromAcc.build || fromAcc.conflicting
      ? fromAcc
      : buildFromContigLengths(sequenceRegions);
}

export function gff3Flavour(ensemblLike: number, refseqLike: number): Gff3Result['flavour'] {
  return ensemblLike >= refseqLike && ensemblLike > 0 ? 'Ensembl' : refseqLike > 0 ? 'RefSeq' : 'other';
}

/** The lines of a plain or gzip GFF3, numbered from 1; a damaged gzip stream fails with the last line read. */
export async function forEachGff3Line(
  file: string,
  onLine: (text: string, line: number) => boolean | void,
  signal?: AbortSignal,
  onBytes?: (bytesRead: number) => void,
): Promise<number> {
  if (!fs.existsSync(file)) throw new AppError('packs/file-not-found', `The GFF3 file ${file} does not exist.`, { file });
  const head = readHead(file);
  if (head.length === 0) throw new AppError('packs/corrupt', `The GFF3 file ${file} is empty.`, { file, line: 0 });
  const raw = fs.createReadStream(file, { signal });
  const input = isGzip(head) ? raw.pipe(zlib.createGunzip()) : raw;
  if (onBytes) {
    let read = 0;
    raw.on('data', (c) => onBytes((read += c.length)));
  }
  let line = 0;
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const streamError = new Promise<never>((_, reject) => {
    const fail = (err: Error) =>
      reject(
        signal?.aborted
          ? new AppError('packs/cancelled', 'The pack installation was cancelled; the previous pack is still in use.', {})
          : new AppError('packs/corrupt', `The GFF3 file ${file} is truncated or damaged (line ${line}).`, { file, line, reason: err.message }),
      );
    input.on('error', fail);
    raw.on('error', fail);
  });
  const parse = (async () => {
    for await (const text of rl) {
      line++;
      if (onLine(text, line) === false) break;
    }
  })();
  try {
    await Promise.race([parse, streamError]);
  } finally {
    rl.close();
    raw.destroy();
  }
  return line;
}

export async function readGff3(file: string): Promise<Gff3Result> {
  const c = new Gff3Collector(file);
  const lines = await forEachGff3Line(file, (text, n) => c.line(text, n));
  if (c.dataLines === 0) throw new AppError('packs/corrupt', `The GFF3 file ${file} holds no features.`, { file, line: lines });
  const { transcripts, ensemblLike, refseqLike } = c.transcripts();
  return {
    transcripts,
    sequenceRegions: c.sequenceRegions,
    declaredBuild: c.declaredBuild,
    build: gff3BuildEvidence(c.declaredBuild, c.seqids, c.sequenceRegions),
    flavour: gff3Flavour(ensemblLike, refseqLike),
    lines,
  };
}

function buildTranscript(
  tid: string,
  f: RawFeature,
  p: TranscriptParts,
  features: Map<string, RawFeature>,
): TranscriptModel | undefined {
  const a = f.attrs;
  let exons = p.exons.slice();
  if (exons.length === 0) {
    // Some files give only CDS and UTR pieces; adjacent pieces make an exon.
    exons = [...p.cds.map(([s, e]) => [s, e] as [number, number]), ...p.utrs];
    if (exons.length === 0) return undefined;
  }
  exons.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of exons) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const strand: 1 | -1 = f.strand === '-' ? -1 : 1;
  const cds = p.cds.slice().sort((x, y) => x[0] - y[0]);
  const tags = listAttr(a, 'tag');
  const parentId = listAttr(a, 'Parent')[0];
  const gene = parentId ? features.get(parentId) : undefined;
  const ga = gene?.attrs;
  const rawTranscriptId = a.get('transcript_id') ? decode(a.get('transcript_id') as string) : stripPrefix(tid);
  const version = a.get('version');
  const hasVersion = /\.\d+$/.test(rawTranscriptId);
  const versionedId = hasVersion || !version ? rawTranscriptId : `${rawTranscriptId}.${version}`;
  // Ensembl reports stable ids without version; RefSeq accessions are only meaningful with it.
  const id = /^ENS/.test(rawTranscriptId) ? rawTranscriptId.replace(/\.\d+$/, '') : rawTranscriptId;
  const geneName = decode(
    ga?.get('Name') ?? ga?.get('gene_name') ?? ga?.get('gene') ?? a.get('gene_name') ?? a.get('gene') ?? ga?.get('gene_id') ?? '',
  );
  const geneId = decode(ga?.get('gene_id') ?? (parentId ? stripPrefix(parentId) : a.get('gene_id') ?? ''));
  // Ensembl names the biotype; RefSeq implies it from the feature type (a transcript without CDS under a
  // protein-coding gene is not protein-coding: VEP reports such RefSeq transcripts as misc_RNA).
  const geneBiotype = a.get('gene_biotype') ?? ga?.get('gene_biotype') ?? ga?.get('biotype');
  const biotype = decode(
    a.get('biotype') ??
      a.get('transcript_biotype') ??
      a.get('transcript_type') ??
      (cds.length > 0
        ? 'protein_coding'
        : (a.get('ncrna_class') ??
          REFSEQ_TYPE_BIOTYPE[f.type] ??
          (geneBiotype && geneBiotype !== 'protein_coding' ? geneBiotype : f.type === 'transcript' || geneBiotype ? 'misc_RNA' : f.type))),
  );
  const lowerTags = tags.map((t) => t.toLowerCase().replace(/[ _]/g, ''));
  const maneSelect = lowerTags.includes('maneselect') || a.has('MANE_Select');
  const canonical =
    maneSelect || lowerTags.includes('ensemblcanonical') || lowerTags.includes('refseqselect') || a.get('Ensembl_canonical') === '1';
  const model: TranscriptModel = {
    id,
    versionedId,
    geneId,
    geneName: geneName || geneId,
    biotype,
    seqid: f.seqid,
    strand,
    start: Math.min(f.start, merged[0][0]),
    end: Math.max(f.end, merged[merged.length - 1][1]),
    exons: merged,
    startPhase: 0,
    cdsStartIncomplete: lowerTags.includes('cdsstartnf'),
    cdsEndIncomplete: lowerTags.includes('cdsendnf'),
    maneSelect,
    canonical,
    tags,
    source: f.source,
  };
  if (cds.length > 0) {
    model.codingStart = cds[0][0];
    model.codingEnd = cds[cds.length - 1][1];
    model.startPhase = strand === 1 ? cds[0][2] : cds[cds.length - 1][2];
    if (model.startPhase > 0) model.cdsStartIncomplete = true;
    model.proteinId = p.proteinId;
  }
  return model;
}
