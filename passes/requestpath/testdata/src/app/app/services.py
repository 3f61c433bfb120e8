import json


async def load_users():  # want "serving: on the request path from route handler app/api/users.py:list_users"
    with open("users.json") as f:
        return json.load(f)


async def only_the_cli_calls_this():  # want "command line: reached only from the command-line entry point"
    return 1


async def nobody_calls_this():  # want "unreached: reached from no entry point of its package"
    return 2


class UserService:
    async def count(self):  # want "serving: on the request path from route handler app/api/users.py:list_users"
        return await self._query()

    async def _query(self):  # want "serving: on the request path"
        return 0


async def only_a_script_calls_this():  # want "command line: reached only from the command-line entry point .*scripts/backfill.py:main"
    return 3
