import { sqliteTable, text, integer, blob, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { imports } from './imports.ts';
import { patients } from './patients.ts';

// One annotation run of one import. Written 'running' first; batches of variant annotations follow, each
// in its own transaction; the last transaction marks the previous 'complete' run of the import
// 'superseded' and this one 'complete', so readers switch from the old annotation to the new in one
// commit and never see a mixture. Superseded runs are kept and stay readable (issue 15); runs a crash,
// kill or cancel left 'running' are removed in chunks.
export const annotationRuns = sqliteTable(
  'annotation_runs',
  {
    id: text('id').primaryKey(),
    /** Compact key the per-variant tables carry (millions of rows). */
    key: integer('key').notNull(),
    importId: text('import_id')
      .notNull()
      .references(() => imports.id),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    status: text('status').notNull(),
    build: text('build').notNull(),
    /** JSON PackVersion[]: which pack versions (and main-file SHA-256) made this annotation. */
    packs: text('packs').notNull(),
    /** JSON [{tool, version, field}] of tool annotations the VCF carried (VEP CSQ, snpEff ANN). */
    vcfTools: text('vcf_tools').notNull(),
    variants: integer('variants').notNull().default(0),
    annotated: integer('annotated').notNull().default(0),
    inTranscripts: integer('in_transcripts').notNull().default(0),
    referenceMismatches: integer('reference_mismatches').notNull().default(0),
    clinvarMatches: integer('clinvar_matches').notNull().default(0),
    /** JSON [{code, message, details}]. */
    warnings: text('warnings').notNull(),
    actor: text('actor').notNull(),
    startedAt: text('started_at').notNull(),
    completedAt: text('completed_at'),
    /**
     * Where the run's per-variant annotation lives: 'rows' (variant_annotations, variant_transcript_annotations,
     * variant_clinvar: every run stored before migration 0016, still read as it was) or 'chunks'
     * (annotation_chunks, one packed row per import chunk).
     */
    storage: text('storage').notNull().default('rows'),
  },
  (t) => [uniqueIndex('annotation_runs_key_uq').on(t.key), index('annotation_runs_import_idx').on(t.importId, t.status)],
);

// The row store, for runs written before migration 0016 (storage 'rows'); later runs use annotation_chunks.
// One row per annotated variant per run: what the variant browser shows and filters on (the transcript
// shown, the most severe term and impact over all transcripts, the ClinVar class), so a page and its
// filters never have to read every transcript.
export const variantAnnotations = sqliteTable(
  'variant_annotations',
  {
    runKey: integer('run_key').notNull(),
    /** variants.id (unique across imports). */
    variantId: integer('variant_id').notNull(),
    /** GenoDesk | VEP | snpEff: source of the transcript shown; null when no transcript. */
    source: text('source'),
    sourceVersion: text('source_version'),
    gene: text('gene'),
    transcript: text('transcript'),
    maneSelect: integer('mane_select').notNull().default(0),
    canonical: integer('canonical').notNull().default(0),
    /** The shown transcript's terms, '&'-joined as VEP writes them. */
    shownTerms: text('shown_terms'),
    /** Every term of every transcript and source, as `|term|term|` so a filter is one LIKE. */
    allTerms: text('all_terms').notNull(),
    mostSevere: text('most_severe'),
    impact: text('impact'),
    hgvsc: text('hgvsc'),
    hgvsp: text('hgvsp'),
    transcripts: integer('transcripts').notNull().default(0),
    clinvarClass: text('clinvar_class'),
    /** Whether the VCF carried tool annotations for this record (even if none for this allele). */
    vcfBorne: integer('vcf_borne').notNull().default(0),
    /** JSON {code, message, details} when the variant was refused (annotate/reference-mismatch). */
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.runKey, t.variantId] }),
    index('variant_annotations_impact_idx').on(t.runKey, t.impact),
    // Consequence filters other than intergenic_variant only look at variants with a transcript.
    index('variant_annotations_transcripts_idx').on(t.runKey, t.transcripts),
    index('variant_annotations_clinvar_idx').on(t.runKey, t.clinvarClass),
  ],
);

