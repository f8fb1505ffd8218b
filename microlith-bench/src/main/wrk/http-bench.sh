#!/usr/bin/env bash
# The HTTP load figures of docs/benchmarks.md, from the repository's root:
#   mvn -q -pl microlith-demo -am package -DskipTests && bash microlith-bench/src/main/wrk/http-bench.sh
# Starts the demo jar on a fresh embedded SQLite store, then
#   1. POST /order throughput and latency with wrk (one logged-in customer, 64 connections), and the
#      server's CPU time per accepted order;
#   2. the time from POST /order to its /order-events notifications, one order at a time and at a fixed rate.
# Needs wrk (Debian: apt-get install wrk) and a JDK 21+ as `java`.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
PORT=${PORT:-18090}
SECONDS_RUN=${SECONDS_RUN:-20}
CONNECTIONS=${CONNECTIONS:-64}
RUN=${RUN:-web,identity,email,orders,views}
STORE=${STORE:-sqlite}
DATA=$(mktemp -d /tmp/microlith-http-bench-XXXX)
DRIVER=microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java

java --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -jar microlith-demo/target/microlith-demo.jar \
  --port="$PORT" --data="$DATA" --store="$STORE" --bcrypt-cost=4 --orders-per-second=0 > "$DATA/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
eval "$(java "$DRIVER" setup "http://127.0.0.1:$PORT")"
export SESSION PRODUCT
if [ "$RUN" != "web,identity,email,orders,views" ]; then
  if [ "$STORE" = memory ]; then
    echo "RUN needs a restart, which the memory store does not survive; use the sqlite store" >&2
    exit 2
  fi
  # Restart with only the given roles (e.g. RUN=web,identity: orders are written, not processed).
  kill $APP; wait $APP 2>/dev/null || true
  java --enable-native-access=ALL-UNNAMED -Xms1g -Xmx1g -jar microlith-demo/target/microlith-demo.jar \
    --port="$PORT" --data="$DATA" --store="$STORE" --bcrypt-cost=4 --orders-per-second=0 --run="$RUN" >> "$DATA/app.log" 2>&1 &
  APP=$!
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
fi

echo "== warm-up (5 s)"
wrk -t2 -c"$CONNECTIONS" -d5s -s microlith-bench/src/main/wrk/post-order.lua "http://127.0.0.1:$PORT/order" > /dev/null
sleep 5
echo "== POST /order, wrk -t2 -c$CONNECTIONS -d${SECONDS_RUN}s, roles $RUN, store $STORE"
cpu0=$(awk '{print $14+$15}' /proc/$APP/stat)
OUT=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s microlith-bench/src/main/wrk/post-order.lua "http://127.0.0.1:$PORT/order")
cpu1=$(awk '{print $14+$15}' /proc/$APP/stat)
echo "$OUT" | grep -E 'requests in|accepted|non-2xx'
ANSWERED=$(echo "$OUT" | grep -oP '^\s+\K\d+(?= requests in)')
REFUSED=$(echo "$OUT" | grep -oP 'non-2xx: \K\d+')
REQ=$((ANSWERED - REFUSED)) # accepted orders: a 503 (back-pressure) stored nothing
TCK=$(getconf CLK_TCK)
echo "server CPU: $(( (cpu1-cpu0)*1000/TCK )) ms for $REQ orders = $(echo "scale=1; ($cpu1-$cpu0)*1000000/$TCK/$REQ" | bc) us per order; load average now $(cut -d' ' -f1-3 /proc/loadavg)"

newest_done() {
  curl -s -b "microlith_session=$SESSION" "http://127.0.0.1:$PORT/order?limit=1" | grep -qE '"status":"(placed|rejected)"'
}
if [ "$RUN" = "web,identity,email,orders,views" ]; then
  echo "== waiting for the pipeline (orders component, aggregator) to drain the backlog"
  t0=$(date +%s.%N)
  until newest_done; do sleep 0.2; done
  t1=$(date +%s.%N)
  echo "drained $(echo "$t1 - $t0" | bc) s after wrk ended: pipeline throughput about $(echo "scale=0; $REQ / ($SECONDS_RUN + $t1 - $t0)" | bc) orders/s over the run"
  sleep 2
  echo "== notification latency, one order at a time"
  java "$DRIVER" latency "http://127.0.0.1:$PORT" 2000
  echo "== notification latency at 500 orders/s"
  java "$DRIVER" latency "http://127.0.0.1:$PORT" 3000 500
fi
