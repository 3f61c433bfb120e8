import asyncio

from app.services import only_a_script_calls_this


async def main():  # want "offline: in a script"
    await only_a_script_calls_this()


if __name__ == "__main__":
    asyncio.run(main())
