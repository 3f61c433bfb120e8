import pandas as pd
import psycopg2.extras


def recent(con):
    return pd.read_sql("SELECT * FROM item_features WHERE features->>'kind' = 'x'", con)  # want `features->>'kind' in WHERE is computed for every row of item_features`


def save(cur, rows):
    # want +1 `INSERT ... ON CONFLICT DO UPDATE on feature table item_features in application code`
    psycopg2.extras.execute_values(cur, "INSERT INTO item_features VALUES %s ON CONFLICT (item_id) DO UPDATE SET features = EXCLUDED.features", rows)
    psycopg2.extras.execute_values(cur, "INSERT INTO item_features VALUES %s", rows)


def has_flag(cur):
    cur.execute("SELECT item_id FROM item_features WHERE features ?| %s", (["a", "b"],))  # want `uses \?\| on item_features.features, whose GIN indexes all use jsonb_path_ops`
