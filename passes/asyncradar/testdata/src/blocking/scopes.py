"""Scopes decide what runs on the loop and what a name means."""
import time
import requests
import functools
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from time import sleep as typed_sleep


async def parameter_shadows(time):
    time.sleep(1)


async def local_shadows():
    requests = FakeRequests()
    requests.get("u")


async def for_target_shadows(clocks):
    for time in clocks:
        time.sleep(1)


async def with_target_shadows():
    with make_client() as requests:
        requests.get("u")


async def walrus_shadows():
    if (time := pick_clock()):
        time.sleep(1)


async def walrus_keeps_module():
    if (n := 3):
        time.sleep(n)  # want `time\.sleep .*\[ARX101\]`


async def except_shadows():
    try:
        pass
    except Exception as requests:
        requests.get("u")


async def match_shadows(command):
    match command:
        case [time, *rest]:
            time.sleep(1)
        case {"client": requests}:
            requests.get("u")
        case Point(x=time):
            time.sleep(1)
        case _:
            time.sleep(1)  # time is local to the whole function: not the module


async def lambda_param_shadows():
    return lambda time: time.sleep(1)


async def global_rebinding():
    global requests
    requests = FakeRequests()
    requests.get("u")


async def comprehension_variable_shadows(clocks):
    return [time.sleep(1) for time in clocks]


async def comprehension_runs_on_the_loop(urls):
    return [requests.get(u) for u in urls]  # want `requests\.get .*\[ARX102\]`


async def generator_runs_on_the_loop(urls):
    return list(requests.get(u) for u in urls)  # want `requests\.get .*\[ARX102\]`


async def nested_def_does_not_run():
    def later():
        time.sleep(1)
    return later


async def nested_async_def_is_checked_itself():
    async def inner():
        time.sleep(1)  # want `time\.sleep in async def nested_async_def_is_checked_itself\.<locals>\.inner .*\[ARX101\]`
    await inner()


async def lambda_body_does_not_run():
    return lambda: time.sleep(1)


async def class_body_is_not_the_loop():
    class Later:
        time.sleep(1)
    return Later


async def nested_decorators_and_defaults_run_here():
    @functools.lru_cache(maxsize=time.sleep(0))  # want `time\.sleep .*\[ARX101\]`
    def helper(x=requests.get("u")):  # want `requests\.get .*\[ARX102\]`
        return x
    return helper


@functools.lru_cache(maxsize=time.sleep(0))
async def own_decorators_run_at_import(x=time.sleep(0)):
    return x


async def awaited_sync_call_still_blocks():
    await time.sleep(1)  # want `time\.sleep .*\(awaiting a synchronous call does not make it asynchronous\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX101\]`


async def type_checking_import_resolves():
    typed_sleep(1)  # want `typed_sleep \(time\.sleep\) .*\[ARX101\]`


class Service:
    async def method(self):
        time.sleep(1)  # want `time\.sleep in async def Service\.method .*\[ARX101\]`

    def sync_method(self):
        time.sleep(1)

    @staticmethod
    async def static():
        requests.get("u")  # want `requests\.get in async def Service\.static .*\[ARX102\]`


async def string_mentions_are_not_calls():
    doc = "time.sleep(1) inside a string"
    # time.sleep(1) inside a comment
    return doc
