#!/usr/bin/env bash
# Prints the head of RESULTS.md for run-all.sh: the run, the machine, the JVMs and how each client is driven.
# Arguments: started finished minutes command load-start load-end other-java rounds clients openssl-sign notes
set -euo pipefail
started=$1 finished=$2 minutes=$3 command=$4 load_start=$5 load_end=$6 other_java=$7 rounds=$8 clients=$9
openssl_sign=${10} notes=${11}
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

cat <<TEXT
# Benchmark results

Written by \`benchmarks/run-all.sh\`; every figure below is from this run (the harnesses' full output is at the
end). Every comparison ran as $rounds interleaved rounds (all clients once, then all again, ...), each client in
its own JVM; figures are the **median of the rounds (min–max)**. The sandbox shares the machine's cores with the
client, so read ratios within the run.

![calls per client-CPU-second](calls-per-cpu-second.png)

## Run

- started $started, finished $finished (about $minutes min)
- command (from the repository root): \`$command\`
- machine: $(nproc) cores ($(grep -m1 '^model name' /proc/cpuinfo | sed 's/^model name[[:space:]]*:[[:space:]]*//')),\
 $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, Linux $(uname -r)
- load average (1, 5, 15 min): $load_start at the start, $load_end at the end; other Java processes at the
  start: $other_java
- \`openssl speed -seconds 2 rsa2048\` on this machine, just before the runs: $openssl_sign µs per signature
- clients, in the order of every round: $clients
TEXT
[[ -n "$notes" ]] && echo "- **note**: $notes"
echo "- JVMs: \`java -version\` (every run unless said) and \`$java25 -version\` (\`official-vt*\`):"
echo
echo '```text'
java -version 2>&1
[[ -x "$java25" ]] && "$java25" -version 2>&1
echo '```'
cat <<'TEXT'

How each client is driven (`LoadHarness`: its first calls, measured alone; the sign + verify calibration; the
rest of an untimed warm-up over the timed pass's items, long enough in (a) for the JIT to be done, see the JIT
column; then the timed pass):

- `ours`: `WechatPayClient` with `maxInFlight(C)` and `RetryPolicy.none()`, the typed
  `scheduleRecords().create(item)`; default RSA provider (ACCP, present on the class path).
  `ours-jdk`: the same with `-Dwechatpay.reactor.rsa=jdk`.
- `official`: wechatpay-java 0.2.17 as shipped: `DefaultHttpClientBuilder`, `RSAPublicKeyConfig` (keys read
  with `privateKeyFromPath`/`publicKeyFromPath`), OkHttp pool of C, blocking `execute(POST batch-create,
  Map.class)` on C platform threads; JDK RSA. `official-accp`: the same after
  `AmazonCorrettoCryptoProvider.install()` (ACCP the preferred JCA provider). `official-vt`, `official-vt-accp`:
  the same on JDK 25 with one virtual thread per call (`Executors.newVirtualThreadPerTaskExecutor()`).
- `raw`: Reactor Netty posting the same bytes unsigned (the sandbox answers 401): the transport floor.
- (a) closed loop: C calls in flight, the next one as soon as one ends. (b) open loop: call i is due at
  i ÷ rate s whatever the answers do; the sandbox adds the server latency to every call.
- CPU per call: the client process's CPU time over the timed pass ÷ calls (`getProcessCpuTime`, steps of
  10 ms). Peak RSS: `VmRSS` sampled every 100 ms in the timed pass.

TEXT
