#!/usr/bin/env bash
# Builds the library and the benchmarks, then runs every comparison as interleaved rounds (A, B, C, ... A, B, C, ...;
# each client in its own JVM against the standalone sandbox in --fast mode) and writes benchmarks/RESULTS.md
# (medians with min–max, the machine's noise, every figure from this run) and its PNG charts beside it.
#
#   bash benchmarks/run-all.sh                 # from the repository root; 27 minutes on 2 cores before (b)'s longer warm-up
#                                              # ((a) and (b) at 400 alone took 28 min, 2026-12-02)
#
# Environment (all optional):
#   ROUNDS (3)              rounds of every comparison
#   CLIENTS                 variants to run (default: ours ours-jdk official official-accp official-vt official-vt-accp raw)
#   CALLS (4000), IN_FLIGHT (64), FIRST_CALLS (2000)   (a) CPU-bound: calls per pass, in flight; (c) cold calls measured
#   OPEN_RATES ("400:6 2000:3"; "" skips (b)), SERVER_LATENCY_MS (1000)   (b) open loop: offered calls/s:seconds timed
#   WARMUP_MIN_CALLS (60000) in (a), every client's untimed warm-up repeats its timed items until it has made at least
#                           this many: 4,000 left the JIT compiling through the timed pass (see its JIT column)
#   OPEN_WARMUP_MIN_CALLS (9600)   the same in (b), open loop at the rate (a closed-loop warm-up left the JIT compiling
#                           the open loop's paths in the timed pass), after OPEN_FAST_WARMUP_CALLS (20000) made
#                           closed loop against (a)'s sandbox, without latency
#   DEMO_ITEMS (1000)       (e) README demo items; SKIP_DEMO=1 skips it
#   JAVA25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)   JDK for the virtual-thread runs (skipped when absent)
#   JMH_ARGS (-f 1 -wi 2 -w 1s -i 3 -r 2s), SKIP_JMH=1, SKIP_BUILD=1, CLIENT_HEAP (-Xmx512m), STREAM_REPORT, RESULTS
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${ROUNDS:-3}
clients=${CLIENTS:-ours ours-jdk official official-accp official-vt official-vt-accp raw}
calls=${CALLS:-4000}
in_flight=${IN_FLIGHT:-64}
first_calls=${FIRST_CALLS:-2000}
open_rates=${OPEN_RATES-400:6 2000:3}
cpu_warmup_min=${WARMUP_MIN_CALLS:-60000}
open_warmup_min=${OPEN_WARMUP_MIN_CALLS:-9600}
open_fast_warmup=${OPEN_FAST_WARMUP_CALLS:-20000}
server_latency=${SERVER_LATENCY_MS:-1000}
demo_items=${DEMO_ITEMS:-1000}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
client_heap=${CLIENT_HEAP:--Xmx512m}
jmh_args=${JMH_ARGS:--f 1 -wi 2 -w 1s -i 3 -r 2s}
results_md=${RESULTS:-benchmarks/RESULTS.md}
charts_dir=$(dirname "$results_md")
stream_report=${STREAM_REPORT:-}
[[ -z "$stream_report" && -f benchmarks/RESULTS-stream.md ]] && stream_report=benchmarks/RESULTS-stream.md

command="bash benchmarks/run-all.sh"
for var in ROUNDS CLIENTS CALLS IN_FLIGHT FIRST_CALLS OPEN_RATES WARMUP_MIN_CALLS OPEN_WARMUP_MIN_CALLS OPEN_FAST_WARMUP_CALLS SERVER_LATENCY_MS DEMO_ITEMS JAVA25 \
           JMH_ARGS SKIP_JMH SKIP_DEMO SKIP_BUILD CLIENT_HEAP STREAM_REPORT RESULTS; do
  [[ -n "${!var+set}" ]] && command="$var='${!var}' $command"
done

