CREATE TABLE `patient_phenotype_terms` (
	`patient_id` text NOT NULL,
	`term_id` text NOT NULL,
	`label` text NOT NULL,
	`excluded` integer NOT NULL,
	`hpo_release` text,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	`removed_at` text,
	PRIMARY KEY(`patient_id`, `term_id`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
CREATE INDEX `patient_phenotype_terms_patient_idx` ON `patient_phenotype_terms` (`patient_id`,`removed_at`);--> statement-breakpoint
CREATE TABLE `patient_phenotypes` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
) STRICT;
--> statement-breakpoint
-- Data: the referral kept HPO terms as JSON [{id,label}] in diagnosis_referrals.hpo_terms. They become the
-- patient's observed terms (the referral had no "excluded"), with no HPO release (none was recorded), kept
-- with who last saved the referral and when. The referral column stays for older readers but is no longer
-- the source. The copied phenotypes are queued for sync like any new phenotype, and audited as a migration.
INSERT OR IGNORE INTO `patient_phenotype_terms` (`patient_id`, `term_id`, `label`, `excluded`, `hpo_release`, `recorded_at`, `recorded_by`, `removed_at`)
SELECT r.`patient_id`, json_extract(t.value, '$.id'), COALESCE(json_extract(t.value, '$.label'), ''), 0, NULL, r.`updated_at`, r.`updated_by`, NULL
FROM `diagnosis_referrals` r, json_each(r.`hpo_terms`) t
WHERE json_valid(r.`hpo_terms`) AND json_extract(t.value, '$.id') GLOB 'HP:[0-9][0-9][0-9][0-9][0-9][0-9][0-9]';
--> statement-breakpoint
INSERT INTO `patient_phenotypes` (`patient_id`, `version`, `updated_at`, `updated_by`)
SELECT DISTINCT t.`patient_id`, 1, r.`updated_at`, r.`updated_by`
FROM `patient_phenotype_terms` t JOIN `diagnosis_referrals` r ON r.`patient_id` = t.`patient_id`;
--> statement-breakpoint
INSERT INTO `audit_log` (`at`, `actor`, `entity_type`, `entity_id`, `action`, `changes`)
SELECT p.`updated_at`, 'migration 0008', 'phenotype', p.`patient_id`, 'migrate-from-referral',
  json_object('terms', (SELECT json_group_array(json_object('id', t.`term_id`, 'label', t.`label`, 'excluded', json('false'))) FROM `patient_phenotype_terms` t WHERE t.`patient_id` = p.`patient_id`))
FROM `patient_phenotypes` p;
--> statement-breakpoint
INSERT INTO `sync_outbox` (`entity_type`, `entity_id`, `op`, `entity_version`, `created_at`)
SELECT 'phenotype', p.`patient_id`, 'create', 1, p.`updated_at` FROM `patient_phenotypes` p;
