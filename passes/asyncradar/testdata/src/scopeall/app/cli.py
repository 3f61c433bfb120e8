import asyncio
import time


async def main():
    time.sleep(1)  # want `\(off the request path: reached only from the command-line entry point .*app/cli.py:main\)`


if __name__ == "__main__":
    asyncio.run(main())
