-- ranges and other non-equality tests: containment cannot express them, only an expression index can serve them
SELECT id FROM accounts a WHERE (a.profile->>'support_tickets')::int >= 3; -- want `\(a.profile->>'support_tickets'\)::int in WHERE .*containment \(@>\) tests equality only and cannot express a >= comparison, so add CREATE INDEX CONCURRENTLY ON accounts \(\(\(profile->>'support_tickets'\)::int\)\) or keep support_tickets in a relational \(or generated\) column`
SELECT id FROM accounts WHERE profile->>'tier' <> 'free'; -- want `cannot express a <> comparison, so add CREATE INDEX CONCURRENTLY ON accounts \(\(profile->>'tier'\)\)`
SELECT id FROM accounts WHERE (profile->>'score')::numeric BETWEEN 0.2 AND 0.8; -- want `cannot express a BETWEEN range`
SELECT id FROM accounts WHERE profile->>'email' LIKE '%@example.com'; -- want `cannot express a pattern match`
SELECT id FROM accounts WHERE profile->>'closed_at' IS NULL; -- want `cannot express an IS NULL test`
SELECT id FROM accounts WHERE profile->>'country' NOT IN ('DE', 'FR'); -- want `cannot express a NOT IN test`
SELECT a.id FROM accounts a, accounts b WHERE a.profile->>'ref' IN (b.profile->>'code', 'x'); -- want `a.profile->>'ref' in WHERE .*cannot express an IN test over values that are not constants` `b.profile->>'code' in WHERE .*cannot express this test, so add CREATE INDEX CONCURRENTLY ON accounts \(\(profile->>'code'\)\)`
-- equality: containment can replace it
SELECT id FROM accounts WHERE profile->>'plan' = 'pro'; -- want `filter by containment \(profile @> '\{"plan": \.\.\.\}'\) or add CREATE INDEX CONCURRENTLY ON accounts \(\(profile->>'plan'\)\)`
SELECT id FROM accounts WHERE profile->>'region' IN ('eu', 'us'); -- want `filter by containment \(profile @> '\{"region": \.\.\.\}'\)`
SELECT id FROM accounts WHERE profile->>'lang' = ANY ('{de,fr}'); -- want `filter by containment \(profile @> '\{"lang": \.\.\.\}'\)`
SELECT id FROM accounts WHERE (profile->>'vip')::boolean IS TRUE; -- want `filter by containment \(profile @> '\{"vip": \.\.\.\}'\)`
SELECT id FROM accounts WHERE (profile->>'beta')::bool AND id > 10; -- want `filter by containment \(profile @> '\{"beta": \.\.\.\}'\)`
SELECT id FROM accounts WHERE NOT (profile->>'churned')::boolean; -- want `filter by containment \(profile @> '\{"churned": \.\.\.\}'\)`
