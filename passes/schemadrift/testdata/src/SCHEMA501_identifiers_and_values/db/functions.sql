CREATE FUNCTION drop_constraints(tbl text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = tbl::regclass LOOP
    -- format('%I') quotes the name: the safe idiom, nothing to report
    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I', tbl, r.conname);
  END LOOP;
END $$;
CREATE FUNCTION purge(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'DELETE FROM ' || tbl; -- want `SQL built at run time \(EXECUTE of a command built at run time\) is not analysed.*\[SCHEMA501\]`
END $$;
CREATE FUNCTION snapshot(s text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- %L quotes a literal as %I quotes a name: nothing to report
  EXECUTE format(
    'INSERT INTO version_snapshot SELECT %L, version_num FROM %I.alembic_version WHERE version_num IS NOT NULL',
    s, s
  );
END $$;
