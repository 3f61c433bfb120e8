-- an index dropped later does not count
DROP INDEX IF EXISTS orders_attrs; -- want `DROP INDEX|drop_index.*\[SCHEMA403\]`
