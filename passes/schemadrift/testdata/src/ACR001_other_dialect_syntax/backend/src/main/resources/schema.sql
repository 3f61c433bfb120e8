-- ok: ACR001 -- MySQL's AUTO_INCREMENT, which PostgreSQL cannot parse: skipped as MySQL, not a syntax error
CREATE TABLE IF NOT EXISTS shop.orders (
    id INTEGER AUTO_INCREMENT,
    total INT UNSIGNED NOT NULL COMMENT 'cents',
    PRIMARY KEY (id)
) ENGINE=InnoDB;
