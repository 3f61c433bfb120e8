CREATE TABLE "users" ("id" TEXT PRIMARY KEY, "traits" TEXT NOT NULL, "name" TEXT);
INSERT OR IGNORE INTO "users" ("id", "traits") VALUES ('0', '{}');
