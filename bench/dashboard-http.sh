#!/usr/bin/env bash
# The dashboard API over HTTP on a database Dorixona.Bench filled with orders (see docs/benchmarks.md):
#   bench/dashboard-http.sh Sqlite "Data Source=/tmp/dashbench/big.db"
# Starts the Release build on 127.0.0.1 (Development, for the demo admin account; jobs off, demo orders off), signs the
# admin in for a bearer token, then per range (30 and 365 days ending today): the first request (cold cache; the
# aggregates are as the database holds them), then 5 s of `wrk` not counted (the JIT's
# tiering; the first range measured was otherwise always the slower) and `wrk -t2 -c4 -d15s` (warm). Everything is bounded by `timeout`.
# DASHBOARD_WARM=true turns on the per-instance warm-up of the first-opened ranges (decision 0064 addendum; on in production, where
# jobs run) and waits for its first round before the first request, which then shows what an admin meets after a start.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
provider=${1:?provider}; connection=${2:?connection}
port=$((20000 + RANDOM % 30000))
log=$(mktemp /tmp/dashboard-http.XXXXXX.log)
(cd Dorixona.Web && exec env ASPNETCORE_ENVIRONMENT=Development Database__Provider="$provider" ConnectionStrings__Dorixona="$connection" \
    Dashboard__Warm="${DASHBOARD_WARM:-false}" Serilog__MinimumLevel__Override__Dorixona.Core.Dashboard.DashboardWarmup=Information \
    Demo__Seed=true Demo__Orders=false Jobs__Enabled=false RateLimiting__Enabled=false Https__Redirect=false Serilog__MinimumLevel__Default=Warning \
    Logging__Directory=/tmp/dashboard-http-logs timeout 900 dotnet bin/Release/net10.0/Dorixona.Web.dll --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
app=$!
trap 'kill -TERM $app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.5; done
if [ "${DASHBOARD_WARM:-false}" = true ]; then
    started=$(date +%s.%N)
    for _ in $(seq 1 600); do grep -q "Dashboard ranges warmed" "$log" && break; sleep 0.5; done
    echo "warm-up: $(grep -o 'Dashboard ranges warmed in [0-9]* ms' "$log" | head -1) (waited $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s after /health)"
fi
token=$(curl -fsS -H 'Content-Type: application/json' -d '{"phone":"+998900000001","password":"Demo12345"}' \
    "http://127.0.0.1:$port/api/v1/auth/login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
today=$(TZ=Asia/Tashkent date +%F)
for days in 30 365; do
    from=$(TZ=Asia/Tashkent date -d "$today -$((days - 1)) days" +%F)
    url="http://127.0.0.1:$port/api/v1/admin/dashboard?from=$from&to=$today"
    first=$(curl -sS -o /dev/null -w '%{http_code} %{time_total} %{size_download}' -H "Authorization: Bearer $token" "$url")
    echo "$days days: first request (cold cache): HTTP ${first%% *}, $(awk -v t="$(echo "$first" | cut -d' ' -f2)" 'BEGIN { printf "%.0f", t * 1000 }') ms, $(echo "$first" | cut -d' ' -f3) bytes"
    timeout 30 wrk -t2 -c4 -d5s -H "Authorization: Bearer $token" "$url" >/dev/null # JIT warm-up, not counted
    timeout 60 wrk -t2 -c4 -d15s --latency -H "Authorization: Bearer $token" "$url" | grep -E 'Requests/sec|^ +(50|99)%|Non-2xx' | sed "s/^/  $days days warm: /"
done
