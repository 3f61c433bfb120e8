"""Service module."""
from __future__ import annotations

import time
from time import sleep


async def poll():
    time.sleep(1)  # want `time\.sleep .*\[ASYNC101\]`
    sleep(0.5)  # want `sleep \(time\.sleep\) .*\[ASYNC101\]`


async def not_a_statement():
    value = time.sleep(1)  # want `time\.sleep .*\[ASYNC101\]`
    return value
