"""Service module."""
from __future__ import annotations

import time
from time import sleep


async def poll():
    time.sleep(1)  # want `time\.sleep .*\[ARX101\]`
    sleep(0.5)  # want `sleep \(time\.sleep\) .*\[ARX101\]`


async def not_a_statement():
    value = time.sleep(1)  # want `time\.sleep .*\[ARX101\]`
    return value
