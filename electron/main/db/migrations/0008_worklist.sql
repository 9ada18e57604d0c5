CREATE TABLE `worklist_candidates` (
	`patient_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`analysis_id` text NOT NULL,
	`rank` integer NOT NULL,
	`tier` integer NOT NULL,
	`gene` text NOT NULL,
	`hgvs` text,
	`ranked_at` text NOT NULL,
	PRIMARY KEY(`patient_id`, `variant_id`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `worklist_candidates_variant_idx` ON `worklist_candidates` (`variant_id`);