#!/usr/bin/env bash
# The scale-out figures of docs/benchmarks.md ("The demo on PostgreSQL and split into processes"), from the
# repository's root:
#   mvn -q -pl microlith-demo -am package -DskipTests && bash microlith-bench/src/main/wrk/scale-bench.sh
# Side by side, in one run, the demo as
#   1. one process on the embedded SQLite store,
#   2. one process on PostgreSQL (store and views in one database),
#   3. three processes on PostgreSQL: web, the components (identity,orders,email,videos,users), the views;
# and for each, with OrderLoad.java: POST /order -> its *placed* view notified on /order-events (one order at a time,
# then open loop at RATE orders/s), and the accepted and processed rates under LOAD_SECONDS of load on 16 connections.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and a JDK 21+ as `java`.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
JAR=microlith-demo/target/microlith-demo.jar
DRIVER=microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java
ORDERS=${ORDERS:-1000}
RATE=${RATE:-200}
LOAD_SECONDS=${LOAD_SECONDS:-10}
PORT=18095
KEY=$(head -c 32 /dev/urandom | base64)
WORK=$(mktemp -d /tmp/microlith-scale-bench-XXXX)
PIDS=()
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap 'stop_all; rm -rf "$WORK"' EXIT

start() { # name, flags...: one demo process, its log in $WORK/<name>.log
  local name=$1; shift
  java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -jar "$JAR" --bcrypt-cost=4 --seal-key="$KEY" \
    --data="$WORK/$name" "$@" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do grep -q "Microlith demo running" "$WORK/$name.log" && return; sleep 0.2; done
  echo "$name did not start:" >&2; cat "$WORK/$name.log" >&2; exit 1
}

database() { # a fresh database
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" postgres
  echo "postgresql://postgres@127.0.0.1/$1"
}

measure() { # label
  local url="http://127.0.0.1:$PORT"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$url/" && break; sleep 0.2; done
  echo "== $1; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java "$DRIVER" latency "$url" "$ORDERS" | grep placed
  java "$DRIVER" latency "$url" "$ORDERS" "$RATE" | grep -E "placed|WARNING"
  java "$DRIVER" backlog "$url" "$LOAD_SECONDS" 16 | grep -E "^load|^processed"
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; orders $ORDERS, open loop $RATE/s"
start mono-sqlite --port=$PORT --store=sqlite
measure "one process, embedded SQLite"
stop_all

STORE=$(database microlith_scale_bench_one)
start mono-pg --port=$PORT --store="$STORE"
measure "one process, PostgreSQL"
stop_all

STORE=$(database microlith_scale_bench_split)
start views --run=views --store="$STORE"
start components --run=identity,orders,email,videos,users --store="$STORE"
start web --run=web --port=$PORT --store="$STORE"
measure "three processes (web | components | views), PostgreSQL"
stop_all
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS microlith_scale_bench_one WITH (FORCE)" \
  -c "DROP DATABASE IF EXISTS microlith_scale_bench_split WITH (FORCE)" postgres
