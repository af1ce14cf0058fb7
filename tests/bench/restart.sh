#!/bin/bash
# Restart on existing data: wall time from process start to /readyz 200, and the CPU time the
# server's processes had used by then (less sensitive to a busy machine). tsx (before) vs dist (after).
cd "$(dirname "$0")/../.."
port=4711
cpu_tree() { # sum utime+stime (ticks) over pid and descendants
  local total=0; local pids="$1 $(pgrep -P $1 | tr '\n' ' ')"; for c in $(pgrep -P $1); do pids="$pids $(pgrep -P $c | tr '\n' ' ')"; done
  for p in $pids; do [ -r /proc/$p/stat ] && total=$((total + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $((total*10)); }
start() { # mode engine
  local t0=$(($(date +%s%N)/1000000))
  if [ "$1" = tsx ]; then (cd server && exec ../node_modules/.bin/tsx src/main.ts) >/tmp/restart-$1-$2.log 2>&1 &
  else (cd server && exec node --conditions=opora-build --enable-source-maps dist/main.js) >/tmp/restart-$1-$2.log 2>&1 & fi
  local pid=$!
  for i in $(seq 1 2400); do if curl -sf -o /dev/null http://127.0.0.1:$port/readyz; then break; fi; sleep 0.05; done
  local wall=$(( $(date +%s%N)/1000000 - t0 )); local cpu=$(cpu_tree $pid)
  kill $pid; wait $pid 2>/dev/null; sleep 1; echo "wall ${wall} ms, cpu ${cpu} ms"
}
for engine in ${ENGINES:-pglite pg}; do
  if [ $engine = pg ]; then export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/opora_restart; unset OPORA_DATA_DIR; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS opora_restart WITH (FORCE)" -c "CREATE DATABASE opora_restart" postgres; export OPORA_DEMO=true
  else unset DATABASE_URL; export OPORA_DATA_DIR=/tmp/opora-restart-data; rm -rf $OPORA_DATA_DIR; fi
  export PORT=$port
  # The first start migrates and loads the demo data; wait for it to finish fully.
  (cd server && exec node --conditions=opora-build dist/main.js) >/tmp/restart-first-$engine.log 2>&1 & pid=$!
  for i in $(seq 1 3000); do grep -q "aggregate figures prepared" /tmp/restart-first-$engine.log && break; sleep 0.2; done
  kill $pid; wait $pid 2>/dev/null
  for round in 1 2 3; do for mode in tsx dist; do echo "$engine $mode round $round: $(start $mode $engine)"; done; done
done
