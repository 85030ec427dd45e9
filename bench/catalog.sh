#!/usr/bin/env bash
# Catalog benchmark: the search API and the catalog page at 20 000 and 100 000 generated products, on SQLite
# and on PostgreSQL, with /health as the in-app yardstick measured in the same run (docs/performance.md).
#
#   bench/catalog.sh                                   # full run, ~12-14 minutes on 2 cores
#   BENCH_DURATION=5s BENCH_SIZES=20000 BENCH_PROVIDERS=sqlite bench/catalog.sh   # a quick look
#
# Environment (defaults in brackets):
#   BENCH_PROVIDERS   ["sqlite postgres"]    BENCH_SIZES  ["20000 100000"] (ascending: one database grows)
#   BENCH_DURATION    [20s] per endpoint     BENCH_CONNECTIONS [32]   BENCH_THREADS [2]   BENCH_WARMUP [5s]
#   BENCH_OUT         [TestResults/bench/catalog.md]; the raw wrk output and app logs go beside it.
#   BENCH_SQLITE_DB   [a throw-away file] keep the SQLite database here, to reuse it (a million products take minutes)
#   BENCH_PG_CONNECTION [a private throw-away cluster] an existing PostgreSQL database instead (its CPU is not counted)
#   e.g. the million-product run of issue 18:
#   BENCH_SIZES=1000000 BENCH_SQLITE_DB=/tmp/m1/sqlite.db BENCH_PG_CONNECTION="Host=…;Database=m1_products;Command Timeout=600" bench/catalog.sh
#
# All load goes to 127.0.0.1 only; every wrk run is bounded by its duration (and by `timeout`). The app is
# the Release build run as in production (ASPNETCORE_ENVIRONMENT=Production), with Demo:Seed, rate limiting,
# jobs and the HTTPS redirect off and per-request logs silenced. PostgreSQL is a private throw-away cluster
# (fsync off), as in ./test.sh; everything is removed on exit.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
repo=$PWD

providers=${BENCH_PROVIDERS:-sqlite postgres}
sizes=${BENCH_SIZES:-20000 100000}
duration=${BENCH_DURATION:-20s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
warmup=${BENCH_WARMUP:-5s}
out=${BENCH_OUT:-$repo/TestResults/bench/catalog.md}
outdir=$(dirname "$out")
mkdir -p "$outdir"
raw=$outdir/raw
rm -rf "$raw"
mkdir -p "$raw"

exec </dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { echo "==> $*" >&2; }
die() { echo "!! $*" >&2; exit 2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
[[ " $providers " != *" postgres "* ]] || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    as_root apt-get update >/dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null ||
        die "apt-get install ${missing[*]} failed"
fi

tmp=$(mktemp -d /tmp/dorixona-bench.XXXXXX)
app_pid=
pg_dir=
pg_bin=
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_app() {
    if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
        kill -TERM "$app_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$app_pid" 2>/dev/null || true
        wait "$app_pid" 2>/dev/null || true
    fi
    app_pid=
}
stop_postgres() {
    if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -z "$pg_dir" ] || rm -rf "$pg_dir"
    pg_dir=
}
cleanup() { stop_app; stop_postgres; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p
    for _ in $(seq 1 20); do
        p=$((20000 + RANDOM % 30000))
        port_in_use "$p" || { echo "$p"; return; }
    done
    die "no free port"
}

start_postgres() {
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    pg_dir=$(mktemp -d /tmp/dorixona-bench-pg.XXXXXX)
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir"
    local password
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077 && printf '%s\n' "$password" >"$pg_dir/pwfile")
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir/pwfile"
    as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pg_dir/pwfile" >"$raw/initdb.log" 2>&1 || die "initdb failed"
    rm -f "$pg_dir/pwfile"
    local port=
    for _ in 1 2 3 4 5 6 7 8; do
        local candidate
        candidate=$(free_port)
        if as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start -o \
            "-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            >>"$raw/initdb.log" 2>&1; then
            port=$candidate
            break
        fi
    done
    [ -n "$port" ] || die "PostgreSQL did not start"
    connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=dorixona_bench"
}

