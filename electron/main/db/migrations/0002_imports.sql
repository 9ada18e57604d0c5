CREATE TABLE `import_contigs` (
	`import_key` integer NOT NULL,
	`code` integer NOT NULL,
	`name` text NOT NULL,
	`chrom` text NOT NULL,
	`length` integer,
	PRIMARY KEY(`import_key`, `code`)
) STRICT;
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`key` integer NOT NULL,
	`patient_id` text NOT NULL,
	`file` text NOT NULL,
	`file_name` text NOT NULL,
	`file_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`sample` text NOT NULL,
	`build` text NOT NULL,
	`build_source` text NOT NULL,
	`vcf_version` text,
	`status` text NOT NULL,
	`records` integer DEFAULT 0 NOT NULL,
	`alleles` integer DEFAULT 0 NOT NULL,
	`variants` integer DEFAULT 0 NOT NULL,
	`reference_blocks` integer DEFAULT 0 NOT NULL,
	`het` integer DEFAULT 0 NOT NULL,
	`hom_alt` integer DEFAULT 0 NOT NULL,
	`hom_ref` integer DEFAULT 0 NOT NULL,
	`hemi_ref` integer DEFAULT 0 NOT NULL,
	`hemi_alt` integer DEFAULT 0 NOT NULL,
	`half_call` integer DEFAULT 0 NOT NULL,
	`no_call` integer DEFAULT 0 NOT NULL,
	`not_genotyped` integer DEFAULT 0 NOT NULL,
	`transitions` integer DEFAULT 0 NOT NULL,
	`transversions` integer DEFAULT 0 NOT NULL,
	`max_ref_length` integer DEFAULT 1 NOT NULL,
	`max_block_length` integer DEFAULT 1 NOT NULL,
	`header` text NOT NULL,
	`actor` text NOT NULL,
	`started_at` text NOT NULL,
	`imported_at` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `imports_key_uq` ON `imports` (`key`);--> statement-breakpoint
CREATE UNIQUE INDEX `imports_identity_uq` ON `imports` (`patient_id`,`sha256`,`sample`);--> statement-breakpoint
CREATE INDEX `imports_patient_idx` ON `imports` (`patient_id`,`status`);--> statement-breakpoint
CREATE TABLE `reference_blocks` (
	`id` integer PRIMARY KEY NOT NULL,
	`import_key` integer NOT NULL,
	`chrom` integer NOT NULL,
	`start_pos` integer NOT NULL,
	`end_pos` integer NOT NULL,
	`ref` text NOT NULL,
	`alt` text,
	`gt` text,
	`gq` real,
	`dp` integer,
	`line` integer NOT NULL
) STRICT;
--> statement-breakpoint
CREATE INDEX `reference_blocks_position_idx` ON `reference_blocks` (`import_key`,`chrom`,`start_pos`);--> statement-breakpoint
CREATE TABLE `variant_raw_annotations` (
	`import_key` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`import_key`, `variant_id`, `key`)
) STRICT;
--> statement-breakpoint
CREATE TABLE `variants` (
	`id` integer PRIMARY KEY NOT NULL,
	`import_key` integer NOT NULL,
	`chrom` integer NOT NULL,
	`pos` integer NOT NULL,
	`ref` text NOT NULL,
	`alt` text NOT NULL,
	`ids` text,
	`qual` real,
	`filter` text,
	`gt` text,
	`zygosity` integer NOT NULL,
	`ps` integer,
	`gq` real,
	`dp` integer,
	`ad_ref` integer,
	`ad_alt` integer,
	`info` text,
	`original` text
) STRICT;
--> statement-breakpoint
CREATE INDEX `variants_position_idx` ON `variants` (`import_key`,`chrom`,`pos`);