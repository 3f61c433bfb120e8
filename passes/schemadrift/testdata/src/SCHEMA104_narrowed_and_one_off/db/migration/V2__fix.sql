-- A data migration runs once: no expression index is owed to it.
UPDATE grants SET error = NULL WHERE error->>'type' = 'transient';
