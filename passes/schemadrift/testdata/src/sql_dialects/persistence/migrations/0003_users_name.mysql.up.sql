ALTER TABLE `users` ADD INDEX `users_name_idx` (`name`(64));
