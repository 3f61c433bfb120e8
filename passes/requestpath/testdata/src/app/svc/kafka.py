import asyncio

from aiokafka import AIOKafkaConsumer


async def consume():  # want "serving: on the request path from message consumer loop svc/kafka.py:consume"
    # A worker started by asyncio.run, but it drains a topic: it serves.
    consumer = AIOKafkaConsumer("orders")
    await consumer.start()
    async for msg in consumer:
        await handle(msg)


async def handle(msg):  # want "serving: on the request path from message consumer loop svc/kafka.py:consume"
    return msg


if __name__ == "__main__":
    asyncio.run(consume())
