"""Runtime settings read from the environment (see docker-compose.yml and .env)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str = field(default_factory=lambda: os.environ["DATABASE_URL"])
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", "redis://redis:6379/0"))
    model_dir: Path = field(default_factory=lambda: Path(os.environ.get("MODEL_DIR", "/models")))
    model_version: str = field(default_factory=lambda: os.environ.get("MODEL_VERSION", "churn_gbm"))
    genmodel_jar: str = field(default_factory=lambda: os.environ.get("GENMODEL_JAR", "/opt/h2o/h2o-genmodel.jar"))
    # Mage API trigger of the train_churn pipeline:
    # http://mage:6789/api/pipeline_schedules/<id>/pipeline_runs/<token>
    mage_trigger_url: str = field(default_factory=lambda: os.environ.get("MAGE_TRIGGER_URL", ""))
    cache_ttl_seconds: int = field(default_factory=lambda: int(os.environ.get("CACHE_TTL_SECONDS", "300")))
