SELECT id FROM a WHERE doc->>'k' = 'v'; -- want `doc->>'k' in WHERE is computed for every row of a`
