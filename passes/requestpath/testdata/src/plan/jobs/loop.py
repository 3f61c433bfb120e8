class Loop:
    async def run_forever(self):  # want "serving: on the request path from the plan's entry point jobs/loop.py:Loop.run_forever"
        await step()


async def step():  # want "serving: on the request path from the plan's entry point jobs/loop.py:Loop.run_forever"
    return None


async def not_named():  # want "unreached: reached from no entry point of its package"
    return None