// Every transcript of every annotated variant, from GenoDesk's annotator (source GenoDesk, version = the
// transcript pack) and from tool annotations the VCF carried (source VEP/snpEff, version from the header).
export const variantTranscriptAnnotations = sqliteTable(
  'variant_transcript_annotations',
  {
    runKey: integer('run_key').notNull(),
    variantId: integer('variant_id').notNull(),
    /** Order within the variant: GenoDesk's (MANE Select first), then each VCF tool's in file order. */
    ord: integer('ord').notNull(),
    source: text('source').notNull(),
    /** GenoDesk: `<pack id>@<pack version>`; VEP/snpEff: the version the VCF header gives. */
    sourceVersion: text('source_version'),
    /** INFO key of a VCF-borne annotation (CSQ, ANN, EFF); null for GenoDesk's. */
    field: text('field'),
    allele: text('allele'),
    gene: text('gene'),
    geneId: text('gene_id'),
    transcript: text('transcript'),
    biotype: text('biotype'),
    strand: integer('strand'),
    /** SO terms, '&'-joined, most severe first. */
    terms: text('terms').notNull(),
    impact: text('impact'),
    hgvsc: text('hgvsc'),
    hgvsp: text('hgvsp'),
    maneSelect: integer('mane_select'),
    canonical: integer('canonical'),
    exon: text('exon'),
    intron: text('intron'),
    distance: integer('distance'),
    proteinPosition: integer('protein_position'),
    aminoAcids: text('amino_acids'),
    /** VCF-borne: every field of the entry as JSON, named as in the header's Format description. */
    fields: text('fields'),
  },
  (t) => [primaryKey({ columns: [t.runKey, t.variantId, t.ord] }), index('variant_transcript_annotations_gene_idx').on(t.runKey, t.gene)],
);

// The ClinVar record matched on normalised chrom/pos/ref/alt, with the pack version it came from.
export const variantClinvar = sqliteTable(
  'variant_clinvar',
  {
    runKey: integer('run_key').notNull(),
    variantId: integer('variant_id').notNull(),
    variationId: text('variation_id').notNull(),
    alleleId: text('allele_id'),
    significance: text('significance').notNull(),
    reviewStatus: text('review_status').notNull(),
    stars: integer('stars').notNull(),
    /** JSON string[]. */
    conditions: text('conditions').notNull(),
    conflicting: integer('conflicting').notNull(),
    /** JSON string[] or null. */
    conflictingClassifications: text('conflicting_classifications'),
    gene: text('gene'),
    release: text('release'),
    packId: text('pack_id'),
    packVersion: text('pack_version'),
  },
  (t) => [primaryKey({ columns: [t.runKey, t.variantId] })],
);

// A run's annotations packed per import chunk (variant_chunks): one row per chunk of the import instead of
// one per variant × transcript, so storing a whole genome is ~2,500 inserts and dropping a run is deleting
// ~2,500 rows. `summary` holds what the browser shows and filters on per variant, `detail` every transcript,
// the VCF's tool annotations and the ClinVar match (annotation-chunk.ts has the layout). The text columns
// are the chunk's unions (`|a|b|`) of what the filters test, so a filter decodes only chunks that can match.
export const annotationChunks = sqliteTable(
  'annotation_chunks',
  {
    runKey: integer('run_key').notNull(),
    /** first_id of the import's variant chunk these annotations belong to. */
    firstId: integer('first_id').notNull(),
    /** Variants annotated in the chunk (rows with a '*' or '.' ALT are not). */
    count: integer('count').notNull(),
    terms: text('terms').notNull(),
    impacts: text('impacts').notNull(),
    clinvarClasses: text('clinvar_classes').notNull(),
    genes: text('genes').notNull(),
    /** Variants that have a transcript, a ClinVar match or an error (the browser's "annotated only"). */
    annotated: integer('annotated').notNull(),
    summary: blob('summary', { mode: 'buffer' }).notNull(),
    detail: blob('detail', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.runKey, t.firstId] })],
);
