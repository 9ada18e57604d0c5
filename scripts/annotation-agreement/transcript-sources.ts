// Transcript sequences available in shared/data for HGVS checks, turned into something the annotator can
// read: a one-exon "genome" per mRNA (NCBI GenBank records with their CDS feature), and BRCA1 NM_007294.3
// placed on GRCh38 chr17 through cdot's exon alignment (exon bases from the mRNA, introns unknown = N).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { TranscriptModel } from '../../electron/main/services/annotation/transcripts/transcript-model.ts';
import { reverseComplement } from '../../electron/main/services/annotation/sequence/dna.ts';

const require = createRequire(import.meta.url);

/** bzip2 → text, via the seek-bzip package (dev dependency; GenBank files in shared/data are .bz2). */
export function bunzip(file: string): string {
  const Bunzip = require('seek-bzip') as { decode(b: Buffer): Buffer };
  return Bunzip.decode(fs.readFileSync(file)).toString('latin1');
}

export interface GenBankMrna {
  accession: string;
  sequence: string;
  /** 1-based CDS start/end in the mRNA. */
  cdsStart?: number;
  cdsEnd?: number;
  gene?: string;
  proteinId?: string;
}

/** Minimal GenBank flat-file reader: VERSION, the first CDS feature of a simple range, gene, ORIGIN. */
export function parseGenBank(text: string): GenBankMrna | undefined {
  const version = /^VERSION\s+(\S+)/m.exec(text)?.[1];
  const mol = /^LOCUS\s+\S+\s+\d+\s+bp\s+(\S+)/m.exec(text)?.[1];
  if (!version || !mol || !/RNA/i.test(mol)) return undefined;
  const cds = /^\s{5}CDS\s+<?(\d+)\.\.>?(\d+)\s*$/m.exec(text);
  const origin = text.indexOf('\nORIGIN');
  if (origin < 0) return undefined;
  const sequence = text
    .substring(origin + 7)
    .replace(/[^acgtnACGTN]/g, '')
    .toUpperCase();
  return {
    accession: version,
    sequence,
    cdsStart: cds ? Number(cds[1]) : undefined,
    cdsEnd: cds ? Number(cds[2]) : undefined,
    gene: /\/gene="([^"]+)"/.exec(text)?.[1],
    proteinId: /\/protein_id="([^"]+)"/.exec(text)?.[1],
  };
}

/** The mRNA as its own contig: one exon, + strand. */
export function mrnaTranscript(m: GenBankMrna): TranscriptModel {
  return {
    id: m.accession,
    versionedId: m.accession,
    geneId: m.gene ?? m.accession,
    geneName: m.gene ?? m.accession,
    biotype: m.cdsStart ? 'protein_coding' : 'transcript',
    seqid: m.accession,
    strand: 1,
    start: 1,
    end: m.sequence.length,
    exons: [[1, m.sequence.length]],
    codingStart: m.cdsStart,
    codingEnd: m.cdsEnd,
    startPhase: 0,
    proteinId: m.proteinId,
    cdsStartIncomplete: false,
    cdsEndIncomplete: false,
    maneSelect: false,
    canonical: false,
    tags: [],
    source: 'GenBank',
  };
}

export function readFastaRecords(file: string): Map<string, string> {
  const out = new Map<string, string>();
  let name = '';
  let parts: string[] = [];
  for (const line of fs.readFileSync(file, 'latin1').split('\n')) {
    if (line.startsWith('>')) {
      if (name) out.set(name, parts.join('').toUpperCase());
      const id = line.substring(1).split(/\s+/)[0];
      name = id.includes('|') ? (id.split('|').find((x) => /^[NX][MRP]_/.test(x)) ?? id) : id;
      parts = [];
    } else parts.push(line.trim());
  }
  if (name) out.set(name, parts.join('').toUpperCase());
  return out;
}

interface CdotBuild {
  contig: string;
  strand: '+' | '-';
  cds_start?: number;
  cds_end?: number;
  exons: Array<[number, number, number, number, number, string | null]>;
}

/**
 * A transcript placed on a chromosome with cdot's exon alignment, and the chromosome region rebuilt from the
 * mRNA sequence (exon bases only; introns N). Alignments with gaps are refused: the exon bases would not be
 * the genome's. cdot: exons [genomic start (0-based), genomic end, exon number, transcript start, transcript end, gap].
 */
export function cdotPlacement(
  cdotFile: string,
  accession: string,
  build: 'GRCh37' | 'GRCh38',
  mrna: string,
): { transcript: TranscriptModel; contigs: Record<string, string>; offset: number } | undefined {
  const json = JSON.parse(fs.readFileSync(cdotFile, 'utf8')) as { transcripts: Record<string, { gene_name?: string; genome_builds: Record<string, CdotBuild>; protein?: string }> };
  const t = json.transcripts[accession];
  const b = t?.genome_builds[build];
  if (!b || b.exons.some((e) => e[5])) return undefined;
  // Only a true mRNA (as long as the alignment says) supplies exon bases; otherwise every base is unknown (N).
  const txLength = Math.max(...b.exons.map((e) => e[4]));
  if (mrna.length !== txLength) mrna = '';
  const lo = Math.min(...b.exons.map((e) => e[0])) - 6000;
  const hi = Math.max(...b.exons.map((e) => e[1])) + 6000;
  const seq = new Array<string>(hi - lo).fill('N');
  const exons: Array<[number, number]> = [];
  for (const [gs, ge, , ts, te] of b.exons) {
    const piece = mrna ? mrna.substring(ts - 1, te) : 'N'.repeat(ge - gs);
    if (piece.length !== ge - gs) return undefined;
    const genomic = b.strand === '+' ? piece : reverseComplement(piece);
    for (let i = 0; i < genomic.length; i++) seq[gs - lo + i] = genomic[i];
    exons.push([gs + 1 - lo, ge - lo]);
  }
  exons.sort((x, y) => x[0] - y[0]);
  const contig = `${b.contig}`;
  const model: TranscriptModel = {
    id: accession,
    versionedId: accession,
    geneId: t.gene_name ?? accession,
    geneName: t.gene_name ?? accession,
    biotype: b.cds_start === undefined ? 'transcript' : 'protein_coding',
    seqid: contig,
    strand: b.strand === '+' ? 1 : -1,
    start: exons[0][0],
    end: exons[exons.length - 1][1],
    exons,
    codingStart: b.cds_start === undefined ? undefined : b.cds_start + 1 - lo,
    codingEnd: b.cds_end === undefined ? undefined : b.cds_end - lo,
    startPhase: 0,
    proteinId: t.protein,
    cdsStartIncomplete: false,
    cdsEndIncomplete: false,
    maneSelect: false,
    canonical: false,
    tags: [],
    source: 'cdot',
  };
  return { transcript: model, contigs: { [contig]: seq.join('') }, offset: lo };
}
