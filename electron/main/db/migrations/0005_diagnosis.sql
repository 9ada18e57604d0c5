CREATE TABLE `diagnosis_analyses` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`import_id` text NOT NULL,
	`build` text NOT NULL,
	`panels` text NOT NULL,
	`filters` text NOT NULL,
	`packs` text NOT NULL,
	`annotation_origin` text NOT NULL,
	`fingerprint` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `diagnosis_analyses_fingerprint_uq` ON `diagnosis_analyses` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `diagnosis_analyses_patient_idx` ON `diagnosis_analyses` (`patient_id`);--> statement-breakpoint
CREATE TABLE `diagnosis_classifications` (
	`id` text PRIMARY KEY NOT NULL,
	`variant_id` text NOT NULL,
	`build` text NOT NULL,
	`chrom` text NOT NULL,
	`pos` integer NOT NULL,
	`ref` text NOT NULL,
	`alt` text NOT NULL,
	`version` integer NOT NULL,
	`acmg_class` text NOT NULL,
	`points` integer NOT NULL,
	`criteria` text NOT NULL,
	`explanation` text NOT NULL,
	`comment` text NOT NULL,
	`gene` text,
	`transcript` text,
	`hgvsc` text,
	`hgvsp` text,
	`patient_id` text,
	`analysis_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `diagnosis_classifications_version_uq` ON `diagnosis_classifications` (`variant_id`,`version`);--> statement-breakpoint
CREATE TABLE `diagnosis_consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` text NOT NULL,
	`additional_findings` integer NOT NULL,
	`note` text,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `diagnosis_consents_patient_idx` ON `diagnosis_consents` (`patient_id`,`id`);--> statement-breakpoint
CREATE TABLE `diagnosis_panels` (
	`panel_id` text NOT NULL,
	`version` text NOT NULL,
	`name` text NOT NULL,
	`source_kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`panel_json` text NOT NULL,
	`installed_at` text NOT NULL,
	`installed_by` text NOT NULL,
	PRIMARY KEY(`panel_id`, `version`)
) STRICT;
--> statement-breakpoint
CREATE TABLE `diagnosis_referrals` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`clinical_indication` text NOT NULL,
	`hpo_terms` text NOT NULL,
	`panels` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE TABLE `diagnosis_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`analysis_id` text NOT NULL,
	`outcome` text NOT NULL,
	`content` text NOT NULL,
	`pdf_sha256` text NOT NULL,
	`issued_at` text NOT NULL,
	`issued_by` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `diagnosis_reports_patient_idx` ON `diagnosis_reports` (`patient_id`,`issued_at`);