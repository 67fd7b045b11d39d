"""WebSocket side of the soak: N asyncio clients, each in a loop starting an execution and streaming it.

Each round a client POSTs an execution, opens /api/v1/workflows/<id>/stream?token=…, expects
`connected`, then reads `execution-update` messages until the status is final, then closes (it does
not wait for the server's 5 s close, so streams stay busy). Anything else is a client error.
Prints one JSON line of counters at the end.
"""
import argparse
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from benchlib import TOKEN, request, unwrap  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

FINAL = {"completed", "failed", "cancelled"}


async def client(index, args, deadline, counters, errors):
    rounds = 0
    while time.monotonic() < deadline and rounds < 100_000:
        rounds += 1
        try:
            status, body = await asyncio.to_thread(request, args.port, "POST", f"/api/v1/workflows/{args.workflow}/executions", {})
            if status != 202:
                raise RuntimeError(f"start execution: HTTP {status}")
            eid = unwrap(body)["id"]
            url = f"ws://127.0.0.1:{args.port}/api/v1/workflows/{eid}/stream?token={TOKEN}"
            async with connect(url, open_timeout=15, close_timeout=5, ping_interval=None) as ws:
                first = json.loads(await asyncio.wait_for(ws.recv(), 15))
                if first.get("type") != "connected":
                    raise RuntimeError(f"first message {first.get('type')}")
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 15))
                    counters["messages"] += 1
                    if message.get("type") != "execution-update":
                        raise RuntimeError(f"unexpected message {message.get('type')}")
                    if message["status"] in FINAL:
                        if message["status"] != "completed":
                            raise RuntimeError(f"execution ended {message['status']}")
                        break
            counters["streams"] += 1
        except Exception as error:  # every failure counts; keep going
            counters["errors"] += 1
            key = f"{type(error).__name__}: {error}"[:120]
            errors[key] = errors.get(key, 0) + 1
            await asyncio.sleep(0.2)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workflow", required=True)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, required=True)
    args = parser.parse_args()
    counters = {"clients": args.clients, "streams": 0, "messages": 0, "errors": 0}
    errors = {}
    deadline = time.monotonic() + args.seconds
    asyncio.get_running_loop().set_default_executor(__import__("concurrent.futures").futures.ThreadPoolExecutor(16))
    await asyncio.wait_for(
        asyncio.gather(*(client(i, args, deadline, counters, errors) for i in range(args.clients))),
        timeout=args.seconds + 60)
    counters["error_kinds"] = errors
    print(json.dumps(counters), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
