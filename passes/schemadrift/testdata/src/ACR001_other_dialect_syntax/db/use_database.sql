USE inventory;
CREATE TABLE items (id int PRIMARY KEY);
