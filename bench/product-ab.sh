#!/usr/bin/env bash
# Product page A/B when the machine is too busy for bench/catalog.sh to give absolute figures: two builds of the app
# (AB_MAIN: a copy of main built in Release; AB_BRANCH: this checkout, default $PWD) serve one SQLite database of generated
# products (AB_DB, e.g. a copy of the one bench/catalog.sh made) side by side, and each endpoint is measured on one, then
# the other, 5 s each, 4 rounds, so both see the same outside load. App settings as in bench/catalog.sh. See docs/benchmarks.md.
#   AB_MAIN=/tmp/main AB_DB=/tmp/ab.db bench/product-ab.sh
set -u
db=${AB_DB:?path of a SQLite database bench/catalog.sh generated}
start() { # dir port log
  ( cd "$1/Dorixona.Web" && exec env ASPNETCORE_ENVIRONMENT=Production Database__Provider=Sqlite "ConnectionStrings__Dorixona=Data Source=$db" \
      Demo__Seed=false RateLimiting__Enabled=false Jobs__Enabled=false Https__Redirect=false \
      Sms__Provider=Eskiz Sms__Eskiz__Email=bench@example.invalid Sms__Eskiz__Password=bench-not-a-secret \
      Payments__Payme__MerchantId=bench-merchant Payments__Payme__Key=bench-not-a-secret-key \
      Payments__Click__ServiceId=1 Payments__Click__MerchantId=1 Payments__Click__SecretKey=bench-not-a-secret \
      Serilog__MinimumLevel__Default=Warning Logging__Directory=${TMPDIR:-/tmp}/logs-$2 \
      dotnet bin/Release/net10.0/Dorixona.Web.dll --urls "http://127.0.0.1:$2" ) >"$3" 2>&1 &
  echo $!
}
main=${AB_MAIN:?a copy of main, built in Release}
branch=${AB_BRANCH:-$PWD}
a=$(start "$main" 31801 ${TMPDIR:-/tmp}/app-main.log)
b=$(start "$branch" 31802 ${TMPDIR:-/tmp}/app-branch.log)
echo "pids main=$a branch=$b"
trap 'kill $a $b 2>/dev/null' EXIT
for p in 31801 31802; do
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "http://127.0.0.1:$p/health" 2>/dev/null && break; sleep 0.5; done
  curl -sS -o /dev/null -w "$p first catalog %{http_code} %{time_total}s\n" "http://127.0.0.1:$p/catalog"
done
paths=("/health" "/catalog" "/product/paracetamol-500-mg-10-tab")
for p in 31801 31802; do # warm-up: every path, 5 s
  for path in "${paths[@]}"; do timeout 30 wrk -t2 -c32 -d3s "http://127.0.0.1:$p$path" >/dev/null 2>&1; done
done
cpu() { awk '{ print $14 + $15 }' /proc/$1/stat; }
printf "round | app | endpoint | req/s | p50 | p99 | app CPU ms/req | load1\n"
for round in 1 2 3 4; do
  for path in "${paths[@]}"; do
    for side in main branch; do
      if [ $side = main ]; then p=31801; pid=$a; else p=31802; pid=$b; fi
      c0=$(cpu $pid)
      out=$(timeout 40 wrk -t2 -c32 -d5s --latency "http://127.0.0.1:$p$path" 2>&1)
      c1=$(cpu $pid)
      rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
      req=$(awk '/requests in/ { print $1 }' <<<"$out")
      p50=$(awk '$1 == "50%" { print $2 }' <<<"$out"); p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
      non=$(awk '/Non-2xx/ { print "non-2xx " $NF }' <<<"$out")
      cms=$(awk -v c=$((c1 - c0)) -v r="${req:-0}" 'BEGIN { if (r > 0) printf "%.2f", c * 10 / r; else print "?" }')
      printf "%s | %s | %s | %s | %s | %s | %s | %s %s\n" $round $side "$path" "$rps" "$p50" "$p99" "$cms" "$(cut -d' ' -f1 /proc/loadavg)" "$non"
    done
  done
done
