using System.Data.Common;
using Dorixona.Core.Catalog;
using Dorixona.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Dorixona.Bench;

/// <summary>
/// Writes generated products with their substances, stock and ledger rows, one transaction per batch, on
/// the provider's fast path: binary COPY on PostgreSQL, prepared INSERTs on SQLite. Ids are given explicitly
/// (max + 1 …) so stock rows can point at their product without a round trip.
/// </summary>
internal abstract class ProductWriter(DorixonaDbContext db)
{
    protected DbConnection Connection { get; } = db.Database.GetDbConnection();

    public static ProductWriter For(DorixonaDbContext db, DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? new PostgresWriter(db) : new SqliteWriter(db);

    public async Task<int> NextIdAsync()
    {
        await EnsureOpenAsync();
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"Products\"";
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public abstract Task WriteAsync(IReadOnlyList<GeneratedProduct> batch);

    /// <summary>Identity sequences, planner statistics, and the revision bump that makes running apps rebuild their index.</summary>
    public virtual async Task FinishAsync()
    {
        await ExecuteAsync("UPDATE \"CatalogRevisions\" SET \"Catalog\" = \"Catalog\" + 1, \"Stock\" = \"Stock\" + 1 WHERE \"Id\" = 1");
    }

    protected async Task EnsureOpenAsync()
    {
        if (Connection.State != System.Data.ConnectionState.Open) await Connection.OpenAsync();
    }

    protected async Task ExecuteAsync(string sql, DbTransaction? tx = null)
    {
        await EnsureOpenAsync();
        await using var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.CommandTimeout = 600;
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed class PostgresWriter(DorixonaDbContext db) : ProductWriter(db)
    {
        public override async Task WriteAsync(IReadOnlyList<GeneratedProduct> batch)
        {
            await EnsureOpenAsync();
            var conn = (NpgsqlConnection)Connection;
            await using var tx = await conn.BeginTransactionAsync();
            await using (var copy = await conn.BeginBinaryImportAsync(
                "COPY \"Products\" (\"Id\", \"Slug\", \"Name\", \"NameRu\", \"Description\", \"CategoryId\", \"ManufacturerId\", \"DosageForm\", " +
                "\"Strength\", \"PackSize\", \"Barcode\", \"Price\", \"OldPrice\", \"RequiresPrescription\", \"ExpiryDate\", \"Popularity\", " +
                "\"IsActive\", \"CreatedAt\", \"UpdatedAt\", \"DeletedAt\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in batch)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(p.Id, NpgsqlDbType.Integer);
                    await copy.WriteAsync(p.Slug, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.Name, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.NameRu, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.Description, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.CategoryId, NpgsqlDbType.Integer);
                    await copy.WriteAsync(p.ManufacturerId, NpgsqlDbType.Integer);
                    await copy.WriteAsync(p.DosageForm, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.Strength, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.PackSize, NpgsqlDbType.Integer);
                    await copy.WriteAsync(p.Barcode, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(p.Price, NpgsqlDbType.Bigint);
                    if (p.OldPrice is { } old) await copy.WriteAsync(old, NpgsqlDbType.Bigint);
                    else await copy.WriteNullAsync();
                    await copy.WriteAsync(p.Rx, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(p.Expiry, NpgsqlDbType.Date);
                    await copy.WriteAsync(p.Popularity, NpgsqlDbType.Integer);
                    await copy.WriteAsync(true, NpgsqlDbType.Boolean);
                    await copy.WriteAsync(CatalogGenerator.CreatedAt, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(CatalogGenerator.CreatedAt, NpgsqlDbType.TimestampTz);
                    await copy.WriteNullAsync();
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await conn.BeginBinaryImportAsync("COPY \"ProductSubstances\" (\"ProductId\", \"SubstanceId\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in batch)
                    foreach (var s in p.SubstanceIds)
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(p.Id, NpgsqlDbType.Integer);
                        await copy.WriteAsync(s, NpgsqlDbType.Integer);
                    }
                await copy.CompleteAsync();
            }
            await using (var copy = await conn.BeginBinaryImportAsync("COPY \"BranchStock\" (\"BranchId\", \"ProductId\", \"Quantity\", \"UpdatedAt\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in batch)
                    foreach (var (branch, quantity) in p.Stock)
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(branch, NpgsqlDbType.Integer);
                        await copy.WriteAsync(p.Id, NpgsqlDbType.Integer);
                        await copy.WriteAsync(quantity, NpgsqlDbType.Integer);
                        await copy.WriteAsync(CatalogGenerator.CreatedAt, NpgsqlDbType.TimestampTz);
                    }
                await copy.CompleteAsync();
            }
            await using (var copy = await conn.BeginBinaryImportAsync(
                "COPY \"StockLedger\" (\"BranchId\", \"ProductId\", \"Delta\", \"Balance\", \"Reason\", \"At\") FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in batch)
                    foreach (var (branch, quantity) in p.Stock.Where(s => s.Quantity > 0))
                    {
                        await copy.StartRowAsync();
                        await copy.WriteAsync(branch, NpgsqlDbType.Integer);
                        await copy.WriteAsync(p.Id, NpgsqlDbType.Integer);
                        await copy.WriteAsync(quantity, NpgsqlDbType.Integer);
                        await copy.WriteAsync(quantity, NpgsqlDbType.Integer);
                        await copy.WriteAsync(StockReasons.Seed, NpgsqlDbType.Varchar);
                        await copy.WriteAsync(CatalogGenerator.CreatedAt, NpgsqlDbType.TimestampTz);
                    }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
        }

        public override async Task FinishAsync()
        {
            // Explicit ids leave the identity sequence behind; the app's next insert must not collide.
            await ExecuteAsync("SELECT setval(pg_get_serial_sequence('\"Products\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Products\"))");
            // Fresh statistics, as autovacuum would gather shortly after a bulk load; the product page's plans depend on them.
            await ExecuteAsync("ANALYZE");
            await base.FinishAsync();
        }
    }

    private sealed class SqliteWriter(DorixonaDbContext db) : ProductWriter(db)
    {
        public override async Task WriteAsync(IReadOnlyList<GeneratedProduct> batch)
        {
            await EnsureOpenAsync();
            var conn = (SqliteConnection)Connection;
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync();

            await using var product = Prepare(conn, tx,
                "INSERT INTO \"Products\" (\"Id\", \"Slug\", \"Name\", \"NameRu\", \"Description\", \"CategoryId\", \"ManufacturerId\", \"DosageForm\", " +
                "\"Strength\", \"PackSize\", \"Barcode\", \"Price\", \"OldPrice\", \"RequiresPrescription\", \"ExpiryDate\", \"Popularity\", " +
                "\"IsActive\", \"CreatedAt\", \"UpdatedAt\", \"DeletedAt\") VALUES ($id, $slug, $name, $nameRu, $description, $category, $manufacturer, " +
                "$form, $strength, $pack, $barcode, $price, $oldPrice, $rx, $expiry, $popularity, 1, $at, $at, NULL)",
                "$id", "$slug", "$name", "$nameRu", "$description", "$category", "$manufacturer", "$form", "$strength", "$pack", "$barcode",
                "$price", "$oldPrice", "$rx", "$expiry", "$popularity", "$at");
            await using var substance = Prepare(conn, tx, "INSERT INTO \"ProductSubstances\" (\"ProductId\", \"SubstanceId\") VALUES ($p, $s)", "$p", "$s");
            await using var stock = Prepare(conn, tx,
                "INSERT INTO \"BranchStock\" (\"BranchId\", \"ProductId\", \"Quantity\", \"UpdatedAt\") VALUES ($b, $p, $q, $at)", "$b", "$p", "$q", "$at");
            await using var ledger = Prepare(conn, tx,
                "INSERT INTO \"StockLedger\" (\"BranchId\", \"ProductId\", \"Delta\", \"Balance\", \"Reason\", \"At\") VALUES ($b, $p, $q, $q, $r, $at)",
                "$b", "$p", "$q", "$r", "$at");

            // Same text as EF Core's SQLite provider writes (DateTime "yyyy-MM-dd HH:mm:ss", DateOnly "yyyy-MM-dd").
            var at = CatalogGenerator.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            foreach (var p in batch)
            {
                Set(product, p.Id, p.Slug, p.Name, p.NameRu, p.Description, p.CategoryId, p.ManufacturerId, p.DosageForm, p.Strength, p.PackSize,
                    p.Barcode, p.Price, p.OldPrice, p.Rx ? 1 : 0, p.Expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    p.Popularity, at);
                await product.ExecuteNonQueryAsync();
                foreach (var s in p.SubstanceIds)
                {
                    Set(substance, p.Id, s);
                    await substance.ExecuteNonQueryAsync();
                }
                foreach (var (branch, quantity) in p.Stock)
                {
                    Set(stock, branch, p.Id, quantity, at);
                    await stock.ExecuteNonQueryAsync();
                    if (quantity <= 0) continue;
                    Set(ledger, branch, p.Id, quantity, StockReasons.Seed, at);
                    await ledger.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
        }

        private static SqliteCommand Prepare(SqliteConnection conn, SqliteTransaction tx, string sql, params string[] names)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            cmd.Transaction = tx;
            foreach (var n in names) cmd.Parameters.Add(new SqliteParameter { ParameterName = n });
            cmd.Prepare();
            return cmd;
        }

        private static void Set(SqliteCommand cmd, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
