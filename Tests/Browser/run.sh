#!/usr/bin/env bash
# Browser end to end: headless Chromium (Debian's chromium + chromium-driver, driven by Selenium)
# against the reference server, from an allowed origin and from a refused one.
# Installs what is missing, builds the server in release, runs Tests/Browser/browser_test.py.
# Env: SERVER_BIN (skip the build and use this binary), PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$SECONDS
need=()
for package in chromium chromium-driver; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
done
if ((${#need[@]})); then
  echo "browser: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Selenium from PyPI; the newest release may need dependencies the index does not have yet,
# so let pip pick the newest that resolves within 4.x. Where pip cannot install (no pip, or a
# system Python that refuses it), fall back to Debian's python3-selenium and its Python.
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import selenium' >/dev/null 2>&1; then
  echo "browser: installing selenium"
  if ! "$PYTHON" -m pip install -q --disable-pip-version-check 'selenium>=4.8,<5'; then
    echo "browser: pip could not install selenium; using Debian's python3-selenium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-selenium >/dev/null
    PYTHON=/usr/bin/python3
  fi
fi
echo "browser: $(chromium --version 2>/dev/null), $(chromedriver --version | cut -d' ' -f1-2)," \
     "selenium $("$PYTHON" -c 'import selenium; print(selenium.__version__)') on $("$PYTHON" --version)" \
     "(setup $((SECONDS - started)) s)"

# The driver is Debian's; Selenium Manager must not download one.
export SE_OFFLINE=true
export CHROMEDRIVER=/usr/bin/chromedriver CHROMIUM=/usr/bin/chromium

if [[ -z "${SERVER_BIN:-}" ]]; then
  swift build -c release --product server
  SERVER_BIN="$(swift build -c release --product server --show-bin-path)/server"
fi
export SERVER_BIN

mkdir -p .build-browser
rm -f .build-browser/pids
test_pid=""
cleanup() {
  if [[ -n "$test_pid" ]] && kill -0 "$test_pid" 2>/dev/null; then
    kill -TERM "$test_pid" 2>/dev/null || true
    sleep 2
  fi
  # Whatever the test recorded (server, chromedriver) and is still alive: end it and its children.
  if [[ -f .build-browser/pids ]]; then
    while read -r pid; do
      [[ -n "$pid" ]] || continue
      pkill -TERM -P "$pid" 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
    done < .build-browser/pids
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PYTHON" -u Tests/Browser/browser_test.py &
test_pid=$!
status=0
wait "$test_pid" || status=$?
test_pid=""
exit "$status"
