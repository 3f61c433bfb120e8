-- Premium customers whose latest snapshot shows support trouble: the retention
-- team's weekly call list.

-- Containment is served by the GIN index on customer_features.features.
SELECT cf.customer_id, cf.event_time, cf.features
FROM customer_features cf
WHERE cf.features @> '{"plan_tier": "premium"}'
  AND cf.event_time >= now() - interval '7 days';

-- acr finds: ->> in WHERE (both lines) with no B-tree expression index; @> containment serves the equality, only an expression index serves the >= range
SELECT cf.customer_id, cf.event_time
FROM customer_features cf
WHERE cf.features->>'plan_tier' = 'premium'
  AND (cf.features->>'support_tickets')::int >= 3;
