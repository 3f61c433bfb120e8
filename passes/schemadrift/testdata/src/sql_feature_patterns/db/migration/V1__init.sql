CREATE TABLE fs_customer (id bigint, observed_at timestamptz, attrs jsonb);
CREATE TABLE fs_product (id bigint, event_time timestamptz, attrs jsonb); -- want `feature table fs_product has no observed_at timestamp column`
-- with feature_tables set, *feature* names are ordinary tables
CREATE TABLE customer_features_archive (id bigint, attrs jsonb);
CREATE INDEX CONCURRENTLY fs_customer_attrs ON fs_customer USING gin (attrs);
CREATE INDEX CONCURRENTLY fs_product_attrs ON fs_product USING gin (attrs);
CREATE INDEX CONCURRENTLY customer_features_archive_attrs ON customer_features_archive USING gin (attrs);
UPDATE fs_customer SET superseded_by = 2, valid_to = now() WHERE id = 1;
UPDATE fs_customer SET attrs = '{}' WHERE id = 1; -- want `UPDATE on feature table fs_customer.*close the current row \(SET is_current, superseded_by, valid_to\)`
UPDATE customer_features_archive SET attrs = '{}';
