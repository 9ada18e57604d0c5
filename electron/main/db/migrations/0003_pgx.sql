CREATE TABLE `pgx_outside_call_files` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`file` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`actor` text NOT NULL,
	`imported_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `pgx_outside_call_files_patient_idx` ON `pgx_outside_call_files` (`patient_id`,`imported_at`);--> statement-breakpoint
CREATE TABLE `pgx_outside_calls` (
	`id` integer PRIMARY KEY NOT NULL,
	`file_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`gene` text NOT NULL,
	`diplotype` text,
	`phenotype` text,
	`activity_score` text,
	`line` integer NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `pgx_outside_call_files`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `pgx_outside_calls_patient_gene_idx` ON `pgx_outside_calls` (`patient_id`,`gene`);--> statement-breakpoint
CREATE TABLE `pgx_results` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`import_id` text NOT NULL,
	`outside_call_file_ids` text NOT NULL,
	`options` text NOT NULL,
	`data_versions` text NOT NULL,
	`data_bundle` text NOT NULL,
	`result` text NOT NULL,
	`pdf_file` text,
	`pdf_sha256` text,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `pgx_results_patient_idx` ON `pgx_results` (`patient_id`,`created_at`);