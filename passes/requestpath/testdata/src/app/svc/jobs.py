from arq import cron
from faststream.kafka import KafkaBroker
from taskiq_redis import ListQueueBroker

broker = KafkaBroker()
tasks = ListQueueBroker("redis://")


@broker.subscriber("orders")
async def on_order(order):  # want "serving: on the request path from message consumer svc/jobs.py:on_order"
    return order


@tasks.task
async def send_mail(to):  # want "serving: on the request path from worker task svc/jobs.py:send_mail"
    return to


async def nightly(ctx):  # want "serving: on the request path from worker task svc/jobs.py:nightly"
    return ctx


async def resize(ctx, image):  # want "serving: on the request path from worker task svc/jobs.py:resize"
    return image


class WorkerSettings:
    functions = [resize]
    cron_jobs = [cron(nightly, hour=3)]


async def consume_queue(queue):  # want "unreached: reached from no entry point"
    await queue.consume(on_message)


async def on_message(message):  # want "serving: on the request path from message consumer svc/jobs.py:on_message"
    return message
