"""The serving model and its zero-downtime swap.

A request reads ``holder.current`` once and uses that model to the end, so a swap
never mixes two versions in one response, never blocks readers and never needs a
restart: it is one reference assignment.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

import h2o
import pandas as pd

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MojoModel:
    version: str
    mojo_path: Path
    genmodel_jar: str

    def predict(self, frame: pd.DataFrame) -> list[float]:
        """Churn probability per row.

        Blocking: h2o-genmodel scores in a Java process, so callers on the event loop
        must offload it (asyncio.to_thread or run_in_executor).
        """
        scored = h2o.mojo_predict_pandas(
            frame, mojo_zip_path=str(self.mojo_path), genmodel_jar_path=self.genmodel_jar
        )
        # Columns are predict, then one probability per class; "yes" comes last.
        return scored.iloc[:, -1].astype(float).tolist()


class ModelHolder:
    def __init__(self, model: MojoModel) -> None:
        self._current = model
        self._lock = asyncio.Lock()

    @property
    def current(self) -> MojoModel:
        return self._current

    async def swap(self, candidate: MojoModel, probe: pd.DataFrame) -> MojoModel:
        """Serve ``candidate`` from now on, once it has scored ``probe``.

        Requests already holding the previous model finish with it.
        """
        async with self._lock:
            # A MOJO that cannot load fails here, not on live traffic.
            await asyncio.to_thread(candidate.predict, probe)
            previous, self._current = self._current, candidate
        logger.info("serving model %s (was %s)", candidate.version, previous.version)
        return previous
