#!/usr/bin/env bash
# Checkout over HTTP: POST /api/v1/orders/checkout with wrk, each request a different prepared customer.
#   bench/checkout-http.sh Sqlite "Data Source=/tmp/ckhttp.db" [hot|spread|disjoint] [customers=1000] [connections=32]
#   bench/checkout-http.sh Postgres "Host=127.0.0.1;Port=55432;Username=postgres;Password=...;Database=ckhttp" disjoint
# Starts the Release build of Dorixona.Web on 127.0.0.1 (Development for the demo data; jobs off, rate limiting off),
# prepares the scenario's products and N customers with a cart straight in the database (Dorixona.Bench
# checkout-http-prepare, the same carts as the in-process bench), signs each in through /api/v1/auth/login for a bearer
# token, then runs wrk: each request takes the next customer's token and a fresh Idempotency-Key, and each wrk thread
# stops once its share of customers has checked out. Afterwards it counts the orders and checks stock against its
# ledger (checkout-http-check). Build first: dotnet build -c Release Dorixona.Web && dotnet build -c Release bench/Dorixona.Bench
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
provider=${1:?provider}; connection=${2:?connection}; scenario=${3:-disjoint}; customers=${4:-1000}; connections=${5:-32}
port=$((20000 + RANDOM % 30000))
work=$(mktemp -d /tmp/checkout-http.XXXXXX)
bench="dotnet bench/Dorixona.Bench/bin/Release/net10.0/Dorixona.Bench.dll"
(cd Dorixona.Web && exec env ASPNETCORE_ENVIRONMENT=Development Database__Provider="$provider" ConnectionStrings__Dorixona="$connection" \
    Demo__Seed=true Demo__Orders=false Jobs__Enabled=false RateLimiting__Enabled=false Https__Redirect=false Serilog__MinimumLevel__Default=Warning \
    Logging__Directory="$work/logs" timeout 900 dotnet bin/Release/net10.0/Dorixona.Web.dll --urls "http://127.0.0.1:$port") >"$work/app.log" 2>&1 &
app=$!
trap 'kill -TERM $app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break; sleep 0.5; done

password="Bench$RANDOM$RANDOM"
timeout 600 $bench checkout-http-prepare --provider "$provider" --connection "$connection" --customers "$customers" --scenario "$scenario" \
    --password "$password" --phones "$work/phones.txt" --product-ids "$work/products.txt"
# Two sign-ins at a time (each checks a password hash: seconds of CPU in all, not part of the measurement).
timeout 600 xargs -P 2 -I{} curl -fsS -H 'Content-Type: application/json' -d "{\"phone\":\"{}\",\"password\":\"$password\"}" \
    "http://127.0.0.1:$port/api/v1/auth/login" -o "$work/token-{}.json" <"$work/phones.txt"
while read -r phone; do sed -E 's/.*"accessToken":"([^"]+)".*/\1/' "$work/token-$phone.json"; echo; done <"$work/phones.txt" >"$work/tokens.txt"
echo "$(grep -c . "$work/tokens.txt") customers signed in"

cat >"$work/checkout.lua" <<'LUA'
-- Thread i of n takes every n-th token from i; each request is the next customer with a key of its own; a thread stops
-- once each of its customers has had an answer, so every customer checks out exactly once.
local threads = {}
local counter = 0
function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end
function init(args)
    tokens = {}
    local all = {}
    for line in io.lines(os.getenv("TOKENS")) do if #line > 0 then table.insert(all, line) end end
    local n = tonumber(os.getenv("THREADS"))
    for i = id + 1, #all, n do table.insert(tokens, all[i]) end
    next_token, answered, created, refused = 1, 0, 0, 0
    body = '{"fulfilment":"delivery","paymentMethod":"cash","address":{"region":"Toshkent shahri","district":"Chilonzor","street":"Bunyodkor","house":"1"}}'
end
-- Requests still in flight when a thread has used up its customers repeat the last one with its key: a double click,
-- answered with the same order.
function request()
    local i = math.min(next_token, #tokens)
    next_token = next_token + 1
    return wrk.format("POST", "/api/v1/orders/checkout", {
        ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[i],
        ["Idempotency-Key"] = string.format("wrk-%s-%d-%d", os.getenv("RUN"), id, i) }, body)
end
function response(status, headers, body)
    answered = answered + 1
    if status == 201 then created = created + 1 elseif status == 409 or status == 400 then refused = refused + 1 end
    if status >= 500 then io.stderr:write("HTTP " .. status .. ": " .. (body or "") .. "\n") end
    if answered >= #tokens then wrk.thread:stop() end
end
function done(summary, latency, requests)
    local c, r = 0, 0
    for _, t in ipairs(threads) do c = c + t:get("created"); r = r + t:get("refused") end
    io.write(string.format("wrk: %d orders created (201), %d refused (400/409)\n", c, r))
end
LUA
threads=2
RUN=$RANDOM$RANDOM TOKENS="$work/tokens.txt" THREADS=$threads timeout 120 wrk -t$threads -c"$connections" -d60s --timeout 10s --latency -s "$work/checkout.lua" \
    "http://127.0.0.1:$port" | tee "$work/wrk.txt" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx|requests in|wrk:|Socket errors'
timeout 120 $bench checkout-http-check --provider "$provider" --connection "$connection" --product-ids "$work/products.txt"
echo "(files in $work)"
