SELECT id
FROM prompts
WHERE payload->>'model' = $1; -- want `payload->>'model' in WHERE is computed for every row of prompts`
