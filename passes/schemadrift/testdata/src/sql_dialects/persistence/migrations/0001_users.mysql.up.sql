CREATE TABLE `users` (`id` char(36) NOT NULL, `traits` json NOT NULL, `name` text, PRIMARY KEY (`id`)) ENGINE=InnoDB;
