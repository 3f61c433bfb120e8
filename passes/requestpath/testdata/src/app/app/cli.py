import asyncio

import typer

from app.services import only_the_cli_calls_this

cli = typer.Typer()


@cli.command()
def sync_users():  # want "command line: reached only from the command-line entry point command app/cli.py:sync_users"
    asyncio.run(main())


async def main():  # want "command line: reached only from the command-line entry point"
    await only_the_cli_calls_this()


if __name__ == "__main__":
    cli()
