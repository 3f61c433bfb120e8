import asyncio

import click

from tornadoapp.handlers import ProjectHandler
from tornadoapp.resources import load_project


async def shared_work():  # want `command line: reached only from the command-line entry point command tornadoapp/cli.py:main`
    # The command's own module runs under the command: start-up work.
    return ProjectHandler


@click.command()
def main():  # want `command line: reached only from the command-line entry point command tornadoapp/cli.py:main`
    shared_work()
    load_project()


async def serve():  # want `command line: reached only from the command-line entry point`
    # The command itself runs under the command only: start-up work.
    return None


if __name__ == "__main__":
    asyncio.run(serve())
