CREATE TABLE `annotation_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`key` integer NOT NULL,
	`import_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`status` text NOT NULL,
	`build` text NOT NULL,
	`packs` text NOT NULL,
	`vcf_tools` text NOT NULL,
	`variants` integer DEFAULT 0 NOT NULL,
	`annotated` integer DEFAULT 0 NOT NULL,
	`in_transcripts` integer DEFAULT 0 NOT NULL,
	`reference_mismatches` integer DEFAULT 0 NOT NULL,
	`clinvar_matches` integer DEFAULT 0 NOT NULL,
	`warnings` text NOT NULL,
	`actor` text NOT NULL,
	`started_at` text NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `annotation_runs_key_uq` ON `annotation_runs` (`key`);--> statement-breakpoint
CREATE INDEX `annotation_runs_import_idx` ON `annotation_runs` (`import_id`,`status`);--> statement-breakpoint
CREATE TABLE `variant_annotations` (
	`run_key` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`source` text,
	`source_version` text,
	`gene` text,
	`transcript` text,
	`mane_select` integer DEFAULT 0 NOT NULL,
	`canonical` integer DEFAULT 0 NOT NULL,
	`shown_terms` text,
	`all_terms` text NOT NULL,
	`most_severe` text,
	`impact` text,
	`hgvsc` text,
	`hgvsp` text,
	`transcripts` integer DEFAULT 0 NOT NULL,
	`clinvar_class` text,
	`vcf_borne` integer DEFAULT 0 NOT NULL,
	`error` text,
	PRIMARY KEY(`run_key`, `variant_id`)
) STRICT;
--> statement-breakpoint
CREATE INDEX `variant_annotations_impact_idx` ON `variant_annotations` (`run_key`,`impact`);--> statement-breakpoint
CREATE INDEX `variant_annotations_clinvar_idx` ON `variant_annotations` (`run_key`,`clinvar_class`);--> statement-breakpoint
CREATE TABLE `variant_clinvar` (
	`run_key` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`variation_id` text NOT NULL,
	`allele_id` text,
	`significance` text NOT NULL,
	`review_status` text NOT NULL,
	`stars` integer NOT NULL,
	`conditions` text NOT NULL,
	`conflicting` integer NOT NULL,
	`conflicting_classifications` text,
	`gene` text,
	`release` text,
	`pack_id` text,
	`pack_version` text,
	PRIMARY KEY(`run_key`, `variant_id`)
) STRICT;
--> statement-breakpoint
CREATE TABLE `variant_transcript_annotations` (
	`run_key` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`ord` integer NOT NULL,
	`source` text NOT NULL,
	`source_version` text,
	`field` text,
	`allele` text,
	`gene` text,
	`gene_id` text,
	`transcript` text,
	`biotype` text,
	`strand` integer,
	`terms` text NOT NULL,
	`impact` text,
	`hgvsc` text,
	`hgvsp` text,
	`mane_select` integer,
	`canonical` integer,
	`exon` text,
	`intron` text,
	`distance` integer,
	`protein_position` integer,
	`amino_acids` text,
	`fields` text,
	PRIMARY KEY(`run_key`, `variant_id`, `ord`)
) STRICT;
--> statement-breakpoint
CREATE INDEX `variant_transcript_annotations_gene_idx` ON `variant_transcript_annotations` (`run_key`,`gene`);