// Plain constants of the VCF contract, kept apart from the zod schemas (shared/schemas/vcf.ts re-exports
// them) so that code needing only these, such as the CLI's start-up path, does not load zod.

/** Builds GenoDesk stores; everything clinical downstream (PGx, annotation packs) is build-specific. */
export const GENOME_BUILDS = ['GRCh37', 'GRCh38'] as const;
export type GenomeBuild = (typeof GENOME_BUILDS)[number];

/** The most variant rows one page of `variants` / the variant browser returns. */
export const VARIANT_PAGE_MAX = 1000;
