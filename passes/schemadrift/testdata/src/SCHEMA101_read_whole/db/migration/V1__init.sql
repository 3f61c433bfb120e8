-- No plan requires it here and no query looks inside the column: the payload is stored and
-- returned whole.
CREATE TABLE webhooks (id bigint PRIMARY KEY, payload json NOT NULL); -- want `column webhooks.payload is json: .*declare it jsonb \(a note: no query of the repository navigates inside the column, and json stored and read whole costs nothing jsonb would save; plan.require_jsonb makes it a finding\) \[SCHEMA101\]`
