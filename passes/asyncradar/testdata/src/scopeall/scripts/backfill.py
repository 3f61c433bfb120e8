import asyncio
import subprocess


async def main():
    subprocess.run(["pg_dump", "db"], check=True)  # want `\(off the request path: in a script\)`


if __name__ == "__main__":
    asyncio.run(main())
