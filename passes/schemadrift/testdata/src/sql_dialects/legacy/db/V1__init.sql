CREATE TABLE `legacy` (`id` int NOT NULL AUTO_INCREMENT, `doc` json, PRIMARY KEY (`id`)) ENGINE=InnoDB;
