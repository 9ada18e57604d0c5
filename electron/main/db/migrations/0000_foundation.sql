CREATE TABLE `patients` (
	`id` text PRIMARY KEY NOT NULL,
	`nhs_number` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`family_fold` text NOT NULL,
	`given_fold` text NOT NULL,
	`birth_date` text NOT NULL,
	`sex` text NOT NULL,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_nhs_number_uq` ON `patients` (`nhs_number`);--> statement-breakpoint
CREATE INDEX `patients_family_fold_idx` ON `patients` (`family_fold`);--> statement-breakpoint
CREATE INDEX `patients_given_fold_idx` ON `patients` (`given_fold`);--> statement-breakpoint
CREATE INDEX `patients_birth_date_idx` ON `patients` (`birth_date`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`changes` text NOT NULL
) STRICT;
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`entity_version` integer NOT NULL,
	`created_at` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`sent_at` text
) STRICT;
--> statement-breakpoint
CREATE INDEX `sync_outbox_status_idx` ON `sync_outbox` (`status`,`id`);