CREATE TABLE `worklist_medication_alerts` (
	`patient_id` text NOT NULL,
	`position` integer NOT NULL,
	`drug` text NOT NULL,
	`medication_id` text,
	`action` text NOT NULL,
	`phenotype` text NOT NULL,
	`reviewed_at` text NOT NULL,
	PRIMARY KEY(`patient_id`, `position`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
