#!/usr/bin/env bash
# Several instances behind HAProxy on PostgreSQL and Redis (deploy/cluster.sh), with 1, 2 and 3 instances in turn:
# the catalog page and checkout throughput through the proxy, the app's CPU per request (all instances together), and
# the time a live event takes to cross from one instance to a /hubs/live client on another (docs/benchmarks.md).
#
#   bench/cluster.sh                                           # full run, ~6 minutes on 2 cores
#   BENCH_DURATION=5s BENCH_INSTANCES="1 2" bench/cluster.sh   # a quick look
#
# Environment (defaults in brackets):
#   BENCH_INSTANCES [1 2 3]   BENCH_DURATION [20s] per measurement   BENCH_WARMUP [5s]
#   BENCH_CONNECTIONS [32] and BENCH_THREADS [2] for the catalog page; BENCH_CUSTOMERS [8] checkout connections,
#   each its own signed-in customer (one connection each: a customer's cart takes one order at a time)
#   BENCH_EVENTS [200] live events timed (with 2 or more instances)
#   BENCH_OUT [TestResults/bench/cluster.md]; wrk's raw output and the cluster's logs go beside it.
#   BENCH_BUILD [1]; 0 uses the Release builds already there
#
# All load goes to 127.0.0.1; every wrk run is bounded by its duration (and `timeout`). The instances run as
# deploy/cluster.sh starts them (Development: demo data and accounts, SMS to the log) with rate limiting off (one wrk
# client would otherwise be one customer) and per-request logs silenced. Everything is stopped on exit.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
repo=$PWD

