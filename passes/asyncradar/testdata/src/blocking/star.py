from time import *
from subprocess import *


async def star_imports():
    sleep(1)  # want `sleep \(time\.sleep\) .*\[ARX101\]`
    run(["ls"])  # want `run \(subprocess\.run\) .*\[ARX103\]`


async def star_names_can_be_shadowed(sleep):
    sleep(1)