# wrk prints 512.00us / 1.23ms / 1.02s; the table wants milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
        else printf "?" }'
}
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
proc_cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
# PostgreSQL's postmaster and its backends (the app's pooled connections stay open through a run).
db_cpu() {
    local pm
    [ -n "$pg_dir" ] && pm=$(head -n 1 "$pg_dir/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    { echo "$pm"; pgrep -P "$pm"; } | while read -r p; do proc_cpu "$p"; done | awk '{ s += $1 } END { print s + 0 }'
}
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
load1() { cut -d' ' -f1 /proc/loadavg; }
seconds() { case $1 in *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }

# One measured endpoint: wrk, then a table row. "others" = CPU used during the run by neither the app nor wrk,
# as a share of the machine: a clean run is near 0%; a run disturbed by someone else's build is not.
measure() {
    local label=$1 path=$2 file=$raw/$3.txt script=${4:-}
    local busy0 app0 db0 busy1 app1 db1 t0 t1
    busy0=$(cpu_busy); app0=$(proc_cpu "$app_pid"); db0=$(db_cpu); t0=$(date +%s%N)
    timeout --signal=INT $(( $(seconds "$duration") + 30 ))s /usr/bin/time -f 'wrk-cpu %U %S' -o "$file.time" \
        wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency ${script:+-s "$script"} "http://127.0.0.1:$port$path" >"$file" 2>&1 || true
    busy1=$(cpu_busy); app1=$(proc_cpu "$app_pid"); db1=$(db_cpu); t1=$(date +%s%N)
    local rps p50 p99 non2xx errors wrk_cpu others
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$file")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")
    errors=$(awk '/Socket errors:/ { print }' "$file" | sed 's/^ *Socket errors: *//')
    wrk_cpu=$(awk '/^wrk-cpu/ { printf "%d", ($2 + $3) * 100 }' "$file.time")
    others=$(awk -v b="$((busy1 - busy0))" -v a="$((app1 - app0 + db1 - db0))" -v w="${wrk_cpu:-0}" -v ns="$((t1 - t0))" -v n="$(nproc)" \
        'BEGIN { o = (b - a - w) / (ns / 1e9 * 100 * n) * 100; if (o < 0) o = 0; printf "%.0f%%", o }')
    # The app's own CPU per request (all its threads, GC included): unlike req/s, hardly moved by other load.
    local requests cpu_ms
    requests=$(awk '/requests in/ { print $1 }' "$file")
    cpu_ms=$(awk -v a="$((app1 - app0))" -v d="$((db1 - db0))" -v r="${requests:-0}" \
        'BEGIN { if (r == 0) printf "?"; else if (d > 0) printf "%.2f (+%.2f db)", a * 10 / r, d * 10 / r; else printf "%.2f", a * 10 / r }')
    [ -n "$rps" ] || rps=0
    [ "$label" != "/health" ] || health_rps=$rps
    local ratio notes=""
    ratio=$(awk -v r="$rps" -v h="${health_rps:-0}" 'BEGIN { if (h > 0) printf "%.3f", r / h; else printf "?" }')
    [ -z "$non2xx" ] || notes="non-2xx: $non2xx"
    [ -z "$errors" ] || notes="${notes:+$notes; }socket errors: $errors"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$rps" "$p50" "$p99" "$ratio" "$cpu_ms" "$others" "$notes" >>"$out"
    echo "   $label: $rps req/s, p50 $p50 ms, p99 $p99 ms, ratio $ratio, app CPU $cpu_ms ms/req, others $others $notes" >&2
}

step "building the app and the generator (Release)"
dotnet build Dorixona.Web/Dorixona.Web.csproj -c Release >"$raw/build.log" 2>&1 || { tail -n 30 "$raw/build.log"; die "build failed"; }
dotnet build bench/Dorixona.Bench/Dorixona.Bench.csproj -c Release >>"$raw/build.log" 2>&1 || { tail -n 30 "$raw/build.log"; die "generator build failed"; }

cyrillic='%D0%BF%D0%B0%D1%80%D0%B0%D1%86%D0%B5%D1%82%D0%B0%D0%BC%D0%BE%D0%BB' # парацетамол
product_slug=paracetamol-500-mg-10-tab # a real demo product, present at every size
labels=("/health" "API search=paracetamol" "API search=paratsetamol (misspelt)" "API search=парацетамол (Cyrillic)"
    "/catalog?q=paracetamol (SSR)" "/catalog (no query)" "/product/{slug} (SSR)")
paths=("/health" "/api/v1/products?search=paracetamol&pageSize=20" "/api/v1/products?search=paratsetamol&pageSize=20"
    "/api/v1/products?search=$cyrillic&pageSize=20" "/catalog?q=paracetamol" "/catalog" "/product/$product_slug")
files=(health api-paracetamol api-paratsetamol api-cyrillic page-search page-catalog page-product)

cat >"$tmp/rotate.lua" <<'EOF'
-- Warm-up: every benchmarked path in turn.
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS"), "%S+") do paths[#paths + 1] = p end
local i = 0
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
EOF