instance_counts=${BENCH_INSTANCES:-1 2 3}
duration=${BENCH_DURATION:-20s}
warmup=${BENCH_WARMUP:-5s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
customers=${BENCH_CUSTOMERS:-8}
events=${BENCH_EVENTS:-200}
out=${BENCH_OUT:-$repo/TestResults/bench/cluster.md}
outdir=$(dirname "$out")
raw=$outdir/raw-cluster
mkdir -p "$outdir"
rm -rf "$raw"
mkdir -p "$raw"

exec </dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { echo "==> $*" >&2; }
die() { echo "!! $*" >&2; exit 2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
command -v wrk >/dev/null || { step "installing wrk"; as_root apt-get update >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y wrk >/dev/null || die "apt-get install wrk failed"; }

tmp=$(mktemp -d /tmp/dorixona-bench-cluster.XXXXXX)
chmod 755 "$tmp" # PostgreSQL runs as its own user below it
export CLUSTER_DIR=$tmp/cluster CLUSTER_BUILD=0
# Settings every instance gets (deploy/cluster.sh passes the environment on).
export RateLimiting__Enabled=false Demo__Orders=false Serilog__MinimumLevel__Default=Warning
cluster_up=0
cleanup() {
    if [ "$cluster_up" = 1 ]; then
        mkdir -p "$raw/logs-last" && cp -r "$CLUSTER_DIR/logs/." "$raw/logs-last/" 2>/dev/null || true
        deploy/cluster.sh down >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
        else printf "?" }'
}
seconds() { case $1 in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }
load1() { cut -d' ' -f1 /proc/loadavg; }
# CPU ticks (10 ms) of every app instance together, from /proc.
app_cpu() {
    awk '$1 ~ /^app/ { print $2 }' "$CLUSTER_DIR/pids" | while read -r pid; do
        awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0
    done | awk '{ s += $1 } END { print s + 0 }'
}

# One wrk run through the proxy and a table row: req/s, p50/p99, the instances' CPU ms per request.
measure() { # label file url wrk-args...
    local label=$1 file=$raw/$2.txt url=$3; shift 3
    local cpu0 cpu1
    cpu0=$(app_cpu)
    timeout --signal=INT $(( $(seconds "$duration") + 30 ))s wrk "$@" -d"$duration" --timeout 5s --latency "$url" >"$file" 2>&1 || true
    cpu1=$(app_cpu)
    local rps p50 p99 requests cpu_ms non2xx errors extra notes=""
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")
    requests=$(awk '/requests in/ { print $1 }' "$file")
    cpu_ms=$(awk -v c="$((cpu1 - cpu0))" -v r="${requests:-0}" 'BEGIN { if (r == 0) printf "?"; else printf "%.2f", c * 10 / r }')
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")
    errors=$(awk '/Socket errors:/ { print }' "$file" | sed 's/^ *Socket errors: *//')
    extra=$(awk '/^orders / { print }' "$file")
    [ -z "$extra" ] || notes="$extra"
    [ -z "$non2xx" ] || notes="${notes:+$notes; }non-2xx: $non2xx"
    [ -z "$errors" ] || notes="${notes:+$notes; }socket errors: $errors"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$label" "${rps:-0}" "$p50" "$p99" "$cpu_ms" "$(load1)" "$notes" >>"$out"
    echo "   $n instance(s), $label: ${rps:-0} req/s, p50 $p50 ms, p99 $p99 ms, $cpu_ms app CPU ms/req, load $(load1) $notes" >&2
}

# Checkout: each wrk thread is one customer on one connection, adding a product to its cart and then checking out, in
# turn. The count of orders placed (201) is printed after wrk's summary.
cat >"$tmp/checkout.lua" <<'LUA'
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local products = {}
for id in string.gmatch(io.open(os.getenv("BENCH_PRODUCT_IDS")):read("*a"), "%d+") do products[#products + 1] = id end
local threads = {}
local next_thread = 0
function setup(thread)
    next_thread = next_thread + 1
    thread:set("token", tokens[(next_thread - 1) % #tokens + 1])
    thread:set("seed", next_thread)
    threads[#threads + 1] = thread
end
local checkout_body = '{"fulfilment":"delivery","paymentMethod":"cash","address":{"region":"Toshkent shahri","district":"Chilonzor","street":"Bunyodkor","house":"1","apartment":"12"}}'
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local adding = true
local sent = 0
placed = 0
refused = 0
refused_status = 0
function init(args) math.randomseed(seed * 7919) end
request = function()
    local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    if adding then
        return wrk.format("POST", "/api/v1/cart/items", headers,
            '{"productId":' .. products[math.random(#products)] .. ',"quantity":1}')
    end
    sent = sent + 1
    -- Unique across runs too (the warm-up's keys would otherwise come back and be refused as replays).
    headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, seed, sent)
    return wrk.format("POST", "/api/v1/orders/checkout", headers, checkout_body)
end
response = function(status, headers, body)
    if not adding then
        if status == 201 then placed = placed + 1 else refused = refused + 1; refused_status = status end
    end
    adding = not adding
end
function done(summary, latency, requests)
    local p, r, s = 0, 0, 0
    for _, t in ipairs(threads) do
        p = p + t:get("placed"); r = r + t:get("refused")
        if t:get("refused_status") ~= 0 then s = t:get("refused_status") end
    end
    io.write(string.format("orders %d placed (%.1f/s), %d checkouts refused%s\n", p, p / (summary.duration / 1e6), r,
        r > 0 and string.format(" (last: HTTP %d)", s) or ""))
end
LUA

if [ "${BENCH_BUILD:-1}" != 0 ]; then
    step "building the app and the bench tool (Release)"
    dotnet build Dorixona.Web/Dorixona.Web.csproj -c Release >"$raw/build.log" 2>&1 || { tail -n 30 "$raw/build.log"; die "build failed"; }
    dotnet build bench/Dorixona.Bench/Dorixona.Bench.csproj -c Release >>"$raw/build.log" 2>&1 || { tail -n 30 "$raw/build.log"; die "bench tool build failed"; }
fi
bench_tool=(dotnet bench/Dorixona.Bench/bin/Release/net10.0/Dorixona.Bench.dll)

{
    echo "# Cluster benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo);" \
        ".NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }'), PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1)," \
        "Redis $(redis-server --version | awk '{ print $3 }' | tr -d 'v='), HAProxy $(haproxy -v | awk 'NR == 1 { print $3 }'), wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')."
    echo "Command: \`BENCH_INSTANCES=\"$instance_counts\" BENCH_DURATION=$duration BENCH_WARMUP=$warmup BENCH_CONNECTIONS=$connections BENCH_THREADS=$threads BENCH_CUSTOMERS=$customers BENCH_EVENTS=$events bench/cluster.sh\`"
    echo "Catalog: \`wrk -t$threads -c$connections -d$duration\` on /catalog through the proxy. Checkout: \`wrk -t$customers -c$customers\`, each connection a customer"
    echo "adding one product to its cart, then checking out (cash, delivery): two requests per order; req/s counts both."
    echo "App CPU ms/req = CPU time of all instances together (/proc, 10 ms ticks) ÷ requests; PostgreSQL, Redis and HAProxy not included."
    echo
    echo "| instances | what | req/s | p50 ms | p99 ms | app CPU ms/req | load after | notes |"
    echo "|--:|---|--:|--:|--:|--:|--:|---|"
} >"$out"
latencies=()

for n in $instance_counts; do
    step "$n instance(s): starting the cluster"
    cluster_up=1
    CLUSTER_INSTANCES=$n deploy/cluster.sh up >"$raw/up-$n.txt" 2>"$raw/up-$n.log" || { tail -n 30 "$raw/up-$n.log"; die "deploy/cluster.sh up failed"; }
    proxy=$(awk -F= '/^proxy=/ { print $2 }' "$raw/up-$n.txt")
    mapfile -t instances < <(awk -F= '/^instance=/ { print $2 }' "$raw/up-$n.txt")
    db=$(awk -F'ConnectionStrings__Dorixona=' 'NF > 1 { print $2 }' "$CLUSTER_DIR/env")

    step "$n instance(s): preparing customers and stock"
    export BENCH_TOKENS=$tmp/tokens-$n BENCH_PRODUCT_IDS=$tmp/products-$n
    "${bench_tool[@]}" cluster-prepare --connection "$db" --proxy "$proxy" --customers "$customers" \
        --tokens "$BENCH_TOKENS" --product-ids "$BENCH_PRODUCT_IDS" >"$raw/prepare-$n.log" 2>&1 || { tail -n 30 "$raw/prepare-$n.log"; die "cluster-prepare failed"; }

    step "$n instance(s): warming up ($warmup)"
    timeout 60s wrk -t"$threads" -c"$connections" -d"$warmup" "$proxy/catalog" >"$raw/warmup-catalog-$n.txt" 2>&1 || true
    BENCH_RUN=warm$n timeout 60s wrk -t"$customers" -c"$customers" -d"$warmup" -s "$tmp/checkout.lua" "$proxy" >"$raw/warmup-checkout-$n.txt" 2>&1 || true

    echo "   load average before $n instance(s): $(load1)" >&2
    step "$n instance(s): /catalog"
    measure "/catalog (SSR page)" "catalog-$n" "$proxy/catalog" -t"$threads" -c"$connections"
    step "$n instance(s): checkout"
    BENCH_RUN=run$n measure "checkout (cart + order)" "checkout-$n" "$proxy" -t"$customers" -c"$customers" -s "$tmp/checkout.lua"

    if [ "$n" -ge 2 ]; then
        step "$n instance(s): live event latency, A -> B ($events events)"
        line=$("${bench_tool[@]}" live-latency --a "${instances[0]}" --b "${instances[1]}" --events "$events" 2>"$raw/latency-$n.log" | tail -n 1) ||
            { tail -n 30 "$raw/latency-$n.log"; die "live-latency failed"; }
        echo "   $line" >&2
        latencies+=("| $n | $(echo "$line" | sed -E 's/.*heard=([0-9]+).*whole_p50_ms=([-0-9.]+) whole_p95_ms=([-0-9.]+) after_response_p50_ms=([-0-9.]+) after_response_p95_ms=([-0-9.]+) b_minus_a_p50_ms=([-0-9.]+) b_minus_a_p95_ms=([-0-9.]+).*/\1 | \2 | \3 | \4 | \5 | \6 | \7/') | $(load1) |")
    fi

    step "$n instance(s): stopping"
    deploy/cluster.sh down >/dev/null 2>&1 || true
    cluster_up=0
done

if [ ${#latencies[@]} -gt 0 ]; then
    {
        echo
        echo "Live event across instances: orders placed one at a time through instance A; one operator's /hubs/live client on A"
        echo "and one on B. Whole = from sending the checkout to B's client hearing of the order; after response = when B heard"
        echo "of it counted from the checkout's answer (the event goes out once the order commits, just before the answer: the"
        echo "crossing net of the checkout itself; negative when the event came first); B − A = B's client after A's (both hear"
        echo "through SignalR's Redis backplane, so being on the other instance costs nothing more)."
        echo
        echo "| instances | events heard | whole p50 ms | whole p95 ms | after response p50 ms | after response p95 ms | B − A p50 ms | B − A p95 ms | load after |"
        echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
        printf '%s\n' "${latencies[@]}"
    } >>"$out"
fi

step "results in $out"
cat "$out"
