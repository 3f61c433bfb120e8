-- the plan names events and audit_* as large: a blocking build there is a warning
CREATE INDEX events_kind ON events (kind); -- want `index events_kind is built on existing table events, which is large or hot \(the plan lists it in large_tables \(events\)\) without CONCURRENTLY.*\[SCHEMA401\]`
CREATE INDEX audit_log_actor ON audit_log (actor); -- want `existing table audit_log, which is large or hot \(the plan lists it in large_tables \(audit_\*\)\)`
-- a partitioned table is split because it is large
CREATE INDEX measurements_at ON measurements (at); -- want `existing table measurements, which is large or hot \(it is partitioned\)`
-- nothing says tags is large: a note, not a warning
CREATE INDEX tags_name ON tags (name); -- want `index tags_name is built on existing table tags without CONCURRENTLY.*\(a note: nothing in the repository shows that tags is large or hot; name it in plan.large_tables to have it reported\)`
