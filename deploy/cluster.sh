#!/usr/bin/env bash
# Dorixona as several identical instances behind a reverse proxy, on PostgreSQL and Redis, all as private processes on
# free loopback ports of this machine (for a developer and for the tests):
#
#   deploy/cluster.sh up        [CLUSTER_INSTANCES=2] starts PostgreSQL, Redis, N instances and HAProxy; returns once all
#                               answer /health and prints `proxy=http://127.0.0.1:PORT`, then `instance=http://...` per instance
#   deploy/cluster.sh down      stops all of them and removes their data
#   deploy/cluster.sh status    the same lines as `up`, if the cluster is up
#
# Settings (environment): CLUSTER_INSTANCES (2), CLUSTER_DIR (/tmp/dorixona-cluster: pids, logs, data, and `env`, which
# holds the database and Redis connection strings for tools and tests), CLUSTER_ENVIRONMENT (Development: demo data and
# accounts, SMS to the log, the payment simulator), CLUSTER_PROXY_SOURCE (127.0.0.2: the loopback address the proxy
# connects from, the only one the instances take X-Forwarded-* from). Any other ASP.NET setting exported as an
# environment variable (e.g. Orders__PaymentTimeout=00:01:00) reaches every instance.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD
state=${CLUSTER_DIR:-/tmp/dorixona-cluster}
count=${CLUSTER_INSTANCES:-2}
proxy_source=${CLUSTER_PROXY_SOURCE:-127.0.0.2}
environment=${CLUSTER_ENVIRONMENT:-Development}
exec </dev/null
export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "cluster: $*" >&2; }
starting=0
fail() {
    say "$*"
    [ -d "$state/logs" ] && tail -n 30 "$state"/logs/*.log "$state"/pg/postgres.log >&2 2>/dev/null
    if [ "$starting" = 1 ]; then say "stopping what started"; down >/dev/null 2>&1 || true; fi
    exit 1
}
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 30000))
        port_in_use "$p" || grep -qx "$p" "$state/ports" 2>/dev/null || { echo "$p" >>"$state/ports"; echo "$p"; return; }
    done
    fail "no free port"
}
wait_health() { # url seconds
    for _ in $(seq 1 $(($2 * 4))); do
        curl -fsS -o /dev/null --max-time 2 "$1/health" 2>/dev/null && return 0
        sleep 0.25
    done
    return 1
}
# Starts a process that outlives this script, in a session of its own; its pid goes to $state/pids.
spawn() { # name log command...
    local name=$1 log=$2; shift 2
    setsid "$@" >>"$log" 2>&1 &
    echo "$name $!" >>"$state/pids"
}

print_parts() {
    echo "proxy=http://127.0.0.1:$(cat "$state/proxy-port")"
    while read -r port; do echo "instance=http://127.0.0.1:$port"; done <"$state/instance-ports"
}

start_instance() { # index
    local i=$1 port
    port=$(free_port)
    mkdir -p "$state/logs/app$i"
    (cd "$root/Dorixona.Web" && spawn "app$i" "$state/logs/app$i.log" env \
        ASPNETCORE_ENVIRONMENT="$environment" Demo__Seed=true \
        Database__Provider=Postgres ConnectionStrings__Dorixona="$db" \
        Live__Redis="127.0.0.1:$redis_port" Quartz__Clustered=true \
        ForwardedHeaders__KnownProxies__0="$proxy_source" Https__Redirect=false \
        FileStore__Root="$state/files" Logging__Directory="$state/logs/app$i" \
        dotnet bin/Release/net10.0/Dorixona.Web.dll --urls "http://127.0.0.1:$port")
    echo "$port" >>"$state/instance-ports"
    echo "$port"
}

up() {
    [ ! -f "$state/pids" ] || fail "already up in $state (deploy/cluster.sh down first)"
    [[ "$count" =~ ^[1-9][0-9]?$ ]] || fail "CLUSTER_INSTANCES must be 1-99"
    local missing=()
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    command -v haproxy >/dev/null || missing+=(haproxy)
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing ${missing[*]}"
        as_root apt-get update -qq >/dev/null 2>&1 || fail "apt-get update failed"
        as_root apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || fail "apt-get install ${missing[*]} failed"
    fi
    # Debian starts the packaged services on install; this cluster runs its own copies on private ports.
    rm -rf "$state"; mkdir -p "$state/logs" "$state/files"; : >"$state/pids"; : >"$state/instance-ports"
    starting=1
    trap 'fail "start failed (line $LINENO)"' ERR

    if [ "${CLUSTER_BUILD:-1}" != 0 ]; then
        say "building Dorixona.Web (Release)"
        dotnet build Dorixona.Web/Dorixona.Web.csproj -c Release -v q -nologo >"$state/logs/build.log" 2>&1 || fail "build failed: $state/logs/build.log"
    fi

    say "starting PostgreSQL"
    local pg_bin pg_port password
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    mkdir -p "$state/pg"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$state/pg"
    password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    (umask 077 && printf '%s\n' "$password" >"$state/pg/pwfile")
    [ "$(id -u)" -ne 0 ] || chown postgres: "$state/pg/pwfile"
    as_pg "$pg_bin/initdb" -D "$state/pg/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
        --auth-host=scram-sha-256 --pwfile="$state/pg/pwfile" >"$state/logs/initdb.log" 2>&1 || fail "initdb failed"
    rm -f "$state/pg/pwfile"
    pg_port=$(free_port)
    as_pg "$pg_bin/pg_ctl" -D "$state/pg/data" -l "$state/pg/postgres.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$state/pg -c max_connections=400" \
        >/dev/null 2>&1 || fail "PostgreSQL did not start"
    echo "$pg_bin $state/pg/data" >"$state/pg/ctl"
    PGPASSWORD=$password "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres dorixona || fail "createdb failed"
    db="Host=127.0.0.1;Port=$pg_port;Database=dorixona;Username=postgres;Password=$password"

    say "starting Redis"
    redis_port=$(free_port)
    spawn redis "$state/logs/redis.log" redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
        --daemonize no --dir "$state"
    for _ in $(seq 1 40); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.25; done
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 || fail "Redis did not start"
    { echo "ConnectionStrings__Dorixona=$db"; echo "Live__Redis=127.0.0.1:$redis_port"; } >"$state/env"
    chmod 600 "$state/env"

    # The first instance creates the schema, the Quartz tables, the Data Protection key and the demo data; the others
    # start once it answers, so nobody races it.
    say "starting $count instance(s)"
    local first rest=() port
    first=$(start_instance 1)
    wait_health "http://127.0.0.1:$first" 180 || fail "instance 1 did not answer /health"
    for i in $(seq 2 "$count"); do rest+=("$(start_instance "$i")"); done
    for port in "${rest[@]}"; do wait_health "http://127.0.0.1:$port" 180 || fail "instance on $port did not answer /health"; done

    say "starting HAProxy"
    local proxy_port page_servers="" circuit_servers="" i=0
    proxy_port=$(free_port)
    while read -r port; do
        i=$((i + 1))
        page_servers+="    server app$i 127.0.0.1:$port check"$'\n'
        circuit_servers+="    server app$i 127.0.0.1:$port check cookie app$i"$'\n'
    done <"$state/instance-ports"
    awk -v port="$proxy_port" -v source="$proxy_source" -v pages="$page_servers" -v circuits="$circuit_servers" '
        { gsub(/@PROXY_PORT@/, port); gsub(/@PROXY_SOURCE@/, source) }
        /^@PAGE_SERVERS@$/ { printf "%s", pages; next }
        /^@CIRCUIT_SERVERS@$/ { printf "%s", circuits; next }
        { print }' deploy/haproxy.cfg >"$state/haproxy.cfg"
    haproxy -c -q -f "$state/haproxy.cfg" >"$state/logs/haproxy-check.log" 2>&1 || fail "haproxy.cfg is invalid: $state/logs/haproxy-check.log"
    spawn proxy "$state/logs/haproxy.log" haproxy -db -f "$state/haproxy.cfg"
    echo "$proxy_port" >"$state/proxy-port"
    wait_health "http://127.0.0.1:$proxy_port" 30 || fail "the proxy did not answer /health"
    trap - ERR
    starting=0
    print_parts
}

down() {
    [ -d "$state" ] || return 0
    if [ -f "$state/pids" ]; then
        # The proxy first, so nobody is sent to an instance that is stopping.
        tac "$state/pids" | while read -r name pid; do
            kill -TERM "$pid" 2>/dev/null || true
        done
        for _ in $(seq 1 60); do
            alive=0
            while read -r name pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$state/pids"
            [ "$alive" = 0 ] && break
            sleep 0.25
        done
        while read -r name pid; do kill -KILL "$pid" 2>/dev/null || true; done <"$state/pids"
    fi
    if [ -f "$state/pg/ctl" ]; then
        read -r pg_bin pg_data <"$state/pg/ctl"
        as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$state"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) [ -f "$state/proxy-port" ] && print_parts || { say "not up"; exit 1; } ;;
    *) echo "usage: deploy/cluster.sh up|down|status   (CLUSTER_INSTANCES=N, default 2)" >&2; exit 2 ;;
esac
