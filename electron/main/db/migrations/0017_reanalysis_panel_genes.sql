CREATE TABLE `reanalysis_panel_genes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`import_id` text NOT NULL,
	`panel_id` text NOT NULL,
	`gene` text NOT NULL,
	`in_gene` integer NOT NULL,
	`listed` integer NOT NULL,
	`left_out` text NOT NULL,
	`screened` integer NOT NULL,
	`detected_at` text NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `reanalysis_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `reanalysis_panel_genes_patient_idx` ON `reanalysis_panel_genes` (`patient_id`,`id`);