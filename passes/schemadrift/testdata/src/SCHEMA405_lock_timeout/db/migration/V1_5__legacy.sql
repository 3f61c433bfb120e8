-- older than the first migration that sets a timeout: it predates the practice
ALTER TABLE orders ADD COLUMN legacy text;
