CREATE TABLE prompts (
    id bigint PRIMARY KEY,
    -- json, not jsonb: jsonb reorders keys, and the prompt config must keep the order it was written in
    config json NOT NULL, -- want `column prompts.config is json: .*\(a note: json looks deliberate here, a comment beside it gives the reason`
    settings jsonb, -- ok: SCHEMA101 -- jsonb
    payload json -- want `column prompts.payload is json, yet payload->>'model' \(db/queries/prompts_by_model.sql:3\) navigates inside it.*\[SCHEMA101\]`
);
