CREATE TABLE `variant_chunks` (
	`first_id` integer PRIMARY KEY NOT NULL,
	`import_key` integer NOT NULL,
	`chrom` integer NOT NULL,
	`count` integer NOT NULL,
	`min_pos` integer NOT NULL,
	`max_pos` integer NOT NULL,
	`max_end` integer NOT NULL,
	`data` blob NOT NULL
) STRICT;
--> statement-breakpoint
CREATE INDEX `variant_chunks_position_idx` ON `variant_chunks` (`import_key`,`chrom`,`min_pos`);--> statement-breakpoint
CREATE INDEX `variant_chunks_site_idx` ON `variant_chunks` (`chrom`,`min_pos`);