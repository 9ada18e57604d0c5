// The content check of a pack copied into its temporary folder, before it may replace anything: the files
// must parse to the end (a truncated gzip or half-copied file is caught here) and agree on one genome
// build. Returns what the manifest records about them (build, version, date, source).
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../../../../shared/errors.ts';
import type { PackBuild } from '../../../../shared/schemas/packs.ts';
import type { Panel } from '../../../../shared/schemas/diagnosis.ts';
import { vcfBuild } from '../annotation/annotate-vcf-file.ts';
import { buildClinVarTable, CLINVAR_TABLE_FILE, CLINVAR_TABLE_ROLE } from '../annotation/clinvar/clinvar-table.ts';
import { sha256File } from '../annotation/packs/pack-manifest.ts';
import { buildTranscriptPackIndex } from '../annotation/packs/transcript-pack-index.ts';
import type { BuiltTranscriptIndex, TranscriptIndexProgress } from '../annotation/packs/transcript-pack-index.ts';
import type { GenomeBuild } from '../annotation/packs/genome-build.ts';
import { readVcf } from '../annotation/vcf/vcf-lines.ts';
import type { VcfHeader } from '../annotation/vcf/vcf-lines.ts';
import { readPanelExportFile } from '../diagnosis/panel-export-file.ts';
import { readTextHead } from './detect-pack-files.ts';

export interface ContentFacts {
  build: PackBuild;
  /** Version/date the files state about themselves, when they do. */
  version?: string;
  date?: string;
  flavour?: string;
  counts: Record<string, number>;
  panels?: Panel[];
  notes?: string;
  /** Files the check wrote into the pack (the transcript index), listed in its manifest like the originals. */
  derivedFiles?: Array<{ role: string; path: string; sha256: string; bytes: number }>;
}

/** Errors from the file readers (vcf/…, ipc/internal) become packs/corrupt: for a pack, the file is damaged. */
function asPackError(err: unknown, file: string): AppError {
  if (isAppError(err) && (err.code.startsWith('packs/') || err.code.startsWith('diagnosis/'))) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new AppError('packs/corrupt', `${path.basename(file)} could not be read to the end: ${reason}`, { file, reason });
}

function gff3Header(file: string): { flavour: string; version?: string; date?: string } {
  const head = readTextHead(file).split('\n').slice(0, 200);
  const meta = (key: string) => head.find((l) => l.startsWith(`#!${key} `))?.slice(key.length + 3).trim();
  const annotationSource = meta('annotation-source');
  const genebuild = meta('genebuild-last-updated');
  // The flavour decides the default licence: RefSeq by its annotation source, sources (BestRefSeq) or NM_/NR_
  // accessions; Ensembl by its genebuild header, sources (ensembl, havana) or ENST/ENSG identifiers.
  const data = head.filter((l) => l && !l.startsWith('#')).join('\n');
  const refseq = /ncbi|refseq/i.test(annotationSource ?? '') || /\t(Best)?RefSeq\t|=(NM|NR|XM|XR)_\d/.test(data);
  const flavour = refseq ? 'RefSeq' : genebuild || /\t(ensembl|havana)[^\t]*\t|:ENS[GT]\d/i.test(data) ? 'Ensembl' : 'GFF3';
  return { flavour, version: annotationSource ?? (genebuild ? `genebuild ${genebuild}` : undefined), date: meta('annotation-date') ?? genebuild };
}

/**
 * A transcript pack is checked by indexing it (transcript-pack-index.ts): the FASTA and GFF3 are read to the
 * end once, in bounded memory, and the random-access files annotation reads are written into `packDir`.
 */
export async function checkTranscriptContent(
  files: { gff3: string; fasta: string },
  declared: GenomeBuild | undefined,
  options: { packDir: string; signal?: AbortSignal; onProgress?: (p: TranscriptIndexProgress) => void },
): Promise<ContentFacts> {
  let built: BuiltTranscriptIndex;
  try {
    built = await buildTranscriptPackIndex(files, options.packDir, declared, options);
  } catch (err) {
    throw asPackError(err, files.gff3);
  }
  if (!built.build) {
    throw new AppError(
      'packs/build-unknown',
      'Neither the GFF3 nor the FASTA says which genome build it is (no #!genome-build, RefSeq accessions or full chromosome lengths). Give the build (GRCh37 or GRCh38).',
      files,
    );
  }
  if (built.transcripts === 0) {
    throw new AppError('packs/corrupt', `The GFF3 ${path.basename(files.gff3)} holds no transcripts on the FASTA's contigs.`, files);
  }
  const h = gff3Header(files.gff3);
  return {
    build: built.build,
    version: h.version,
    date: h.date,
    flavour: h.flavour,
    counts: { transcripts: built.transcripts, skippedTranscripts: built.skipped },
    notes: built.skipped > 0 ? `${built.skipped} transcripts on contigs absent from the FASTA are not used.` : undefined,
    derivedFiles: built.files,
  };
}

/**
 * A ClinVar pack is checked by writing its lookup table (clinvar-table.ts): the VCF is read to the end once,
 * streamed, so a full release (~3 M records) installs in bounded memory.
 */
export async function checkClinVarContent(
  file: string,
  declared: GenomeBuild | undefined,
  options: { packDir: string; signal?: AbortSignal; onProgress?: (p: { bytes: number; totalBytes: number }) => void },
): Promise<ContentFacts> {
  let header: VcfHeader | undefined;
  try {
    await readVcf(file, { onHeader: (h) => void (header = h), onRecord: () => false });
  } catch (err) {
    throw asPackError(err, file);
  }
  const found = header ? vcfBuild(header) : {};
  if (found.build && declared && found.build !== declared) {
    throw new AppError('packs/build-mismatch', `The ClinVar VCF is ${found.build} (${found.reason}) but the pack says ${declared}.`, {
      file,
      declared,
      found: found.build,
    });
  }
  const build = found.build ?? declared;
  if (!build) {
    throw new AppError('packs/build-unknown', `${path.basename(file)} does not say which genome build it is (no ##reference or contig lengths). Give the build (GRCh37 or GRCh38).`, {
      file,
    });
  }
  let records: number;
  try {
    records = (await buildClinVarTable(file, options.packDir, options)).records;
  } catch (err) {
    throw asPackError(err, file);
  }
  const table = path.join(options.packDir, CLINVAR_TABLE_FILE);
  const fileDate = header?.meta.find((m) => m.startsWith('fileDate='))?.slice('fileDate='.length);
  const date = fileDate && /^\d{8}$/.test(fileDate) ? `${fileDate.slice(0, 4)}-${fileDate.slice(4, 6)}-${fileDate.slice(6, 8)}` : fileDate;
  return {
    build,
    version: date,
    date,
    counts: { alleles: records },
    derivedFiles: [{ role: CLINVAR_TABLE_ROLE, path: path.basename(table), sha256: await sha256File(table), bytes: fs.statSync(table).size }],
  };
}

export function checkPanelContent(file: string, version?: string): ContentFacts {
  let panels: Panel[];
  try {
    panels = readPanelExportFile(file, { fallbackVersion: version });
  } catch (err) {
    throw asPackError(err, file);
  }
  const one = panels.length === 1 ? panels[0] : undefined;
  return {
    build: 'any',
    version: one?.version ?? version,
    date: one?.versionCreated?.slice(0, 10) ?? undefined,
    counts: { panels: panels.length, genes: panels.reduce((n, p) => n + p.genes.length, 0) },
    panels,
  };
}
