CREATE TABLE `reanalysis_panel_releases` (
	`panel_id` text NOT NULL,
	`version` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`sha256` text NOT NULL,
	`panel_json` text NOT NULL,
	`recorded_at` text NOT NULL,
	PRIMARY KEY(`panel_id`, `version`)
) STRICT;