started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
started_s=$(date +%s)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
other_java=$(pgrep -c java || true)
[[ "$other_java" == 0 ]] && other_java="none" || other_java="**$other_java other Java process(es) were running**"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-all.XXXXXX")
sandbox_pid=""
fast_pid=""   # (a)'s sandbox, kept for (b)'s warm-up
stop_pid() {
  if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
    kill -TERM "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
stop_sandbox() { stop_pid "$sandbox_pid"; sandbox_pid=""; }
trap 'stop_sandbox; stop_pid "$fast_pid"; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
log() { echo "[run-all $(date -u '+%H:%M:%S')] $*" >&2; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # package, not install: the build writes only under this checkout's target/ directories.
  log "building the library, its CLI and the benchmarks..."
  mvn -B -q package -DskipTests
  mvn -B -q -f benchmarks/pom.xml package -DskipTests
fi
# Private copies: a rebuild during the run must not change the classes under a running JVM. The checkout's library
# jar goes first on the class path, so the runs measure this checkout even if the installed copy is older.
cp target/wechatpay-reactor-cli.jar "$tmp/cli.jar"
cp "$(ls target/wechatpay-reactor-*.jar | grep -v -e sources -e javadoc -e cli | head -n 1)" "$tmp/library.jar"
cp benchmarks/target/benchmarks.jar "$tmp/benchmarks.jar"
classpath="$tmp/library.jar:$tmp/benchmarks.jar"
results="$tmp/results.jsonl"
load_log="$tmp/load.log"
demo_tsv="$tmp/demo.tsv"
: >"$results"; : >"$load_log"; : >"$demo_tsv"
status=0
notes=()

if [[ ! -x "$java25" ]]; then
  notes+=("No JDK 25 at \`$java25\`: the official SDK on virtual threads was skipped.")
  clients=$(echo "$clients" | tr ' ' '\n' | grep -v -- '-vt' | tr '\n' ' ')
fi

openssl_sign=$(openssl speed -seconds 2 rsa2048 2>/dev/null | awk '/^rsa +2048 bits/ {printf "%.1f", $4 * 1e6}' || true)
log "openssl speed rsa2048: ${openssl_sign:-n/a} µs per signature"

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  log "JMH: $jmh_args"
  # shellcheck disable=SC2086  # JMH_ARGS is a list of options
  java -cp "$classpath" org.openjdk.jmh.Main $jmh_args -rf csv -rff "$tmp/jmh.csv" >"$tmp/jmh.log" 2>&1 || {
    status=1; log "JMH failed; its log:"; tail -n 30 "$tmp/jmh.log" >&2; }
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
    kill -0 "$sandbox_pid" 2>/dev/null || { echo "$0: the sandbox exited:" >&2; cat "$tmp/sandbox-$name.log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -s "$state" ]] || { echo "$0: no state file after 60 s" >&2; exit 1; }
  log "sandbox '$name' (pid $sandbox_pid, --fast $*)"
}

# The JVM and harness options of one client variant.
variant_command() {
  case "$1" in
    ours) echo "java|--client ours" ;;
    ours-jdk) echo "java -Dwechatpay.reactor.rsa=jdk|--client ours" ;;
    official) echo "java|--client official" ;;
    official-accp) echo "java|--client official --install-accp" ;;
    official-vt) echo "$java25|--client official --virtual-threads" ;;
    official-vt-accp) echo "$java25|--client official --virtual-threads --install-accp" ;;
    raw) echo "java|--client raw --calibrate 0" ;;
    *) echo "$0: unknown client variant '$1'" >&2; exit 2 ;;
  esac
}

