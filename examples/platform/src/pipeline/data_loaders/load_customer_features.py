from os import path

import pandas as pd
from mage_ai.io.config import ConfigFileLoader
from mage_ai.io.postgres import Postgres
from mage_ai.settings.repo import get_repo_path

if "data_loader" not in globals():
    from mage_ai.data_preparation.decorators import data_loader
if "test" not in globals():
    from mage_ai.data_preparation.decorators import test

# Point-in-time training set: each customer's latest feature snapshot taken at least
# 90 days ago, labelled by whether the customer churned within the 90 days after it.
QUERY = """
SELECT DISTINCT ON (cf.customer_id)
       cf.customer_id,
       cf.event_time,
       cf.features,
       (c.churned_at IS NOT NULL AND c.churned_at < cf.event_time + interval '90 days') AS churned
FROM customer_features cf
JOIN customers c ON c.customer_id = cf.customer_id
WHERE cf.event_time < now() - interval '90 days'
ORDER BY cf.customer_id, cf.event_time DESC
"""


@data_loader
def load_customer_features(*args, **kwargs) -> pd.DataFrame:
    config_path = path.join(get_repo_path(), "io_config.yaml")
    with Postgres.with_config(ConfigFileLoader(config_path, "default")) as loader:
        return loader.load(QUERY)


@test
def test_output(output, *args) -> None:
    assert output is not None and len(output) > 0, "no training rows"
    assert output["customer_id"].is_unique, "one snapshot per customer"
