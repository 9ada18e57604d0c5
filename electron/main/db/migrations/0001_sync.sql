CREATE TABLE `sync_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`kind` text NOT NULL,
	`detected_at` text NOT NULL,
	`local_json` text NOT NULL,
	`remote_json` text NOT NULL,
	`remote_resource_json` text NOT NULL,
	`remote_version_id` text NOT NULL,
	`remote_last_updated` text,
	`base_json` text,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`resolved_json` text,
	`resolved_at` text,
	`resolved_by` text
) STRICT;
--> statement-breakpoint
CREATE INDEX `sync_conflicts_status_idx` ON `sync_conflicts` (`status`,`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `sync_remote` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`resource_type` text NOT NULL,
	`server_id` text,
	`version_id` text,
	`last_updated` text,
	`synced_version` integer,
	`base_json` text,
	`resource_json` text,
	`unconfirmed_json` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`)
) STRICT;
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_remote_server_uq` ON `sync_remote` (`resource_type`,`server_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
) STRICT;