# One LoadHarness run: label, variant, out_record_id prefix (unique per run), then harness options.
load() {
  local label=$1 variant=$2 prefix=$3
  shift 3
  local spec jvm harness
  spec=$(variant_command "$variant")
  jvm=${spec%%|*}
  harness=${spec#*|}
  log "load: $label $variant $*"
  local calls_here passes
  calls_here=$(echo "$*" | sed -n 's/.*--calls \([0-9]*\).*/\1/p')
  passes=$(( (warmup_min + calls_here - 1) / calls_here ))
  # shellcheck disable=SC2086  # the JVM, CLIENT_HEAP and the variant's options are lists
  $jvm $client_heap -cp "$classpath" wechatpay.reactor.benchmarks.LoadHarness $harness --label "$label" \
    --variant "$variant" --id-prefix "$prefix" --warmup --warmup-passes "$passes" --state "$state" --result "$results" "$@" 2>&1 \
    | grep -v '^SLF4J' | tee -a "$load_log" >&2 || status=1
  sleep 1
}

warmup_min=$cpu_warmup_min
start_sandbox cpu
for round in $(seq 1 "$rounds"); do
  i=0
  for variant in $clients; do
    i=$((i + 1))
    load cpu "$variant" "C${i}R${round}" --calls "$calls" --in-flight "$in_flight" --first-calls "$first_calls"
  done
done
# (b)'s warm-up starts against this sandbox, without latency: against 1 s of latency, C calls in flight make only C
# calls a second.
fast_pid=$sandbox_pid; fast_state=$state; sandbox_pid=""

warmup_min=$open_warmup_min
for rate_seconds in $open_rates; do
  rate=${rate_seconds%%:*}
  start_sandbox "open$rate" --latency-ms "$server_latency-$server_latency"
  open_calls=$((rate * ${rate_seconds#*:}))
  open_in_flight=$((rate * server_latency * 3 / 2000 + 64))
  for round in $(seq 1 "$rounds"); do
    i=0
    for variant in $clients; do
      i=$((i + 1))
      [[ "$variant" == raw ]] && continue
      load "open$rate" "$variant" "O${rate}V${i}R${round}" --calls "$open_calls" --in-flight "$open_in_flight" \
        --rate "$rate" --server-latency-ms "$server_latency" --warmup-state "$fast_state" --fast-warmup-calls "$open_fast_warmup"
    done
  done
  stop_sandbox
done
stop_pid "$fast_pid"; fast_pid=""

if [[ "${SKIP_DEMO:-0}" != 1 ]]; then
  for round in $(seq 1 "$rounds"); do
    for provider in accp jdk; do
      flag=""; name="ACCP (default)"
      [[ "$provider" == jdk ]] && { flag="-Dwechatpay.reactor.rsa=jdk"; name="JDK (-Dwechatpay.reactor.rsa=jdk)"; }
      log "demo: $name, round $round"
      # shellcheck disable=SC2086
      java $flag -jar "$tmp/cli.jar" demo --items "$demo_items" >"$tmp/demo-$provider-$round.log" 2>&1 || status=1
      rate=$(sed -n 's/^summary:.*(\([0-9.]*\) calls\/s.*/\1/p' "$tmp/demo-$provider-$round.log" | tail -n 1)
      printf '%s\t%s\t%s\n' "$name" "$round" "$rate" >>"$demo_tsv"
      grep '^summary:' "$tmp/demo-$provider-$round.log" >>"$load_log" || true
    done
  done
fi

finished=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
minutes=$(( ($(date +%s) - started_s + 30) / 60 ))
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
report_args=(--results "$results" --demo "$demo_tsv")
[[ -s "$tmp/jmh.csv" ]] && report_args+=(--jmh "$tmp/jmh.csv")
[[ -n "$stream_report" && -f "$stream_report" ]] && report_args+=(--stream "$stream_report")
[[ -n "$openssl_sign" ]] && report_args+=(--openssl-sign-micros "$openssl_sign")

java -cp "$classpath" wechatpay.reactor.benchmarks.Charts "$results" "$charts_dir" || { status=1; log "charts failed"; }
bash benchmarks/results-header.sh "$started" "$finished" "$minutes" "$command" "$load_start" "$load_end" \
  "$other_java" "$rounds" "$clients" "${openssl_sign:-n/a}" "${notes[*]:-}" >"$results_md.tmp"
{
  java -cp "$classpath" wechatpay.reactor.benchmarks.LoadReport "${report_args[@]}"
  echo "## Output of the harnesses"
  echo
  echo "<details><summary>every LoadHarness run and demo summary, as printed</summary>"
  echo
  echo '```text'
  cat "$load_log"
  echo '```'
  echo
  echo "</details>"
} >>"$results_md.tmp"
mv "$results_md.tmp" "$results_md"

mkdir -p benchmarks/target/run-all
cp "$results" "$load_log" "$demo_tsv" "$tmp"/sandbox-*.log benchmarks/target/run-all/ 2>/dev/null || true
[[ -f "$tmp/jmh.csv" ]] && cp "$tmp/jmh.csv" "$tmp/jmh.log" benchmarks/target/run-all/
log "wrote $results_md and its charts in $minutes min (raw figures and logs in benchmarks/target/run-all/)"
exit "$status"
