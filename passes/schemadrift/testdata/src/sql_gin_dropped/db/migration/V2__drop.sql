-- an index dropped later does not count
DROP INDEX IF EXISTS orders_attrs;
