CREATE TABLE `notes` (`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL, `body` text);
--> statement-breakpoint
CREATE INDEX `notes_body_idx` ON `notes` (`body`);
