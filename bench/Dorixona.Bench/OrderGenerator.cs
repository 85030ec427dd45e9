using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dorixona.Core;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dorixona.Bench;

/// <summary>
/// Fills the database with N orders spread over the last D days (for the dashboard benchmark): customers (one per 20 orders,
/// joining over the period), order lines from a popularity-skewed pick of the catalog, payments (Click, Payme, cash; some refunded)
/// and deliveries by 12 couriers (some late). Written on the provider's fast path: binary COPY on PostgreSQL, prepared INSERTs in
/// one transaction per 20 000 orders on SQLite. Deterministic for a seed; running it again adds nothing when orders exist.
/// </summary>
internal static class OrderGenerator
{
    private static readonly string[] Statuses = ["Delivered", "Delivered", "Delivered", "Delivered", "Delivered", "Delivered", "Delivered", "Cancelled", "Cancelled", "Paid", "Confirmed", "AwaitingPayment"];

    public static async Task RunAsync(IServiceProvider services, DatabaseProvider provider, int count, int days, int seed)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DorixonaDbContext>();
        if (await db.Orders.AnyAsync())
        {
            Console.WriteLine($"{await db.Orders.CountAsync()} orders already exist; none generated.");
            return;
        }
        var watch = Stopwatch.StartNew();
        var products = await db.Products.AsNoTracking().Where(p => p.IsActive && !p.RequiresPrescription).OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Name, p.Slug, p.Price }).ToListAsync();
        var branch = await db.Branches.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        foreach (var name in Roles.All)
            if (!await db.Roles.AnyAsync(r => r.Name == name))
                db.Roles.Add(new AppRole(name) { NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        await db.SaveChangesAsync();
        var customerRole = await db.Roles.Where(r => r.Name == Roles.Customer).Select(r => r.Id).SingleAsync();
        var courierRole = await db.Roles.Where(r => r.Name == Roles.Courier).Select(r => r.Id).SingleAsync();
        var random = new Random(seed);
        var now = DateTime.UtcNow;
        var start = now.AddDays(-days);
        // Nothing is written after the generation: an order of the last hours was not updated, paid or refunded in the future.
        DateTime Past(DateTime t) => t > now ? now : t;
        var writer = Bulk.For(db, provider);

        var userColumns = new[] { "Id", "FullName", "CreatedAt", "UserName", "NormalizedUserName", "EmailConfirmed", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber",
            "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount" };
        var couriers = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();
        var customers = new Guid[Math.Max(1, count / 20)];
        var customerPhones = new string[customers.Length];
        var users = new List<object?[]>();
        var roles = new List<object?[]>();
        for (var i = 0; i < couriers.Length + customers.Length; i++)
        {
            var id = i < couriers.Length ? couriers[i] : customers[i - couriers.Length] = Guid.NewGuid();
            var phone = "+99897" + (1_000_000 + i).ToString("D7", CultureInfo.InvariantCulture);
            if (i >= couriers.Length) customerPhones[i - couriers.Length] = phone;
            var joined = i < couriers.Length ? start.AddDays(-30) : start.AddSeconds(random.NextDouble() * (now - start).TotalSeconds);
            users.Add([id, i < couriers.Length ? $"Kuryer {i + 1}" : $"Mijoz {i}", joined, phone, phone, false, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(),
                phone, true, false, true, 0]);
            roles.Add([id, i < couriers.Length ? courierRole : customerRole]);
        }
        await writer.WriteAsync("AspNetUsers", userColumns, users);
        await writer.WriteAsync("AspNetUserRoles", ["UserId", "RoleId"], roles);

        var nextOrder = 1L;
        var nextLine = 1L;
        var nextPayment = 1L;
        var nextDelivery = 1L;
        const int batch = 20_000;
        for (var done = 0; done < count; done += batch)
        {
            var n = Math.Min(batch, count - done);
            var orders = new List<object?[]>(n);
            var lines = new List<object?[]>(n * 2);
            var payments = new List<object?[]>(n);
            var deliveries = new List<object?[]>(n);
            for (var k = 0; k < n; k++)
            {
                // Orders spread evenly over the period, so the last day (today) holds its share too.
                var at = start.AddSeconds((now - start).TotalSeconds * (done + k + random.NextDouble()) / count);
                if (at > now) at = now;
                var id = nextOrder++;
                var status = Statuses[random.Next(Statuses.Length)];
                var method = random.Next(10) switch { < 4 => "Click", < 7 => "Payme", _ => "Cash" };
                var customer = random.Next(customers.Length);
                long items = 0;
                var count2 = 1 + random.Next(3);
                var taken = new HashSet<int>();
                for (var l = 0; l < count2; l++)
                {
                    var p = products[(int)(products.Count * Math.Pow(random.NextDouble(), 3))];
                    if (!taken.Add(p.Id)) continue;
                    var q = 1 + random.Next(3);
                    items += p.Price * q;
                    lines.Add([nextLine++, id, p.Id, p.Name, p.Slug, "bench", q, p.Price, p.Price * q, false]);
                }
                var fee = items >= 200_000 ? 0L : 15_000L;
                var total = items + fee;
                var cancelled = status == "Cancelled";
                orders.Add([id, customers[customer], status, "Delivery", branch, method, customerPhones[customer], items, fee, total, false, Guid.NewGuid().ToString("N"),
                    at, Past(at.AddHours(2)), cancelled ? Past(at.AddMinutes(30)) : null, cancelled ? "bench" : null, cancelled ? Past(at.AddMinutes(30)) : null,
                    "Toshkent shahri", "Chilonzor", "Bunyodkor", "1"]);
                var provider2 = method;
                var paid = status is "Delivered" or "Paid" or "Confirmed" && !(method == "Cash" && status != "Delivered");
                if (paid || (cancelled && method != "Cash" && random.Next(2) == 0))
                {
                    var state = cancelled ? (random.Next(2) == 0 ? "Refunded" : "Succeeded") : "Succeeded";
                    payments.Add([nextPayment++, id, provider2, total, state, Past(at.AddMinutes(1)), Past(at.AddHours(1)), Past(at.AddMinutes(2)),
                        cancelled ? Past(at.AddMinutes(30)) : null, state == "Refunded" ? Past(at.AddHours(3)) : null, method == "Cash" ? "cash" : "bench"]);
                }
                if (status == "Delivered")
                {
                    var ready = at.AddMinutes(40);
                    var delivered = ready.AddMinutes(random.Next(4) == 0 ? 121 + random.Next(120) : 20 + random.Next(100));
                    if (delivered > now) delivered = now;
                    deliveries.Add([nextDelivery++, id, "Delivered", couriers[random.Next(couriers.Length)], ready, ready.AddMinutes(120), ready.AddMinutes(5), delivered, delivered, 0, false]);
                }
            }
            await writer.WriteAsync("Orders", ["Id", "UserId", "Status", "Fulfilment", "BranchId", "PaymentMethod", "ContactPhone", "ItemsTotal", "DeliveryFee", "Total",
                "HasPrescriptionItems", "IdempotencyKey", "CreatedAt", "UpdatedAt", "CancelledAt", "CancelReason", "StockReturnedAt",
                "AddressRegion", "AddressDistrict", "AddressStreet", "AddressHouse"], orders);
            await writer.WriteAsync("OrderLines", ["Id", "OrderId", "ProductId", "ProductName", "ProductSlug", "Details", "Quantity", "UnitPrice", "LineTotal", "RequiresPrescription"], lines);
            await writer.WriteAsync("Payments", ["Id", "OrderId", "Provider", "Amount", "State", "CreatedAt", "UpdatedAt", "PerformedAt", "RefundRequestedAt", "RefundedAt", "IdempotencyKey"], payments);
            await writer.WriteAsync("Deliveries", ["Id", "OrderId", "State", "CourierId", "CreatedAt", "PromisedBy", "PickedUpAt", "DeliveredAt", "UpdatedAt", "CodeAttempts", "NeedsReview"], deliveries);
            Console.Write($"\r  {done + n}/{count} orders");
        }
        Console.WriteLine();
        await writer.FinishAsync(["Orders", "OrderLines", "Payments", "Deliveries"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Generated {count} orders ({nextLine - 1} lines, {nextPayment - 1} payments, {nextDelivery - 1} deliveries, {customers.Length} customers) over {days} days in {watch.Elapsed.TotalSeconds:0.0} s."));
    }

    /// <summary>Rows into a table by column name, on the provider's fast path.</summary>
    private abstract class Bulk(DorixonaDbContext db)
    {
        protected DbConnection Connection { get; } = db.Database.GetDbConnection();

        public static Bulk For(DorixonaDbContext db, DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? new Postgres(db) : new Sqlite(db);

        public abstract Task WriteAsync(string table, string[] columns, List<object?[]> rows);

        public abstract Task FinishAsync(string[] identityTables);

        protected async Task OpenAsync()
        {
            if (Connection.State != System.Data.ConnectionState.Open) await Connection.OpenAsync();
        }

        protected async Task ExecuteAsync(string sql)
        {
            await OpenAsync();
            await using var cmd = Connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.CommandTimeout = 1200;
            await cmd.ExecuteNonQueryAsync();
        }

        private sealed class Postgres(DorixonaDbContext db) : Bulk(db)
        {
            public override async Task WriteAsync(string table, string[] columns, List<object?[]> rows)
            {
                await OpenAsync();
                // Binary COPY trusts the types it is given: a column must not mix them (int where bigint is expected breaks the stream).
                for (var c = 0; c < columns.Length; c++)
                {
                    var types = rows.Select(r => r[c]?.GetType()).Where(t => t is not null).Distinct().ToList();
                    if (types.Count > 1) throw new InvalidOperationException($"{table}.{columns[c]} mixes {string.Join(", ", types.Select(t => t!.Name))}");
                }
                var conn = (NpgsqlConnection)Connection;
                await using var importer = await conn.BeginBinaryImportAsync(
                    $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
                foreach (var row in rows)
                {
                    await importer.StartRowAsync();
                    foreach (var v in row)
                    {
                        switch (v)
                        {
                            case null: await importer.WriteNullAsync(); break;
                            case DateTime t: await importer.WriteAsync(DateTime.SpecifyKind(t, DateTimeKind.Utc), NpgsqlTypes.NpgsqlDbType.TimestampTz); break;
                            case string s: await importer.WriteAsync(s, NpgsqlTypes.NpgsqlDbType.Varchar); break;
                            case long l: await importer.WriteAsync(l, NpgsqlTypes.NpgsqlDbType.Bigint); break;
                            case int i: await importer.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer); break;
                            case bool b: await importer.WriteAsync(b, NpgsqlTypes.NpgsqlDbType.Boolean); break;
                            case Guid g: await importer.WriteAsync(g, NpgsqlTypes.NpgsqlDbType.Uuid); break;
                            default: throw new InvalidOperationException($"No COPY mapping for {v.GetType()}");
                        }
                    }
                }
                try
                {
                    await importer.CompleteAsync();
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"COPY into {table} failed: {e.MessageText}; first row: {string.Join(", ", rows.FirstOrDefault()?.Select(v => v?.GetType().Name ?? "null") ?? [])}", e);
                }
            }

            public override async Task FinishAsync(string[] identityTables)
            {
                foreach (var t in identityTables)
                    await ExecuteAsync($"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'Id'), COALESCE((SELECT MAX(\"Id\") FROM \"{t}\"), 0) + 1, false)");
                await ExecuteAsync("ANALYZE");
            }
        }

        private sealed class Sqlite(DorixonaDbContext db) : Bulk(db)
        {
            public override async Task WriteAsync(string table, string[] columns, List<object?[]> rows)
            {
                await OpenAsync();
                var conn = (SqliteConnection)Connection;
                await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync();
                await using var cmd = conn.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
                for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i });
                cmd.Prepare();
                foreach (var row in rows)
                {
                    for (var i = 0; i < row.Length; i++) cmd.Parameters[i].Value = Sql(row[i]);
                    await cmd.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
            }

            // As EF Core's SQLite provider writes them: DateTime text, Guid upper-case text, bool 0/1.
            private static object Sql(object? v) => v switch
            {
                null => DBNull.Value,
                DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                Guid g => g.ToString().ToUpperInvariant(),
                bool b => b ? 1 : 0,
                _ => v,
            };

            public override async Task FinishAsync(string[] identityTables) => await ExecuteAsync("ANALYZE");
        }
    }
}
