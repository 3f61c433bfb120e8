import asyncio


async def main():  # want "offline: in an example"
    return None


asyncio.run(main())
