-- The indexed customer_id finds the rows; ->> only checks the few left.
SELECT id FROM grants WHERE customer_id = $1 AND error->>'type' = $2;
-- The primary key finds the row.
SELECT id FROM grants WHERE id = $1 AND properties->>'license_key_id' = $2;
-- A join on an indexed key narrows only when another predicate restricts the joined table.
SELECT g.id FROM customers c JOIN grants g ON g.customer_id = c.id WHERE c.email = $1 AND g.error->>'type' = 'x';
-- member_id has no index: nothing narrows the rows.
SELECT id FROM grants WHERE member_id = $1 AND error->>'type' = $2; -- want `error->>'type' in WHERE is computed for every row of grants.*\[SCHEMA104\]`
SELECT id FROM grants WHERE error->>'code' = 'E1'; -- want `error->>'code' in WHERE is computed for every row of grants.*\[SCHEMA104\]`
