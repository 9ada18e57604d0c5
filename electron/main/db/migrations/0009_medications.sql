CREATE TABLE `medications` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`drug` text NOT NULL,
	`drug_key` text,
	`code` text,
	`ingredients` text NOT NULL,
	`dose` text,
	`started` text,
	`stopped` text,
	`status` text NOT NULL,
	`origin` text NOT NULL,
	`fhir_id` text,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `medications_patient_idx` ON `medications` (`patient_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `medications_fhir_id_uq` ON `medications` (`fhir_id`);