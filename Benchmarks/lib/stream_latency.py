"""Push latency of the execution stream, and fan-out of one update to many clients.

Method. Every `execution-update` frame carries `timestamp`: the server's wall clock
(CLOCK_REALTIME, whole milliseconds, truncated) read when the frame is built, which happens right
after the step's change was saved and published to the stream (the change is durable first, by
design). The client reads frames with raw sockets and asks the kernel for each datagram's receive
time (SO_TIMESTAMPNS, also CLOCK_REALTIME), so the client's own Python overhead and scheduling are
not counted. Both clocks are the same clock on this machine.

  push latency  = kernel receive time - `timestamp`      (biased up by 0..1 ms by the truncation)
  step overhead = gap between successive step updates - the step's delay
                  (sleep overshoot + SQLite save with synchronous=FULL + publish + push: the full
                  step-change-to-client cost, measured on one clock on the client side)
  fan-out spread = for one update, the latest minus the earliest kernel receive time across all
                   clients subscribed to the same execution.
"""
import base64
import json
import os
import select
import socket
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from benchlib import TOKEN, Server, create_workflow, delay_steps, percentile, start_execution, server_arguments  # noqa: E402

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
ANC = socket.CMSG_SPACE(16)


class Client:
    """A minimal WebSocket client: blocking handshake, then non-blocking reads with kernel receive times."""

    def __init__(self, port, execution_id):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /api/v1/workflows/{execution_id}/stream?token={TOKEN} HTTP/1.1\r\n"
                           f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during handshake")
            head += chunk
        status_line = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status_line + b" ":
            raise ConnectionError(f"handshake refused: {status_line!r}")
        self.buffer = b""
        self.raw = [(time.time(), head.split(b"\r\n\r\n", 1)[1])]
        self.sock.setblocking(False)
        self.closed = False
        self.finished = False
        self.raw = []
        self.messages = []  # (kernel receive time in s, parsed JSON)
        self.last_stamp = time.time()

    def fileno(self):
        return self.sock.fileno()

    def pump(self):
        """Reads what is available; parses complete frames."""
        while True:
            try:
                data, ancdata, _, _ = self.sock.recvmsg(65536, ANC)
            except BlockingIOError:
                break
            if not data:
                self.closed = True
                break
            for level, kind, payload in ancdata:
                if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                    seconds, nanos = struct.unpack("qq", payload[:16])
                    self.last_stamp = seconds + nanos / 1e9
            # Keep the reading loop light (this client shares the CPUs with the server):
            # frames are parsed later, except for the cheap checks below.
            self.raw.append((self.last_stamp, data))
            if b'"completed"' in data or data[:1] == b"\x88":
                self.finished = True

    def parse(self):
        """Turns the raw reads into messages, each with the receive time of the read that completed it."""
        for stamp, data in self.raw:
            self.buffer += data
            self._frames(stamp)
        self.raw = []

    def _frames(self, stamp):
        while len(self.buffer) >= 2:
            opcode, length = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F
            offset = 2
            if length == 126:
                if len(self.buffer) < 4:
                    return
                length, offset = struct.unpack("!H", self.buffer[2:4])[0], 4
            elif length == 127:
                if len(self.buffer) < 10:
                    return
                length, offset = struct.unpack("!Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < offset + length:
                return
            payload, self.buffer = self.buffer[offset:offset + length], self.buffer[offset + length:]
            if opcode == 1:
                self.messages.append((stamp, json.loads(payload)))
            elif opcode == 8:
                self.closed = True
            elif opcode == 9:  # answer pings with a masked pong
                mask = os.urandom(4)
                masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                self.sock.send(bytes([0x8A, 0x80 | len(payload)]) + mask + masked)


def stamp_ms(message):
    from datetime import datetime
    return datetime.strptime(message["timestamp"], "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000.0


def drain(clients, until, done):
    poller = select.epoll()
    for index, client in enumerate(clients):
        poller.register(client.fileno(), select.EPOLLIN)
    by_fd = {c.fileno(): c for c in clients}
    while time.monotonic() < until and not done():
        for fd, _ in poller.poll(0.05):
            by_fd[fd].pump()
    poller.close()


def updates(client):
    """First arrival of each (stepsExecuted, status) on a client: {key: (receive s, message)}."""
    first = {}
    for received, message in client.messages:
        if message.get("type") == "execution-update":
            key = (message["stepsExecuted"], message["status"])
            first.setdefault(key, (received, message))
    return first


def main():
    parser = server_arguments()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--step-ms", type=int, default=5)
    parser.add_argument("--fanout", type=int, default=1000)
    parser.add_argument("--fanout-steps", type=int, default=20)
    parser.add_argument("--fanout-step-ms", type=int, default=200)
    parser.add_argument("--latency-target", type=float, default=5.0)
    parser.add_argument("--spread-target", type=float, default=50.0)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="stream-latency-")
    server = Server(args.server, args.port, os.path.join(workdir, "db.sqlite"))
    server.start()
    try:
        # 1. One client, many short steps.
        steps = [{"id": "wait", "name": "wait", "kind": "delay", "config": {"ms": 500}}] + delay_steps(args.steps, args.step_ms)
        workflow = create_workflow(args.port, "latency", steps)
        execution = start_execution(args.port, workflow)
        client = Client(args.port, execution)
        drain([client], time.monotonic() + 60 + args.steps * args.step_ms / 100, lambda: client.closed or client.finished)
        client.parse()
        seen = updates(client)
        pushes = [(r, m) for (done, status), (r, m) in seen.items() if done >= 1 and status == "running" or status == "completed"]
        latency = [r * 1000 - stamp_ms(m) for r, m in pushes]
        ordered = sorted(pushes, key=lambda rm: rm[1]["stepsExecuted"])
        overhead = [(b[0] - a[0]) * 1000 - args.step_ms for a, b in zip(ordered, ordered[1:])
                    if b[1]["stepsExecuted"] == a[1]["stepsExecuted"] + 1 and a[1]["stepsExecuted"] >= 1]
        client.sock.close()

        # 2. Fan-out: many clients on one execution; a long first step leaves time to connect them all.
        connect_ms = max(5000, args.fanout * 10)
        steps = [{"id": "wait", "name": "wait", "kind": "delay", "config": {"ms": connect_ms}}] + delay_steps(args.fanout_steps, args.fanout_step_ms)
        workflow = create_workflow(args.port, "fanout", steps)
        execution = start_execution(args.port, workflow)
        began = time.monotonic()
        clients, connect_errors = [], 0
        for _ in range(args.fanout):
            try:
                clients.append(Client(args.port, execution))
            except OSError as error:
                connect_errors += 1
                last_error = error
        connected_in = time.monotonic() - began
        total_ms = connect_ms + args.fanout_steps * args.fanout_step_ms
        drain(clients, began + total_ms / 1000 + 30, lambda: all(c.closed or c.finished for c in clients))
        for c in clients:
            c.parse()
        per_client = [updates(c) for c in clients]
        spreads, fan_latency, incomplete = [], [], 0
        for done in range(1, args.fanout_steps + 2):
            keys = [(done, "running"), (done, "completed")]
            times = []
            for seen in per_client:
                hit = next((seen[k] for k in keys if k in seen), None)
                if hit:
                    times.append(hit)
            if done > args.fanout_steps + 1 or not times:
                continue
            if len(times) < len(clients):
                incomplete += 1
            spreads.append((max(r for r, _ in times) - min(r for r, _ in times)) * 1000)
            fan_latency.extend(r * 1000 - stamp_ms(m) for r, m in times)
        for c in clients:
            c.sock.close()
        alive = server.process.poll() is None
    finally:
        server.stop()

    p99_latency, p99_spread = percentile(latency, 99), percentile(spreads, 99)
    print("== stream latency summary ==")
    print("method: kernel receive time (SO_TIMESTAMPNS) minus the frame's `timestamp` (server CLOCK_REALTIME, ms, truncated)")
    print(f"push latency (1 client, {len(latency)} updates, {args.steps} x {args.step_ms} ms steps)")
    print(f"  p50 {percentile(latency, 50):.2f} ms  p99 {p99_latency:.2f} ms  max {max(latency, default=float('nan')):.2f} ms"
          f"  (target p99 <= {args.latency_target:g} ms; includes up to +1 ms truncation bias)")
    print(f"step change to client (gap - delay, incl. sleep overshoot + fsync save + push): "
          f"p50 {percentile(overhead, 50):.2f} ms  p99 {percentile(overhead, 99):.2f} ms  (informational)")
    print(f"fan-out: {len(clients)} clients on one execution (connected in {connected_in:.1f} s, {connect_errors} connect errors"
          + (f", last: {last_error}" if connect_errors else "") + ")")
    print(f"  receive-time spread per update ({len(spreads)} updates, {incomplete} not seen by every client):"
          f" p50 {percentile(spreads, 50):.2f} ms  p99 {p99_spread:.2f} ms  max {max(spreads, default=float('nan')):.2f} ms (target p99 <= {args.spread_target:g} ms)")
    print(f"  push latency under fan-out ({len(fan_latency)} frames): p50 {percentile(fan_latency, 50):.2f} ms  p99 {percentile(fan_latency, 99):.2f} ms")
    print(f"server alive             {alive}")
    ok = (latency and p99_latency <= args.latency_target and spreads and p99_spread <= args.spread_target
          and connect_errors == 0 and incomplete == 0 and alive)
    print(f"RESULT: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
