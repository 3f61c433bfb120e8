import asyncio
import subprocess


async def main():
    subprocess.run(["pg_dump", "db"], check=True)


if __name__ == "__main__":
    asyncio.run(main())
