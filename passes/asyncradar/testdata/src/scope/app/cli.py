import asyncio
import time

import typer

cli = typer.Typer()


async def main():
    # Runs once under asyncio.run: its event loop serves nobody else.
    time.sleep(1)


@cli.command()
def seed():
    asyncio.run(main())


if __name__ == "__main__":
    cli()
