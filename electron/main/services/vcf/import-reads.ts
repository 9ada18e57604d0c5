// Reading imports back: only complete ones exist as far as any reader is concerned.
import { AppError } from '../../../../shared/errors.ts';
import type { GenomeBuild, ImportRecord } from '../../../../shared/schemas/vcf.ts';
import type { SqliteDatabase } from '../../db/connection.ts';

interface ImportRow {
  id: string;
  key: number;
  patient_id: string;
  file: string;
  file_name: string;
  file_bytes: number;
  sha256: string;
  sample: string;
  build: string;
  build_source: string;
  vcf_version: string | null;
  records: number;
  alleles: number;
  variants: number;
  reference_blocks: number;
  het: number;
  hom_alt: number;
  hom_ref: number;
  hemi_ref: number;
  hemi_alt: number;
  half_call: number;
  no_call: number;
  not_genotyped: number;
  transitions: number;
  transversions: number;
  started_at: string;
  imported_at: string;
}

const COLUMNS = `id, key, patient_id, file, file_name, file_bytes, sha256, sample, build, build_source, vcf_version, records, alleles,
  variants, reference_blocks, het, hom_alt, hom_ref, hemi_ref, hemi_alt, half_call, no_call, not_genotyped, transitions, transversions,
  started_at, imported_at`;

function toImport(r: ImportRow): ImportRecord {
  return {
    id: r.id,
    patientId: r.patient_id,
    file: r.file,
    fileName: r.file_name,
    fileBytes: r.file_bytes,
    sha256: r.sha256,
    sample: r.sample === '' ? null : r.sample,
    build: r.build as GenomeBuild,
    buildSource: r.build_source as 'header' | 'user',
    vcfVersion: r.vcf_version,
    records: r.records,
    alleles: r.alleles,
    variants: r.variants,
    referenceBlocks: r.reference_blocks,
    status: 'complete',
    het: r.het,
    homAlt: r.hom_alt,
    homRef: r.hom_ref,
    hemiRef: r.hemi_ref,
    hemiAlt: r.hemi_alt,
    noCall: r.no_call,
    halfCall: r.half_call,
    notGenotyped: r.not_genotyped,
    transitions: r.transitions,
    transversions: r.transversions,
    tiTv: r.transversions > 0 ? Math.round((r.transitions / r.transversions) * 1000) / 1000 : null,
    startedAt: r.started_at,
    importedAt: r.imported_at,
  };
}

export function readImport(sqlite: SqliteDatabase, id: string): ImportRecord {
  const row = sqlite.prepare(`SELECT ${COLUMNS} FROM imports WHERE id = ? AND status = 'complete'`).get(id) as ImportRow | undefined;
  if (!row) throw new AppError('vcf/import-not-found', 'No complete import with this id exists.', { id });
  return toImport(row);
}

export function readImports(sqlite: SqliteDatabase, patientId?: string): ImportRecord[] {
  const rows = (
    patientId === undefined
      ? sqlite.prepare(`SELECT ${COLUMNS} FROM imports WHERE status = 'complete' ORDER BY imported_at DESC, key DESC`).all()
      : sqlite.prepare(`SELECT ${COLUMNS} FROM imports WHERE patient_id = ? AND status = 'complete' ORDER BY imported_at DESC, key DESC`).all(patientId)
  ) as ImportRow[];
  return rows.map(toImport);
}

/** A complete import's compact key and build, or vcf/import-not-found. */
export function importKeyOf(sqlite: SqliteDatabase, id: string): { key: number; build: GenomeBuild; patientId: string; maxRefLength: number; maxBlockLength: number } {
  const row = sqlite
    .prepare("SELECT key, build, patient_id AS patientId, max_ref_length AS maxRefLength, max_block_length AS maxBlockLength FROM imports WHERE id = ? AND status = 'complete'")
    .get(id) as { key: number; build: GenomeBuild; patientId: string; maxRefLength: number; maxBlockLength: number } | undefined;
  if (!row) throw new AppError('vcf/import-not-found', 'No complete import with this id exists.', { id });
  return row;
}
