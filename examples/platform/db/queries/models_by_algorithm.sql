-- Registry entries of one algorithm, for the model catalogue page.

-- acr finds (statically): ->> filter without an expression index; verify withdraws it
SELECT model_version, mojo_path, exported_at
FROM model_registry
WHERE metrics->>'algorithm' = 'gbm';
