import asyncio

from app.seed import load_fixtures


async def main():  # want "offline: in a test"
    await load_fixtures()


if __name__ == "__main__":
    asyncio.run(main())
