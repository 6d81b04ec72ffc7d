#!/usr/bin/env bash
# Builds the library and the benchmarks, runs the JMH micro-benchmarks (short settings) and the end-to-end load
# harness (each client in its own JVM against the standalone sandbox in --fast mode), and writes
# benchmarks/RESULTS.md with the machine, the JVM, this command and every figure.
#
#   bash benchmarks/run-all.sh                 # from the repository root; about 10 minutes on 2 cores
#
# Environment (all optional):
#   SKIP_BUILD=1            reuse target/wechatpay-reactor-cli.jar and benchmarks/target/benchmarks.jar
#   SKIP_JMH=1              no JMH step
#   JMH_ARGS                JMH options (default: -f 1 -wi 3 -w 2s -i 5 -r 2s, about 3 minutes in all)
#   CALLS, IN_FLIGHT        CPU-bound runs: calls per pass (20000) and calls in flight / official threads (64)
#   LAT_IN_FLIGHT           latency-bound runs: ours in flight and the official SDK's larger pool (1000)
#   LAT_OURS_CALLS, LAT_OFFICIAL_CALLS, LAT_OFFICIAL64_CALLS   latency-bound calls (20000, 20000, 10000)
#   CLIENT_HEAP             heap of every client JVM (-Xmx512m)
#   STREAM_REPORT           a StreamHarness report (run-stream.sh with REPORT=...) to quote; default
#                           benchmarks/RESULTS-stream.md when it exists
#   RESULTS                 where to write the results (benchmarks/RESULTS.md)
set -euo pipefail

if [[ ! -f pom.xml || ! -f benchmarks/pom.xml ]]; then
  echo "$0: run from the repository root (where pom.xml and benchmarks/ are)" >&2
  exit 2
fi

calls=${CALLS:-20000}
in_flight=${IN_FLIGHT:-64}
lat_in_flight=${LAT_IN_FLIGHT:-1000}
lat_ours_calls=${LAT_OURS_CALLS:-20000}
lat_official_calls=${LAT_OFFICIAL_CALLS:-20000}
lat_official64_calls=${LAT_OFFICIAL64_CALLS:-10000}
client_heap=${CLIENT_HEAP:--Xmx512m}
jmh_args=${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}
results_md=${RESULTS:-benchmarks/RESULTS.md}
stream_report=${STREAM_REPORT:-}
if [[ -z "$stream_report" && -f benchmarks/RESULTS-stream.md ]]; then
  stream_report=benchmarks/RESULTS-stream.md
fi

# The command as typed, with the settings that were overridden.
command="bash benchmarks/run-all.sh"
for var in SKIP_BUILD SKIP_JMH JMH_ARGS CALLS IN_FLIGHT LAT_IN_FLIGHT LAT_OURS_CALLS LAT_OFFICIAL_CALLS \
           LAT_OFFICIAL64_CALLS CLIENT_HEAP STREAM_REPORT RESULTS; do
  if [[ -n "${!var:-}" ]]; then
    command="$var='${!var}' $command"
  fi
done

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
other_java=$(pgrep -c java || true)
if [[ "$other_java" == 0 ]]; then
  other_java="none"
else
  other_java="**$other_java other Java process(es) were running**"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX")
sandbox_pid=""

