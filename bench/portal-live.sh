#!/usr/bin/env bash
# The operator board's circuits (issue 13's aims: <= 500 KB per idle board circuit, p95 commit-to-screen <= 300 ms with
# 50 boards open), against the Release build on SQLite with the demo data:
#   [TYPES=12] [PORTAL_BENCH_PATH=/operator/orders] [NO_SHARED_READS=true] bench/portal-live.sh [BOARDS=1,20,50] [ORDERS=20]
# TYPES: how many of the types that grew most per board to list (where a board's memory goes); PORTAL_BENCH_PATH: another page to hold open;
# NO_SHARED_READS: every board re-reads for itself (the server before SharedReads, for comparison).
# Besides commit-to-screen (browser included; from the checkout request and from the live bus publishing the commit) it reports
# the server's side alone: from the live bus publishing the commit to each circuit's render batch being handed to its
# connection (Bench:PushTimings, an endpoint that exists only in this run), and the CPU the browsers and the app spend per order.
# PORTAL_BENCH_SETTLE=SECONDS (default 5): idle time before the heap is read (140: after Kestrel closed the pages' idle
# keep-alive connections). PORTAL_BENCH_HOLD=SECONDS keeps the largest set of idle boards open after the memory reading (to look with dotnet-dump).
# Starts the app on a free 127.0.0.1 port (Development for the demo accounts, no demo orders; jobs and rate limits off), builds and runs
# bench/Dorixona.PortalBench (Playwright in Debian's Chromium); the heap is read with the local tool dotnet-gcdump. Everything is bounded by `timeout`.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
boards=${1:-1,20,50}; orders=${2:-20}
dotnet tool restore >/dev/null
dotnet build Dorixona.Web/Dorixona.Web.csproj -c Release -v q -nologo >/dev/null
dotnet build bench/Dorixona.PortalBench/Dorixona.PortalBench.csproj -c Release -v q -nologo >/dev/null
port=$((20000 + RANDOM % 30000))
data=$(mktemp -d /tmp/portal-live.XXXXXX)
log="$data/app.log"
(cd Dorixona.Web && exec env ASPNETCORE_ENVIRONMENT=Development Database__Provider=Sqlite ConnectionStrings__Dorixona="Data Source=$data/bench.db" \
    Demo__Seed=true Demo__Orders=false Bench__PushTimings=true Bench__NoSharedReads="${NO_SHARED_READS:-false}" Jobs__Enabled=false RateLimiting__Enabled=false Https__Redirect=false Serilog__MinimumLevel__Default=Warning \
    Logging__Directory="$data/logs" timeout 1800 dotnet bin/Release/net10.0/Dorixona.Web.dll --urls "http://127.0.0.1:$port") >"$log" 2>&1 &
app=$!
trap 'kill -TERM $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.5; done
pid=$(pgrep -P "$app" -f Dorixona.Web.dll || echo "$app")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u '+%F %H:%M UTC')"
timeout 1500 dotnet bench/Dorixona.PortalBench/bin/Release/net10.0/Dorixona.PortalBench.dll --url "http://127.0.0.1:$port" --pid "$pid" --boards "$boards" --orders "$orders" --types "${TYPES:-12}"
