# Shared helpers for the server benchmarks (sourced, not run).
# Installs what is missing, builds the release server once, and picks a free loopback port.

bench_require_wrk() {
  command -v wrk >/dev/null && return
  echo "installing wrk (apt-get)…" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
}

bench_require_websockets() {
  python3 -c 'import websockets' 2>/dev/null && return
  echo "installing websockets (pip)…" >&2
  python3 -m pip install -q websockets >/dev/null 2>&1
}

# Prints the path of the release `server` binary, building it first unless SERVER_BIN is set.
bench_server_bin() {
  if [[ -n "${SERVER_BIN:-}" ]]; then echo "$SERVER_BIN"; return; fi
  swift build -c release --product server >&2
  echo "$(swift build -c release --show-bin-path)/server"
}

# A free TCP port on 127.0.0.1.
bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Raises the open-file limit as far as the hard limit allows (at most $1).
bench_raise_fd_limit() {
  local want="$1" hard
  hard=$(ulimit -Hn)
  if [[ "$hard" != unlimited && "$hard" -lt "$want" ]]; then want="$hard"; fi
  ulimit -n "$want" 2>/dev/null || true
  echo "fd limit: $(ulimit -n)" >&2
}

# Sets `bin` (the release server) and `port` (PORT, or a free one), after raising the fd limit to $1 when given.
bench_prepare_server() {
  if [[ -n "${1:-}" ]]; then bench_raise_fd_limit "$1"; fi
  bin="$(bench_server_bin)"
  port="${PORT:-$(bench_free_port)}"
}

bench_require_perf() {
  command -v perf >/dev/null && return
  echo "installing perf (apt-get)…" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq linux-perf >/dev/null
}

# Installs wrk (and perf, with `perf`), builds the release Examples/Hello, and sets `bin` to it.
bench_prepare_hello() {
  bench_require_wrk
  if [[ "${1:-}" == perf ]]; then bench_require_perf; fi
  swift build -c release --product Hello >/dev/null
  bin="$(swift build -c release --show-bin-path)/Hello"
}

# Waits until the server started in the background as PID $1 writes "listening" to its log $2.
# Hello exits at once when it cannot bind; then this prints its log, and fails, so that whatever
# else listens on the port is never measured.
bench_wait_listening() {
  local pid="$1" log="$2"
  for _ in $(seq 50); do grep -q listening "$log" && return; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  grep -q listening "$log" && return
  echo "the server did not start: $(cat "$log")" >&2
  kill "$pid" 2>/dev/null
  return 1
}
