#!/usr/bin/env bash
# The project's one test command, for developers and CI alike:   ./test.sh
#
# Installs what the tests need, starts a private PostgreSQL cluster for this run only, builds once,
# checks every provider's migrations (SQL Server's script goes to TestResults/), runs every test project
# (each behaviour on SQLite and on PostgreSQL), and ends with one line:
#   N passed, N failed[, N skipped]
# It exits non-zero when a test failed, the build failed or a test run crashed.
# Full output: TestResults/test.log; per-project results: TestResults/*.trx.
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"
configuration=${CONFIGURATION:-Release}
results=$PWD/TestResults
log=$results/test.log

# CI runs us without a terminal; nothing below may wait for an answer.
exec </dev/null
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rm -rf "$results"
mkdir -p "$results"
: >"$log"

step() { echo "==> $*"; }
# Set-up failures still end with the summary line, so whatever reads it never sees a bare error.
die() {
    echo "!! $* (full output: $log)"
    tail -n 20 "$log"
    echo "0 passed, 0 failed"
    exit 2
}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages: Chromium for the browser tests, PostgreSQL for the server-database tests ----------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The Redis-backed tests and the cluster tests (real Redis and HAProxy) run in every test run.
command -v redis-server >/dev/null || missing+=(redis-server)
command -v haproxy >/dev/null || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]}"
    as_root apt-get update >>"$log" 2>&1 || die "apt-get update failed"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$log" 2>&1 ||
        die "apt-get install ${missing[*]} failed"
fi

# --- A private PostgreSQL cluster ---------------------------------------------------------------------
# Nothing runs in the background on a fresh machine, and a shared server would mix runs, so each run
# gets its own throw-away cluster on a free loopback port. Durability is pointless here: fsync off.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/dorixona-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
    # initdb and postgres refuse to run as root.
    chown postgres: "$pg_dir"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

