CREATE TABLE `annotation_chunks` (
	`run_key` integer NOT NULL,
	`first_id` integer NOT NULL,
	`count` integer NOT NULL,
	`terms` text NOT NULL,
	`impacts` text NOT NULL,
	`clinvar_classes` text NOT NULL,
	`genes` text NOT NULL,
	`annotated` integer NOT NULL,
	`summary` blob NOT NULL,
	`detail` blob NOT NULL,
	PRIMARY KEY(`run_key`, `first_id`)
) STRICT;
--> statement-breakpoint
ALTER TABLE `annotation_runs` ADD `storage` text DEFAULT 'rows' NOT NULL;