#!/usr/bin/env bash
# End-to-end streaming runs of StreamHarness against the standalone sandbox, each in its own JVM.
#
#   bash benchmarks/run-stream.sh memory [N]      N items (default 1000000), unlimited rate, 64 in flight, -Xmx64m
#   bash benchmarks/run-stream.sh rate [R] [S]    R calls/s (default 200) for S seconds (default 15), then cancel
#
# Run from the repository root. Builds the library, its CLI jar and benchmarks/target/benchmarks.jar, starts
# the sandbox (-Xmx3g) on a free port, runs the harness (-Xmx64m), and stops the sandbox (SIGTERM) on exit.
# Set REPORT=FILE to keep the harness's report; SKIP_BUILD=1 to reuse the jars already built.
set -euo pipefail

usage() {
  echo "usage: $0 memory [N] | rate [R] [S]" >&2
  exit 2
}

mode=${1:-}
case "$mode" in
  memory)
    items=${2:-1000000}
    harness_args=(--items "$items" --max-in-flight 64 --rate 0)
    ;;
  rate)
    rate=${2:-200}
    seconds=${3:-15}
    # Far more items than the window can take, so the run is stopped by --seconds, never by the last item.
    harness_args=(--items 100000000 --max-in-flight 64 --rate "$rate" --seconds "$seconds")
    ;;
  *)
    usage
    ;;
esac

if [[ ! -f pom.xml || ! -f benchmarks/pom.xml ]]; then
  echo "$0: run from the repository root (where pom.xml and benchmarks/ are)" >&2
  exit 2
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building the library, its CLI and the benchmarks..." >&2
  mvn -B -q install -DskipTests
  mvn -B -q -f benchmarks/pom.xml package -DskipTests
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-stream.XXXXXX")
state="$tmp/state.properties"
sandbox_pid=""

stop_sandbox() {
  if [[ -n "$sandbox_pid" ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

# Private copies: a rebuild during a long run must not change the classes under a running JVM.
cp target/wechatpay-reactor-cli.jar "$tmp/cli.jar"
cp benchmarks/target/benchmarks.jar "$tmp/benchmarks.jar"

java -Xmx3g -jar "$tmp/cli.jar" sandbox --port 0 --state "$state" --contracts 8 \
  >"$tmp/sandbox.log" 2>&1 &
sandbox_pid=$!

for _ in $(seq 1 300); do
  [[ -s "$state" ]] && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "$0: the sandbox exited before writing $state:" >&2
    cat "$tmp/sandbox.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ ! -s "$state" ]]; then
  echo "$0: no state file after 30 s:" >&2
  cat "$tmp/sandbox.log" >&2
  exit 1
fi
echo "sandbox pid $sandbox_pid at $(sed -n 's/^base_url=//p' "$state")" >&2

report_args=()
if [[ -n "${REPORT:-}" ]]; then
  report_args=(--report "$REPORT")
fi

status=0
java -Xmx64m -cp "$tmp/benchmarks.jar" wechatpay.reactor.benchmarks.StreamHarness \
  --state "$state" "${harness_args[@]}" ${report_args[@]+"${report_args[@]}"} || status=$?

if grep -qiE 'exception|error' "$tmp/sandbox.log"; then
  echo "--- sandbox log (it mentions errors) ---" >&2
  tail -n 50 "$tmp/sandbox.log" >&2
fi
exit "$status"