stop_sandbox() {
  if [[ -n "$sandbox_pid" ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  sandbox_pid=""
}
cleanup() {
  stop_sandbox
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() {
  echo "[run-all $(date -u '+%H:%M:%S')] $*" >&2
}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building the library, its CLI and the benchmarks..."
  mvn -B -q install -DskipTests
  mvn -B -q -f benchmarks/pom.xml package -DskipTests
fi

# Private copies: a rebuild during the run must not change the classes under a running JVM.
cp target/wechatpay-reactor-cli.jar "$tmp/cli.jar"
cp benchmarks/target/benchmarks.jar "$tmp/benchmarks.jar"
results="$tmp/results.jsonl"
load_log="$tmp/load.log"
: >"$results"
: >"$load_log"
status=0

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  log "JMH: $jmh_args"
  # shellcheck disable=SC2086  # JMH_ARGS is a list of options
  java -jar "$tmp/benchmarks.jar" $jmh_args -rf csv -rff "$tmp/jmh.csv" >"$tmp/jmh.log" 2>&1 || {
    status=1
    log "JMH failed; its log:"
    tail -n 30 "$tmp/jmh.log" >&2
  }
fi

# Starts the sandbox with the given extra options and waits for its state file; sets sandbox_pid and state.
start_sandbox() {
  local name=$1
  shift
  state="$tmp/$name/state.properties"
  mkdir -p "$tmp/$name"
  java -Xmx1g -jar "$tmp/cli.jar" sandbox --port 0 --state "$state" --contracts 8 --fast "$@" \
    >"$tmp/sandbox-$name.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 600); do
    [[ -s "$state" ]] && break
    if ! kill -0 "$sandbox_pid" 2>/dev/null; then
      echo "$0: the sandbox exited before writing $state:" >&2
      cat "$tmp/sandbox-$name.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  if [[ ! -s "$state" ]]; then
    echo "$0: no state file after 60 s:" >&2
    cat "$tmp/sandbox-$name.log" >&2
    exit 1
  fi
  log "sandbox '$name' (pid $sandbox_pid, --fast $*) at $(sed -n 's/^base_url=//p' "$state")"
}

# One LoadHarness run: label, client, calls, in flight, out_record_id prefix (unique per run, so each run's
# warm-up signs its own answers and the timed pass finds them well inside the sandbox's 4-minute reuse window).
load() {
  log "load: $*"
  # shellcheck disable=SC2086  # CLIENT_HEAP may hold several JVM options
  java $client_heap -cp "$tmp/benchmarks.jar" wechatpay.reactor.benchmarks.LoadHarness \
    --label "$1" --client "$2" --calls "$3" --in-flight "$4" --id-prefix "$5" --warmup \
    --state "$state" --result "$results" 2>&1 | grep -v '^SLF4J' | tee -a "$load_log" >&2 || status=1
  sleep 2
}

start_sandbox fast
load cpu ours "$calls" "$in_flight" CO
load cpu official "$calls" "$in_flight" CF
load cpu raw "$calls" "$in_flight" CR
stop_sandbox

start_sandbox latency --latency-ms 100-100
load latency ours "$lat_ours_calls" "$lat_in_flight" LO
load latency official "$lat_official64_calls" "$in_flight" LF
load latency official "$lat_official_calls" "$lat_in_flight" LT
stop_sandbox

finished=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

report_args=(--results "$results")
[[ -s "$tmp/jmh.csv" ]] && report_args+=(--jmh "$tmp/jmh.csv")
[[ -n "$stream_report" && -f "$stream_report" ]] && report_args+=(--stream "$stream_report")

{
  echo "# Benchmark results"
  echo
  echo "Written by \`benchmarks/run-all.sh\`; every figure below is what the harnesses printed in this run"
  echo "(the full output is at the end). Read the figures as ratios within the run: both JVMs of a run share the"
  echo "machine's cores with each other and with anything else running, as the load averages show."
  echo
  echo "## Run"
  echo
  echo "- started $started, finished $finished"
  echo "- command (from the repository root): \`$command\`"
  echo "- machine: $(nproc) cores ($(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')),"\
       "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, Linux $(uname -r)"
  echo "- load average (1, 5, 15 min): $load_start at the start, $load_end at the end. The load average counts"
  echo "  runnable threads, the runs' own included: the sandbox's, and the official SDK's 64 or 1,000 threads raise"
  echo "  it during their runs. Other Java processes when the run started: $other_java."
  echo "- JVM (\`java -version\`):"
  echo
  echo '```text'
  java -version 2>&1
  echo '```'
  echo
  echo "- JMH: \`java -jar benchmarks.jar $jmh_args\`"
  echo "- end-to-end: sandbox \`java -Xmx1g -jar cli.jar sandbox --port 0 --contracts 8 --fast\` (and"
  echo "  \`--latency-ms 100-100\` for the latency-bound runs), each client in its own JVM"
  echo "  (\`java $client_heap -cp benchmarks.jar wechatpay.reactor.benchmarks.LoadHarness ... --warmup\`):"
  echo "  an untimed warm-up pass over the same items, then the sign + verify calibration, then the timed pass."
  echo "  CPU-bound: $calls calls, $in_flight in flight (official: $in_flight threads). Latency-bound: ours"
  echo "  $lat_ours_calls calls at $lat_in_flight in flight; official $lat_official64_calls calls on $in_flight threads"
  echo "  (fewer: at most $in_flight calls per 100 ms) and $lat_official_calls calls on $lat_in_flight threads."
  echo "- ours: \`WechatPayClient\` with \`maxInFlight(C)\` and \`RetryPolicy.none()\`,"
  echo "  \`Flux.range(0, N).flatMap(i -> scheduleRecords().create(item(i)), C)\` (the typed one-item call, C at once,"
  echo "  like-for-like with C official threads). official: wechatpay-java 0.2.17 \`DefaultHttpClientBuilder\`"
  echo "  (public-key mode) over OkHttp with a pool of C connections, C threads each making blocking"
  echo "  \`execute(POST batch-create, Map.class)\` calls with the same JSON bytes. raw: Reactor Netty posting the"
  echo "  same bytes unsigned, C at once (the sandbox answers 401, the same signed body every time): the transport floor."
  echo
  java -cp "$tmp/benchmarks.jar" wechatpay.reactor.benchmarks.LoadReport "${report_args[@]}"
  echo "## Output of the load harness"
  echo
  echo "<details><summary>every LoadHarness run, as printed</summary>"
  echo
  echo '```text'
  cat "$load_log"
  echo '```'
  echo
  echo "</details>"
} >"$results_md.tmp"
mv "$results_md.tmp" "$results_md"

# Keep the raw figures beside the build output for a closer look.
mkdir -p benchmarks/target/run-all
cp "$results" "$load_log" "$tmp"/sandbox-*.log benchmarks/target/run-all/ 2>/dev/null || true
[[ -f "$tmp/jmh.csv" ]] && cp "$tmp/jmh.csv" "$tmp/jmh.log" benchmarks/target/run-all/
log "wrote $results_md (raw figures and logs in benchmarks/target/run-all/)"
exit "$status"
