#!/usr/bin/env bash
# Runs the k6 load while the API swaps to the next MOJO. set -e stops on a
# failed k6 run, but k6 fails only on its thresholds, and it has none on
# failed requests.
set -euo pipefail

k6 run load/score.js &
LOAD=$!
sleep 20
curl -fsS -X POST "$API/admin/reload" -d '{"path": "/models/next/pipeline.mojo"}'
wait "$LOAD"