# Varied searches: a brand or substance from the demo catalog, sometimes with a strength ("nurofen 200"),
# about 4 000 distinct queries in all, so most requests are not a repeat of the one before (but repeat one asked
# earlier in the run: the result cache's row). The first-time row asks the same with every request distinct.
terms=$tmp/terms.txt
{
    awk -F, 'NR > 1 { split(tolower($2), w, " "); print w[1] }' Dorixona.Core/Catalog/SeedData/products.csv
    awk -F, 'NR > 1 { split(tolower($1), w, " "); print w[1] }' Dorixona.Core/Catalog/SeedData/substances.csv
} | grep -E '^[a-z][a-z-]+$' | sort -u >"$terms"
cat >"$tmp/varied.lua" <<'EOF'
local terms = {}
for line in io.lines(os.getenv("BENCH_TERMS")) do terms[#terms + 1] = line end
local strengths = { "", "", "", "+5", "+10", "+20", "+50", "+100", "+200", "+250", "+400", "+500" }
local prefix = os.getenv("BENCH_VARIED_PREFIX") or "/api/v1/products?pageSize=20&search="
-- First-time queries: a price ceiling no product reaches, different in every request, makes each one a query the
-- result cache has never seen (same products, same order) while the words stay those of the varied row.
local unique = os.getenv("BENCH_VARIED_UNIQUE") == "1"
local sent = 0
local threads = 0
function setup(thread)
    thread:set("seed", 1000 + threads)
    threads = threads + 1
end
function init(args) math.randomseed(seed) end
request = function()
    local q = terms[math.random(#terms)] .. strengths[math.random(#strengths)]
    if unique then
        sent = sent + 1
        q = q .. "&maxPrice=" .. string.format("%d", 1000000000000 + seed * 100000000 + sent)
    end
    return wrk.format("GET", prefix .. q)
end
EOF
export BENCH_TERMS=$terms

{
    echo "# Catalog benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo);" \
        ".NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')$( [[ " $providers " != *" postgres "* ]] || echo ", PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1)")," \
        "wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }')."
    echo "Command: \`BENCH_PROVIDERS=\"$providers\" BENCH_SIZES=\"$sizes\" BENCH_DURATION=$duration BENCH_CONNECTIONS=$connections BENCH_THREADS=$threads BENCH_WARMUP=$warmup bench/catalog.sh\`"
    echo "Each endpoint: \`wrk -t$threads -c$connections -d$duration --latency\` after a $warmup warm-up over all of them."
    echo "Ratio = req/s ÷ /health req/s of the same app instance. App CPU ms/req = the app process's CPU time (all threads) ÷ requests served."
    echo "CPU time is from /proc (10 ms ticks); \"+db\" is PostgreSQL's (postmaster and backends) per request."
    echo "Others = CPU used during the run by anything but the app, wrk and PostgreSQL, as a share of all cores: near 0% on an idle machine; higher means someone else's work disturbed the run."
} >"$out"

for provider in $providers; do
    case $provider in
        sqlite)
            db_provider=Sqlite
            # BENCH_SQLITE_DB keeps the database between runs (the generator skips what is already there).
            connection="Data Source=${BENCH_SQLITE_DB:-$tmp/sqlite/dorixona-bench.db}"
            mkdir -p "$tmp/sqlite" "$(dirname "${BENCH_SQLITE_DB:-$tmp/sqlite/x}")"
            ;;
        postgres)
            db_provider=Postgres
            if [ -n "${BENCH_PG_CONNECTION:-}" ]; then
                # An existing server and database, e.g. one the generator filled with a million products before.
                connection=$BENCH_PG_CONNECTION
            else
                step "starting a private PostgreSQL"
                start_postgres
            fi
            ;;
        *) die "unknown provider $provider (sqlite or postgres)" ;;
    esac

    for size in $sizes; do
        step "$provider, $size products: generating"
        gen_log=$raw/generate-$provider-$size.log
        dotnet bench/Dorixona.Bench/bin/Release/net10.0/Dorixona.Bench.dll --provider "$db_provider" --connection "$connection" --products "$size" \
            >"$gen_log" 2>&1 || { tail -n 30 "$gen_log"; die "generator failed"; }
        generation=$(grep -E '^(Generated|[0-9]+ products already)' "$gen_log" || true)

        port=$(free_port)
        logdir=$tmp/logs-$provider-$size
        mkdir -p "$logdir"
        app_log=$raw/app-$provider-$size.log
        step "$provider, $size products: starting the app on 127.0.0.1:$port"
        started=$(date +%s%N)
        (
            cd "$repo/Dorixona.Web"
            exec env ASPNETCORE_ENVIRONMENT=Production Database__Provider="$db_provider" ConnectionStrings__Dorixona="$connection" \
                Demo__Seed=false RateLimiting__Enabled=false Jobs__Enabled=false Https__Redirect=false \
                Sms__Provider=Eskiz Sms__Eskiz__Email=bench@example.invalid Sms__Eskiz__Password=bench-not-a-secret \
                Payments__Payme__MerchantId=bench-merchant Payments__Payme__Key=bench-not-a-secret-key \
                Payments__Click__ServiceId=1 Payments__Click__MerchantId=1 Payments__Click__SecretKey=bench-not-a-secret \
                Serilog__MinimumLevel__Default=Warning 'Serilog__MinimumLevel__Override__Dorixona.Core.Catalog=Information' \
                Logging__Directory="$logdir" \
                dotnet bin/Release/net10.0/Dorixona.Web.dll --urls "http://127.0.0.1:$port"
        ) >"$app_log" 2>&1 &
        app_pid=$!
        for _ in $(seq 1 600); do
            curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
            kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$app_log"; die "the app exited"; }
            sleep 0.2
        done
        curl -fsS -o /dev/null "http://127.0.0.1:$port/health" || die "the app did not answer /health"
        startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
        # The first catalog request builds the in-memory index.
        first=$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' "http://127.0.0.1:$port${paths[1]}")
        first_ms=$(awk -v t="${first#* }" 'BEGIN { printf "%.0f", t * 1000 }')
        for i in "${!paths[@]}"; do
            code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port${paths[$i]}")
            [ "$code" = 200 ] || die "${paths[$i]} answered $code"
        done
        total_hits=$(curl -sS "http://127.0.0.1:$port${paths[1]}" | grep -oE '"total":[0-9]+' | head -n 1 | cut -d: -f2)
        rss_before=$(rss_mib "$app_pid")
        load_before=$(load1)

        step "$provider, $size products: warming up ($warmup)"
        BENCH_PATHS="${paths[*]}" timeout 60s wrk -t"$threads" -c"$connections" -d"$warmup" -s "$tmp/rotate.lua" "http://127.0.0.1:$port" >"$raw/warmup-$provider-$size.txt" 2>&1 || true

        {
            echo
            echo "## $provider, $size products"
            echo
            echo "Load average before: $load_before. Start to first /health: $startup_ms ms. First search request (builds the index): $first_ms ms (HTTP ${first% *})."
            echo "${generation:-generator: see $gen_log}"
            echo
            echo "| endpoint | req/s | p50 ms | p99 ms | ratio to /health | app CPU ms/req | others | notes |"
            echo "|---|--:|--:|--:|--:|--:|--:|---|"
        } >>"$out"
        health_rps=
        for i in "${!paths[@]}"; do
            step "$provider, $size: ${labels[$i]}"
            measure "${labels[$i]}" "${paths[$i]}" "$provider-$size-${files[$i]}"
        done
        step "$provider, $size: API search, varied queries"
        measure "API search, varied queries ($(wc -l <"$terms") names ± strength)" "/" "$provider-$size-api-varied" "$tmp/varied.lua"
        step "$provider, $size: catalog page, varied queries"
        export BENCH_VARIED_PREFIX="/catalog?q="
        measure "/catalog?q=… (SSR), varied queries" "/" "$provider-$size-page-varied" "$tmp/varied.lua"
        unset BENCH_VARIED_PREFIX
        # Last, as it fills the result cache with queries nobody repeats: the miss path on its own.
        step "$provider, $size: API search, first-time queries"
        export BENCH_VARIED_UNIQUE=1
        measure "API search, first-time queries (the varied ones, none repeated: result cache misses)" "/" "$provider-$size-api-first" "$tmp/varied.lua"
        unset BENCH_VARIED_UNIQUE
        rss_after=$(rss_mib "$app_pid")
        index_line=$(grep -h 'Catalog index built' "$app_log" | tail -n 1 | sed -E 's/^.*Catalog index built/Catalog index built/' || true)
        {
            echo
            echo "\"paracetamol\" matches $total_hits products. ${index_line:-index build not logged}. RSS: $rss_before MiB after the first requests, $rss_after MiB after the run. Load average after: $(load1)."
        } >>"$out"
        stop_app
    done
    [ "$provider" != postgres ] || stop_postgres
done

step "results in $out"
cat "$out"
