-- Scoring events whose explanation names tenure as the top driver, for the
-- model-monitoring dashboard.

-- acr finds: scoring_events.explanation is filtered with @> but has no GIN index
SELECT se.customer_id, se.model_version, se.scored_at
FROM scoring_events se
WHERE se.explanation @> '{"top_feature": "tenure"}';
