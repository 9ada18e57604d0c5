CREATE TABLE `families` (
	`id` text PRIMARY KEY NOT NULL,
	`proband_id` text NOT NULL,
	`ped_family_id` text,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`proband_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `families_proband_uq` ON `families` (`proband_id`);--> statement-breakpoint
CREATE TABLE `family_members` (
	`family_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`relation` text NOT NULL,
	`sex` text NOT NULL,
	`affected` text NOT NULL,
	`father_id` text,
	`mother_id` text,
	`sample` text,
	`position` integer NOT NULL,
	PRIMARY KEY(`family_id`, `patient_id`),
	FOREIGN KEY (`family_id`) REFERENCES `families`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `family_members_patient_idx` ON `family_members` (`patient_id`);