stop_postgres() {
    if [ -f "$pg_dir/data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
}
trap stop_postgres EXIT
# Turn Ctrl-C / kill into a normal exit so the EXIT trap still removes the cluster.
trap 'exit 130' INT TERM

pg_password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
(umask 077 && printf '%s\n' "$pg_password" >"$pg_dir/pwfile")
[ "$(id -u)" -ne 0 ] || chown postgres: "$pg_dir/pwfile"

step "starting a private PostgreSQL ($(basename "$(dirname "$pg_bin")"))"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pg_dir/pwfile" >>"$log" 2>&1 || die "initdb failed"
rm -f "$pg_dir/pwfile"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg_port=
for _ in 1 2 3 4 5 6 7 8; do
    candidate=$((20000 + RANDOM % 30000))
    port_in_use "$candidate" && continue
    # Another process may grab the port between the check and the start; then try another one.
    if as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >>"$log" 2>&1; then
        pg_port=$candidate
        break
    fi
done
if [ -z "$pg_port" ]; then
    cat "$pg_dir/server.log" >>"$log" 2>/dev/null || true
    die "PostgreSQL did not start"
fi
export DORIXONA_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=$pg_password"

# --- Build once ----------------------------------------------------------------------------------------
projects=(Dorixona.Tests/Dorixona.Tests.csproj)
[ -f Dorixona.E2E/Dorixona.E2E.csproj ] && projects+=(Dorixona.E2E/Dorixona.E2E.csproj)
# The solution when there is one; until then, the test projects themselves (they pull in what they reference).
build_targets=("${projects[@]}")
for solution in Dorixona.Web.sln Dorixona.Web.slnx; do
    if [ -f "$solution" ]; then build_targets=("$solution"); break; fi
done
for target in "${build_targets[@]}"; do
    step "building $target ($configuration)"
    if ! dotnet build "$target" -c "$configuration" >>"$log" 2>&1; then
        echo "BUILD FAILED:"
        grep -E ': error ' "$log" | sed -E 's/ \[[^]]*\]$//' | sort -u || true
        echo "0 passed, 0 failed"
        exit 2
    fi
done

# --- Migrations: no provider's model may have a change no migration holds ------------------------------
# dotnet ef uses the build above (--no-build): each provider's context and design-time factory live in Core.
step "checking migrations (Sqlite, Postgres, SqlServer)"
dotnet tool restore >>"$log" 2>&1 || die "dotnet tool restore failed"
ef() {
    dotnet ef "$@" --no-build --configuration "$configuration" --project Dorixona.Core --startup-project Dorixona.Core
}
stale=()
for provider in Sqlite Postgres SqlServer; do
    ef migrations has-pending-model-changes --context "${provider}DorixonaDbContext" >>"$log" 2>&1 || stale+=("$provider")
done
if [ ${#stale[@]} -gt 0 ]; then
    echo "!! the model has changes no migration holds for: ${stale[*]} (add one: scripts/add-migration.sh NAME)"
    echo "0 passed, 0 failed"
    exit 2
fi
# SQL Server cannot run here: generate its idempotent script and check it creates every table of the model
# (the snapshot's tables, which equal the model's once the check above passed).
sqlserver_script=$results/sqlserver-idempotent.sql
ef migrations script --idempotent --context SqlServerDorixonaDbContext --output "$sqlserver_script" >>"$log" 2>&1 ||
    die "dotnet ef migrations script for SQL Server failed"
missing_tables=()
model_tables=$(grep -ohE 'ToTable\("[^"]+"' Dorixona.Core/Data/Migrations/SqlServer/*ModelSnapshot.cs | cut -d'"' -f2 | sort -u)
[ -n "$model_tables" ] || die "no tables found in SQL Server's model snapshot"
for table in $model_tables; do
    grep -qF "CREATE TABLE [$table] (" "$sqlserver_script" || missing_tables+=("$table")
done
if [ ${#missing_tables[@]} -gt 0 ]; then
    echo "!! SQL Server's idempotent script ($sqlserver_script) creates no table ${missing_tables[*]}"
    echo "0 passed, 0 failed"
    exit 2
fi

# --- Test every project --------------------------------------------------------------------------------
counter() { # counter FILE NAME -> the TRX <Counters NAME="..."> value
    grep -o '<Counters [^>]*' "$1" | grep -oE " $2=\"[0-9]+\"" | grep -oE '[0-9]+' || echo 0
}

passed=0 failed=0 skipped=0 crashed=0
for project in "${projects[@]}"; do
    name=$(basename "$project" .csproj)
    trx=$results/$name.trx
    step "testing $name"
    status=0
    # A hung test must not hang CI: the hang timeout kills the run, which then counts as crashed.
    dotnet test "$project" -c "$configuration" --no-build \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
        --blame-hang-timeout 10m --blame-hang-dump-type none >>"$log" 2>&1 || status=$?
    if [ ! -s "$trx" ]; then
        echo "!! $name produced no results: the test run crashed (exit $status)"
        crashed=1
        continue
    fi
    project_failed=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    passed=$((passed + $(counter "$trx" passed)))
    failed=$((failed + project_failed))
    # The TRX logger leaves notExecuted at 0; a skipped test is one counted in total but not executed.
    skipped=$((skipped + $(counter "$trx" total) - $(counter "$trx" executed)))
    if [ "$status" -ne 0 ] && [ "$project_failed" -eq 0 ]; then
        echo "!! $name exited with $status but reported no failed test: the test run crashed"
        crashed=1
    fi
done

if [ "$failed" -gt 0 ] || [ "$crashed" -ne 0 ]; then
    echo "--- failures (full output: $log) ---"
    # Each failure's name and message, without the stack traces.
    awk '/^  Failed /{show=1} /^  Stack Trace:/{show=0} show' "$log"
    grep -E 'Test Run Aborted|test run was aborted|Test host process crashed|The active test run was aborted' "$log" || true
fi

summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary+=", $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$crashed" -eq 0 ]
