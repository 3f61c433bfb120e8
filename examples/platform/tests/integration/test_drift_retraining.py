"""Drift scenario, end to end without live services: a shifted feature is detected,
the Mage retraining trigger is called, and the pipeline's exporter writes a new MOJO."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest

from src.common.drift import PSI_THRESHOLD, population_stability_index
from src.common.settings import Settings
from src.pipeline.data_exporters import export_mojo as export_block
from src.service.drift import check_drift_and_retrain

pytestmark = pytest.mark.integration

TRIGGER_URL = "http://mage:6789/api/pipeline_schedules/7/pipeline_runs/test-token"


def feature_rows(rng: np.random.Generator, n: int, *, recent: bool, charges_shift: float = 0.0) -> list[dict]:
    tenure = rng.gamma(2.0, 12.0, n)
    charges = rng.normal(65.0 + charges_shift, 12.0, n)
    return [{"tenure_months": float(t), "monthly_charges": float(c), "recent": recent} for t, c in zip(tenure, charges)]


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20251103)


def fakes(rows: list[dict]) -> tuple[mock.AsyncMock, mock.AsyncMock, Settings]:
    pool = mock.AsyncMock()
    pool.fetch.return_value = rows
    http = mock.AsyncMock()
    http.post.return_value = mock.Mock()
    return pool, http, Settings(database_url="postgresql://test@localhost/test", mage_trigger_url=TRIGGER_URL)


def test_psi_separates_stable_from_shifted_data(rng: np.random.Generator) -> None:
    reference = rng.normal(65.0, 12.0, 5000)
    assert population_stability_index(reference, rng.normal(65.0, 12.0, 5000)) < 0.1
    assert population_stability_index(reference, rng.normal(80.0, 12.0, 5000)) > PSI_THRESHOLD


async def test_drift_triggers_the_mage_retraining_pipeline(rng: np.random.Generator) -> None:
    rows = feature_rows(rng, 4000, recent=False) + feature_rows(rng, 1000, recent=True, charges_shift=15.0)
    pool, http, settings = fakes(rows)

    reports = await check_drift_and_retrain(pool, http, settings)

    drifted = {r.feature: r.drifted for r in reports}
    assert drifted == {"tenure_months": False, "monthly_charges": True}
    http.post.assert_awaited_once_with(
        TRIGGER_URL,
        json={"pipeline_run": {"variables": {"reason": "drift", "features": ["monthly_charges"]}}},
    )
    http.post.return_value.raise_for_status.assert_called_once()


async def test_stable_data_does_not_trigger_retraining(rng: np.random.Generator) -> None:
    rows = feature_rows(rng, 4000, recent=False) + feature_rows(rng, 1000, recent=True)
    pool, http, settings = fakes(rows)

    reports = await check_drift_and_retrain(pool, http, settings)

    assert [r.drifted for r in reports] == [False, False]
    http.post.assert_not_awaited()


def test_retraining_exports_a_new_mojo_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_block, "MODEL_DIR", tmp_path)
    model = mock.Mock(model_id="GBM_grid_1_model_3")

    def download_mojo(path: str, get_genmodel_jar: bool) -> str:
        # What H2O writes into the directory: <model_id>.zip and the genmodel jar.
        mojo = Path(path) / f"{model.model_id}.zip"
        with zipfile.ZipFile(mojo, "w") as archive:
            archive.writestr("model.ini", "[info]\nalgo = gbm\nmojo_version = 1.40\n")
        if get_genmodel_jar:
            (Path(path) / "h2o-genmodel.jar").write_bytes(b"PK\x05\x06" + bytes(18))
        return str(mojo)

    model.download_mojo.side_effect = download_mojo
    leaderboard = pd.DataFrame([{"candidate": "d5_lr0.05", "model_id": model.model_id, "auc": 0.83}])
    with mock.patch.object(export_block.h2o, "connect"), mock.patch.object(export_block.h2o, "get_model", return_value=model):
        written = export_block.export_mojo(leaderboard, execution_date=dt.datetime(2025, 11, 3, 2, 0))

    version = "churn_gbm_202511030200_d5_lr0.05"
    model.download_mojo.assert_called_once_with(path=str(tmp_path / "staging" / version), get_genmodel_jar=True)
    assert written == str(tmp_path / f"{version}.zip")
    with zipfile.ZipFile(written) as archive:
        assert archive.read("model.ini").startswith(b"[info]")
