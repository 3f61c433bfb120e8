-- TODO: index this
SELECT 1;
