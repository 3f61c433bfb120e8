-- down migrations are not replayed: this json column is never reported
CREATE TABLE ghost (doc json);
