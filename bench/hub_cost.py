"""CPU per hub message a worker receives, and per vote it applies from one: the inputs of the
100,000-phone model in docs/deployment.md.

    python -m bench.hub_cost [--redis-url redis://127.0.0.1:6379/5] [--messages 20000] [--batch 10]

A subscriber process counts its own CPU (`time.process_time`) while a publisher sends `votes`
messages of `--batch` votes through the service's own Redis hub; then the same messages are
parsed and applied to a live room's tally in this process."""

import argparse
import asyncio
import subprocess
import sys
import time

from poll_service.live.state import LiveQuestion, LiveRoom
from poll_service.realtime.messages import hub_message, parse_hub_message
from poll_service.realtime.redis_hub import RedisHub

CHANNEL = "bench-hub-cost"


def _messages(count: int, batch: int) -> list[bytes]:
    return [
        hub_message(
            "votes",
            items=[
                ["q1", f"p{(n * batch + i) % 16000}", 0, {"choice_ids": [f"o{(n + i) % 4}"]}]
                for i in range(batch)
            ],
        )
        for n in range(count)
    ]


async def _subscribe(url: str, count: int) -> None:
    hub = RedisHub(url)
    await hub.start()
    received, started = 0, 0.0
    async with hub.subscribe(CHANNEL) as messages:
        print("ready", flush=True)
        async for _ in messages:
            if received == 0:
                started = time.process_time()
            received += 1
            if received == count:
                break
    print(f"{(time.process_time() - started) / count * 1e6:.1f}", flush=True)
    await hub.stop()


async def _publish(url: str, messages: list[bytes]) -> None:
    hub = RedisHub(url)
    await hub.start()
    for message in messages:
        await hub.publish(CHANNEL, message)
    await hub.stop()


def _apply_cost(messages: list[bytes], batch: int) -> float:
    room = LiveRoom("bench")
    options = [{"id": f"o{i}", "label": f"Option {i}"} for i in range(4)]
    room.set_questions([LiveQuestion("q1", "multiple_choice", "Which?", 0, options, {})])
    started = time.process_time()
    for message in messages:
        room.apply(parse_hub_message(message))
    return (time.process_time() - started) / (len(messages) * batch) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--subscriber", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.subscriber:
        asyncio.run(_subscribe(args.redis_url, args.messages))
        return
    messages = _messages(args.messages, args.batch)
    sub = subprocess.Popen(  # nosec B603 - this interpreter, our own module
        [
            sys.executable,
            "-m",
            "bench.hub_cost",
            "--subscriber",
            "--redis-url",
            args.redis_url,
            "--messages",
            str(args.messages),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sub.stdout is not None
    if sub.stdout.readline().strip() != "ready":
        raise SystemExit("the subscriber did not start")
    asyncio.run(_publish(args.redis_url, messages))
    per_message = float(sub.stdout.readline())
    sub.wait(timeout=30)
    print(f"hub message received: {per_message:.1f} µs CPU each ({args.batch} votes)")
    print(f"vote applied from a hub message: {_apply_cost(messages, args.batch):.2f} µs CPU (parse + tally)")


if __name__ == "__main__":
    main()
