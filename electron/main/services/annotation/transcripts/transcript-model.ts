// A transcript as the annotator needs it: genomic exons, coding region and the flags a clinician cares
// about (MANE Select, canonical). Built by the GFF3 reader; all coordinates are 1-based inclusive, + strand.

export interface TranscriptModel {
  /** Identifier shown to users: ENST… without version (as VEP's Feature column) or a RefSeq NM_/NR_ with version. */
  id: string;
  /** Identifier with version, used as the HGVS reference sequence (ENST00000423372.3, NM_000059.4). */
  versionedId: string;
  geneId: string;
  geneName: string;
  biotype: string;
  /** Contig name as written in the GFF3. */
  seqid: string;
  strand: 1 | -1;
  start: number;
  end: number;
  /** Exons sorted by genomic start. */
  exons: Array<[number, number]>;
  /** First and last coding base (stop codon included when the GFF3 includes it, as Ensembl and RefSeq do). */
  codingStart?: number;
  codingEnd?: number;
  /** GFF3 phase of the 5'-most CDS segment: bases to skip before the first whole codon. */
  startPhase: number;
  proteinId?: string;
  cdsStartIncomplete: boolean;
  cdsEndIncomplete: boolean;
  maneSelect: boolean;
  canonical: boolean;
  tags: string[];
  /** GFF3 column 2 of the transcript line (ensembl_havana, BestRefSeq…). */
  source: string;
}

export function isCoding(t: TranscriptModel): boolean {
  return t.codingStart !== undefined && t.codingEnd !== undefined;
}
