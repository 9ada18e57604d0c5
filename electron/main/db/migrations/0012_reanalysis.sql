CREATE TABLE `reanalysis_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`import_id` text NOT NULL,
	`chrom` text NOT NULL,
	`pos` integer NOT NULL,
	`ref` text NOT NULL,
	`alt` text NOT NULL,
	`kind` text NOT NULL,
	`before` text,
	`after` text,
	`detected_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `reanalysis_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `reanalysis_changes_patient_idx` ON `reanalysis_changes` (`patient_id`,`id`);--> statement-breakpoint
CREATE TABLE `reanalysis_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`build` text NOT NULL,
	`from_pack_id` text NOT NULL,
	`from_version` text NOT NULL,
	`from_sha256` text NOT NULL,
	`to_pack_id` text NOT NULL,
	`to_version` text NOT NULL,
	`to_sha256` text NOT NULL,
	`changed_alleles` integer NOT NULL,
	`patient_changes` integer NOT NULL,
	`finished_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `reanalysis_runs_pair_uq` ON `reanalysis_runs` (`kind`,`build`,`from_sha256`,`to_sha256`);