#!/usr/bin/env bash
# Runs the locust load while the API swaps to the next MOJO; locust exits
# non-zero when any request failed.
set -euo pipefail

locust -f tests/load/locustfile.py --headless -u 20 -r 20 -t 60s --host "$API" --exit-code-on-error 1 &
LOAD=$!
sleep 20
curl -fsS -X POST "$API/admin/reload" -d '{"path": "/models/next/pipeline.mojo"}'
wait "$LOAD"
