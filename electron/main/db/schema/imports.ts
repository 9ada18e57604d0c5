import { sqliteTable, text, integer, real, blob, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { patients } from './patients.ts';

// One row per VCF import of one sample for one patient. The row is written first with status
// 'importing'; batches of variants follow, each in its own transaction; the final transaction sets
// status 'complete'. Every read joins on status = 'complete', so a half-written import is invisible and
// start-up removes it (removeIncompleteImports). File SHA-256 + sample + patient identifies an import.
export const imports = sqliteTable(
  'imports',
  {
    id: text('id').primaryKey(),
    /** Compact local key the bulk tables carry instead of the 36-character id (millions of rows each). */
    key: integer('key').notNull(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    file: text('file').notNull(),
    fileName: text('file_name').notNull(),
    fileBytes: integer('file_bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** '' for a sites-only file (no sample columns). */
    sample: text('sample').notNull(),
    build: text('build').notNull(),
    buildSource: text('build_source').notNull(),
    vcfVersion: text('vcf_version'),
    status: text('status').notNull(),
    records: integer('records').notNull().default(0),
    alleles: integer('alleles').notNull().default(0),
    variants: integer('variants').notNull().default(0),
    referenceBlocks: integer('reference_blocks').notNull().default(0),
    het: integer('het').notNull().default(0),
    homAlt: integer('hom_alt').notNull().default(0),
    homRef: integer('hom_ref').notNull().default(0),
    hemiRef: integer('hemi_ref').notNull().default(0),
    hemiAlt: integer('hemi_alt').notNull().default(0),
    halfCall: integer('half_call').notNull().default(0),
    noCall: integer('no_call').notNull().default(0),
    notGenotyped: integer('not_genotyped').notNull().default(0),
    transitions: integer('transitions').notNull().default(0),
    transversions: integer('transversions').notNull().default(0),
    /** Longest stored REF and reference block: how far before a region a variant overlapping it can start. */
    maxRefLength: integer('max_ref_length').notNull().default(1),
    maxBlockLength: integer('max_block_length').notNull().default(1),
    /** The file's header lines, verbatim: field definitions and provenance for later reinterpretation. */
    header: text('header').notNull(),
    actor: text('actor').notNull(),
    startedAt: text('started_at').notNull(),
    importedAt: text('imported_at'),
  },
  (t) => [
    uniqueIndex('imports_key_uq').on(t.key),
    uniqueIndex('imports_identity_uq').on(t.patientId, t.sha256, t.sample),
    index('imports_patient_idx').on(t.patientId, t.status),
  ],
);

// Contig names as the file wrote them, per import. Variant rows carry a small integer code instead:
// chr1..chr22, chrX, chrY, chrM are 1..25 in every import (so sorting by code is karyotypic order),
// other contigs get 100+ in order of appearance.
export const importContigs = sqliteTable(
  'import_contigs',
  {
    importKey: integer('import_key').notNull(),
    code: integer('code').notNull(),
    /** As written in the file (`1`, `chr1`, `MT`, `GL000192.1`). */
    name: text('name').notNull(),
    /** Normalised (normaliseChrom): `chr1`, `chrM`; other contigs keep their name. */
    chrom: text('chrom').notNull(),
    length: integer('length'),
  },
  (t) => [primaryKey({ columns: [t.importKey, t.code] })],
);

// Legacy (migrations 0002-0006): one row per (record, ALT). Since 0007 variants are stored packed in
// variant_chunks; a store opened with rows here has them converted once (legacy-variants.ts), after
// which this table stays empty. Kept so no migration drops data an older version wrote.
export const variants = sqliteTable(
  'variants',
  {
    id: integer('id').primaryKey(),
    importKey: integer('import_key').notNull(),
    chrom: integer('chrom').notNull(),
    pos: integer('pos').notNull(),
    ref: text('ref').notNull(),
    alt: text('alt').notNull(),
    /** ID column (`rs…;rs…`), null for `.`. */
    ids: text('ids'),
    qual: real('qual'),
    /** FILTER as written; null for `.`. */
    filter: text('filter'),
    /** GT recoded for this ALT (`1/2` → `1/0` and `0/1`), null for a sites-only file. */
    gt: text('gt'),
    /** Index in ZYGOSITIES (shared/schemas/vcf.ts). */
    zygosity: integer('zygosity').notNull(),
    ps: integer('ps'),
    gq: real('gq'),
    dp: integer('dp'),
    adRef: integer('ad_ref'),
    adAlt: integer('ad_alt'),
    /** Kept INFO fields in VCF syntax (`END=…;SVTYPE=DEL`), per-allele values split; null when none. */
    info: text('info'),
    /** JSON {line,pos,ref,alts,gt} of the record as written, when this row was split or trimmed from it. */
    original: text('original'),
  },
  // One index, in browsing order. Genotype-only totals come from the import's counts and paging continues
  // from the last page's key, so no further index is worth its cost on every insert (each index slowed
  // the bulk insert by ~20%, measured).
  (t) => [index('variants_position_idx').on(t.importKey, t.chrom, t.pos)],
);

// The imported sample's variant rows: one row per (record, ALT), as `bcftools norm -m-any` splits them,
// REF/ALT trimmed (normalise-allele.ts), packed CHUNK_ROWS at a time, one chromosome per chunk, in file
// order (variant-chunk.ts has the format). A row's id is first_id + its index in the chunk; ids are
// global and increase in file order. first_id is the rowid, so "next id" and "chunk holding id" are
// B-tree lookups. min_pos/max_pos bound the rows' positions and max_end their REF ends, so a region
// query reads only the chunks that can overlap it. No foreign key to imports: removal is chunked by
// the import service before the import row goes.
export const variantChunks = sqliteTable(
  'variant_chunks',
  {
    firstId: integer('first_id').primaryKey(),
    importKey: integer('import_key').notNull(),
    chrom: integer('chrom').notNull(),
    count: integer('count').notNull(),
    minPos: integer('min_pos').notNull(),
    maxPos: integer('max_pos').notNull(),
    maxEnd: integer('max_end').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [index('variant_chunks_position_idx').on(t.importKey, t.chrom, t.minPos), index('variant_chunks_site_idx').on(t.chrom, t.minPos)],
);

// gVCF reference blocks (ALT only `<NON_REF>`/`<*>`, END) and ALT `.` sites: "called reference", which
// an analysis must tell apart from "not sequenced". Kept out of variants on purpose.
export const referenceBlocks = sqliteTable(
  'reference_blocks',
  {
    id: integer('id').primaryKey(),
    importKey: integer('import_key').notNull(),
    chrom: integer('chrom').notNull(),
    startPos: integer('start_pos').notNull(),
    endPos: integer('end_pos').notNull(),
    ref: text('ref').notNull(),
    /** `<NON_REF>`, `<*>`, or null for ALT `.`. */
    alt: text('alt'),
    gt: text('gt'),
    gq: real('gq'),
    /** MIN_DP of the block when given, else DP. */
    dp: integer('dp'),
    line: integer('line').notNull(),
  },
  (t) => [index('reference_blocks_position_idx').on(t.importKey, t.chrom, t.startPos)],
);

// Raw consequence annotations (VEP CSQ, snpEff ANN, bcftools BCSQ) exactly as the file carried them, for
// the annotation feature to read later; kept apart so variant chunks stay small.
export const variantRawAnnotations = sqliteTable(
  'variant_raw_annotations',
  {
    importKey: integer('import_key').notNull(),
    variantId: integer('variant_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importKey, t.variantId, t.key] })],
);
