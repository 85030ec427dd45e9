#!/usr/bin/env bash
# Adds one migration, under the same name, for every database provider:   scripts/add-migration.sh NAME
# Each provider keeps its own generated set and snapshot in Dorixona.Core/Data/Migrations/<Provider>
# (docs/decisions/0013). Review the three generated files before committing them.
set -euo pipefail

if [ $# -ne 1 ] || [[ ! "$1" =~ ^[A-Za-z][A-Za-z0-9_]*$ ]]; then
    echo "usage: $0 NAME   (a C# identifier, e.g. AddProductBarcode)" >&2
    exit 2
fi
name=$1
cd "$(dirname "$(readlink -f "$0")")/.."
exec </dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null
# One build for all three: a provider's new migration does not change what the others generate.
dotnet build Dorixona.Core/Dorixona.Core.csproj -c Debug -v quiet -nologo
for provider in Sqlite Postgres SqlServer; do
    echo "==> $provider"
    dotnet ef migrations add "$name" --no-build --configuration Debug \
        --project Dorixona.Core --startup-project Dorixona.Core \
        --context "${provider}DorixonaDbContext" \
        --output-dir "Data/Migrations/$provider" --namespace "Dorixona.Core.Data.Migrations.$provider"
done
echo "Added $name for Sqlite, Postgres and SqlServer. Raw SQL the model cannot say goes into each provider's file by hand."
