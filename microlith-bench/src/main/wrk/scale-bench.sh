#!/usr/bin/env bash
# The scale-out figures of docs/benchmarks.md ("The demo on PostgreSQL and split into processes", "Scale-out on brokers"), from the
# repository's root:
#   mvn -q -pl microlith-demo -am package -DskipTests && bash microlith-bench/src/main/wrk/scale-bench.sh
# Side by side, in one run, the demo as
#   1. one process on the embedded SQLite store,
#   2. one process on PostgreSQL (store and views in one database),
#   3. three processes on PostgreSQL: web, the components (identity,orders,email,videos,users), the views;
#   4. the same three processes on PostgreSQL + RabbitMQ, and 5. on PostgreSQL + Kafka (--transport, decision 0093);
# and for each, with OrderLoad.java: the command round trip (POST /product, 201 once the catalog decided; one client,
# then 8), POST /order -> its *placed* view notified on /order-events (one order at a time, then open loop at RATE
# orders/s), and the accepted and processed rates under LOAD_SECONDS of load on 16 connections. Then 6. the orders role
# on RabbitMQ in one process and in three (its 16 lanes spread over them): processed orders per second under load.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust), RabbitMQ on 127.0.0.1:5672 (guest/guest, rabbitmqctl for
# deleting the run's queues), Maven (to fetch the Kafka broker's jars) and a JDK 21+ as `java`. ONLY="1 2 3 4 5 6"
# picks the deployments to run.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
JAR=microlith-demo/target/microlith-demo.jar
DRIVER=microlith-bench/src/main/java/io/microlith/bench/http/OrderLoad.java
ORDERS=${ORDERS:-1000}
RATE=${RATE:-200}
LOAD_SECONDS=${LOAD_SECONDS:-10}
PORT=18095
ONLY=${ONLY:-1 2 3 4 5 6}
RABBIT=rabbitmq://guest:guest@127.0.0.1:5672
KEY=$(head -c 32 /dev/urandom | base64)
WORK=$(mktemp -d /tmp/microlith-scale-bench-XXXX)
PIDS=()
KAFKA_PID=
stop_all() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; PIDS=(); }
stop_kafka() { if [ -n "$KAFKA_PID" ]; then kill "$KAFKA_PID" 2>/dev/null || true; wait "$KAFKA_PID" 2>/dev/null || true; KAFKA_PID=; fi; }
trap 'stop_all; stop_kafka; rm -rf "$WORK"' EXIT
wanted() { [[ " $ONLY " == *" $1 "* ]]; }

start() { # name, flags...: one demo process, its log in $WORK/<name>.log
  local name=$1; shift
  java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -jar "$JAR" --bcrypt-cost=4 --orders-per-second=0 --seal-key="$KEY" \
    --data="$WORK/$name" "$@" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do grep -q "Microlith demo running" "$WORK/$name.log" && return; sleep 0.2; done
  echo "$name did not start:" >&2; cat "$WORK/$name.log" >&2; exit 1
}

database() { # a fresh database
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" postgres
  echo "postgresql://postgres@127.0.0.1/$1"
}

rabbit_clean() { # the demo's queues are named after consumers, not the exchange: a run starts without the last one's
  local queues
  queues=$(rabbitmqctl -q list_queues name 2>/dev/null | grep '^microlith\.' || true)
  for q in $queues; do rabbitmqctl -q delete_queue "$q" >/dev/null; done
}

kafka_start() { # a KRaft broker (kafka_2.13 from Maven Central) on 127.0.0.1:19092, its data in $WORK/kafka
  mkdir -p "$WORK/kafka-pom"
  cat > "$WORK/kafka-pom/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>bench</groupId>
<artifactId>kafka</artifactId><version>1</version><dependencies>
<dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>4.4.0</version></dependency>
<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
</dependencies></project>
POM
  mvn -q -B -f "$WORK/kafka-pom/pom.xml" dependency:build-classpath -Dmdep.outputFile="$WORK/kafka.cp" >/dev/null
  cat > "$WORK/kafka.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:19093
listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093
advertised.listeners=PLAINTEXT://127.0.0.1:19092
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  local kafka=(java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(cat "$WORK/kafka.cp")")
  local cluster
  cluster=$("${kafka[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  "${kafka[@]}" kafka.tools.StorageTool format -t "$cluster" -c "$WORK/kafka.properties" > "$WORK/kafka.log" 2>&1
  "${kafka[@]}" kafka.Kafka "$WORK/kafka.properties" >> "$WORK/kafka.log" 2>&1 &
  KAFKA_PID=$!
  for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/19092) 2>/dev/null && return; sleep 0.5; done
  echo "Kafka did not start:" >&2; cat "$WORK/kafka.log" >&2; exit 1
}

measure() { # label
  local url="http://127.0.0.1:$PORT"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$url/" && break; sleep 0.2; done
  echo "== $1; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java "$DRIVER" roundtrip "$url" "$ORDERS" 1 | grep -E "round trip"
  java "$DRIVER" roundtrip "$url" "$ORDERS" 8 | grep -E "round trip"
  java "$DRIVER" latency "$url" "$ORDERS" | grep placed
  java "$DRIVER" latency "$url" "$ORDERS" "$RATE" | grep -E "placed|WARNING"
  java "$DRIVER" backlog "$url" "$LOAD_SECONDS" 16 | grep -E "^load|^processed"
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; orders $ORDERS, open loop $RATE/s"
if wanted 1; then
  start mono-sqlite --port=$PORT --store=sqlite
  measure "one process, embedded SQLite"
  stop_all
fi

if wanted 2; then
  STORE=$(database microlith_scale_bench_one)
  start mono-pg --port=$PORT --store="$STORE"
  measure "one process, PostgreSQL"
  stop_all
fi

split() { # label, transport: views | components (+ relay) | web
  STORE=$(database microlith_scale_bench_split)
  start views --run=views --store="$STORE" --transport="$2"
  start components --run=identity,orders,email,videos,users,relay --store="$STORE" --transport="$2"
  start web --run=web --port=$PORT --store="$STORE" --transport="$2"
  measure "$1"
  stop_all
}

wanted 3 && split "three processes (web | components | views), PostgreSQL" store
if wanted 4; then
  rabbit_clean
  split "three processes (web | components | views), PostgreSQL + RabbitMQ" "$RABBIT"
  rabbit_clean
fi
if wanted 5; then
  kafka_start
  split "three processes (web | components | views), PostgreSQL + Kafka" "kafka://127.0.0.1:19092?topicPrefix=bench$RANDOM"
  stop_kafka
fi

if wanted 6; then # the orders role scaled out on RabbitMQ: accepted and processed orders per second
  for n in 1 3; do
    rabbit_clean
    STORE=$(database microlith_scale_bench_split)
    start views --run=views --store="$STORE" --transport="$RABBIT"
    for i in $(seq 1 "$n"); do start "orders$i" --run=orders --store="$STORE" --transport="$RABBIT"; done
    start others --run=identity,email,videos,users,relay --store="$STORE" --transport="$RABBIT"
    start web --run=web --port=$PORT --store="$STORE" --transport="$RABBIT"
    for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.2; done
    echo "== the orders role in $n process(es), PostgreSQL + RabbitMQ; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    java "$DRIVER" backlog "http://127.0.0.1:$PORT" "$LOAD_SECONDS" 16 | grep -E "^load|^processed"
    stop_all
  done
  rabbit_clean
fi
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS microlith_scale_bench_one WITH (FORCE)" \
  -c "DROP DATABASE IF EXISTS microlith_scale_bench_split WITH (FORCE)" postgres
