-- ok: ACR001 -- backtick-quoted names are MySQL's
INSERT INTO `orders` (`id`, `total`) VALUES (1, 100);
