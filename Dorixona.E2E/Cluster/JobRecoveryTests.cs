using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Dorixona.E2E.Cluster;

/// <summary>A cluster of its own, since this test kills one of its instances.</summary>
[CollectionDefinition(Name)]
public sealed class JobRecoveryCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster, job recovery";
}

/// <summary>
/// Issue 17: with Quartz clustered on PostgreSQL, an instance that dies in the middle of a job leaves the job to another
/// instance (<c>RequestRecovery</c>), and the job's effect happens once per item all the same.
/// </summary>
[Collection(JobRecoveryCollection.Name)]
public sealed class JobRecoveryTests(ClusterFixture cluster)
{
    // One run of the payment-timeout job takes up to 200 orders: all of them fall to the run that is killed.
    private const int Orders = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task An_instance_killed_in_the_middle_of_the_payment_timeout_job_leaves_it_to_the_survivor_and_each_order_is_cancelled_once()
    {
        await using var db = new NpgsqlConnection(cluster.Database);
        await db.OpenAsync();
        var started = DateTime.UtcNow;

        // Enough stock on one product for every order, so none is refused.
        using var admin = ClusterFixture.Client(cluster.Proxy, "127.0.4.1");
        await admin.SignInAsync(ShopApi.Admin);
        var product = await admin.ProductIdAsync();
        var branch = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/branches")).EnumerateArray().First().GetProperty("id").GetInt32();
        using (var received = await admin.PostAsJsonAsync("/api/v1/admin/stock-adjustments", new { productId = product, branchId = branch, delta = Orders + 20, reason = "stock for the job recovery test" }))
            received.EnsureSuccessStatusCode();

        // Unpaid online orders, each held far from its deadline as soon as it is placed (the cluster's payment timeout is
        // 20 s and placing them all takes longer). Customers come from several addresses: 100 requests a minute each.
        var orders = new Dictionary<long, string>();
        for (var client = 0; orders.Count < Orders; client++)
        {
            using var customer = ClusterFixture.Client(cluster.Proxy, $"127.0.4.{10 + client}");
            await customer.SignInAsync(ShopApi.Customer);
            for (var i = 0; i < 40 && orders.Count < Orders; i++)
            {
                var (order, refusal) = await customer.TryPlaceOrderAsync(product, "click");
                Assert.True(order is not null, refusal);
                var id = order.Value.GetProperty("id").GetInt64();
                orders.Add(id, order.Value.GetProperty("number").GetString()!);
                await ExecuteAsync(db, """UPDATE "Orders" SET "PaymentDueAt" = @at WHERE "Id" = @id""", ("at", DateTime.UtcNow.AddDays(1)), ("id", id));
            }
        }
        var ids = orders.Keys.ToArray();
        var notificationsBefore = await NotificationsAsync(db, ids);
        var smsBefore = await SmsAsync(db, orders, started);

        // All due at once: the next run of the job, on whichever instance, takes all of them.
        await ExecuteAsync(db, """UPDATE "Orders" SET "PaymentDueAt" = @at WHERE "Id" = ANY(@ids)""", ("at", DateTime.UtcNow.AddSeconds(-1)), ("ids", ids));

        // Kill the instance running it once it has cancelled some and not all.
        int? doomedPid = null;
        var until = DateTime.UtcNow + Patience;
        while (doomedPid is null && DateTime.UtcNow < until)
        {
            var running = await RunningOnAsync(db);
            if (running is not null && await CancelledAsync(db, ids) > 0) doomedPid = running;
            else await Task.Delay(20);
        }
        Assert.True(doomedPid is not null, "no instance was seen running the payment-timeout job");
        var doomed = cluster.Instances.Single(i => cluster.InstancePid(i) == doomedPid);
        var survivor = cluster.Instances.Single(i => i != doomed);
        using (var process = Process.GetProcessById(doomedPid.Value))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        var cancelledAtKill = await CancelledAsync(db, ids);
        Assert.InRange(cancelledAtKill, 1, Orders - 1); // the job was cut off in the middle

        // The survivor takes the job over (after the dead instance misses its check-ins) and cancels the rest.
        var cancelled = cancelledAtKill;
        while (cancelled < Orders && DateTime.UtcNow < until)
        {
            await Task.Delay(500);
            cancelled = await CancelledAsync(db, ids);
        }
        Assert.Equal(Orders, cancelled);
        Assert.True(await SurvivorLoggedRecoveryAsync(survivor, until), "the survivor's log does not show Quartz's recovery of the killed run");

        // Once each: one history row, the stock back once, one notification and one SMS more per order.
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM "Orders" o WHERE o."Id" = ANY(@ids) AND (
                (SELECT count(*) FROM "OrderHistory" h WHERE h."OrderId" = o."Id" AND h."ToStatus" = 'Cancelled') <> 1
             OR (SELECT count(*) FROM "StockLedger" s WHERE s."OrderId" = o."Id" AND s."Reason" = 'order-returned') <> 1
             OR (SELECT COALESCE(SUM(s."Delta"), 0) FROM "StockLedger" s WHERE s."OrderId" = o."Id") <> 0)
            """, ("ids", ids)));
        var notificationsAfter = await NotificationsAsync(db, ids);
        Assert.All(ids, id => Assert.Equal(notificationsBefore.GetValueOrDefault(id) + 1, notificationsAfter.GetValueOrDefault(id)));
        // The outbox may still be sending; what counts is how many SMS were written per order.
        var smsAfter = await SmsAsync(db, orders, started);
        Assert.All(ids, id => Assert.Equal(smsBefore[id] + 1, smsAfter[id]));
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM "BranchStock" b
            WHERE b."Quantity" <> COALESCE((SELECT SUM(l."Delta") FROM "StockLedger" l WHERE l."BranchId" = b."BranchId" AND l."ProductId" = b."ProductId"), 0)
            """));
    }

    /// <summary>The pid of the instance running the payment-timeout job now (its Quartz id names it), or null.</summary>
    private static async Task<int?> RunningOnAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand(
            "SELECT instance_name FROM qrtz_fired_triggers WHERE job_name = 'order-payment-timeout' AND state = 'EXECUTING' LIMIT 1", db);
        return await command.ExecuteScalarAsync() is string instance && Regex.Match(instance, @"-(\d+)-\d+$") is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    private async Task<bool> SurvivorLoggedRecoveryAsync(string survivor, DateTime until)
    {
        var index = cluster.Instances.ToList().IndexOf(survivor) + 1;
        var logs = Path.Combine(cluster.Directory, "logs", $"app{index}");
        while (DateTime.UtcNow < until)
        {
            foreach (var file in Directory.EnumerateFiles(logs, "dorixona-*.log"))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                if ((await reader.ReadToEndAsync()).Contains("Recovering the payment-timeout run", StringComparison.Ordinal)) return true;
            }
            await Task.Delay(500);
        }
        return false;
    }

    private static async Task<int> CancelledAsync(NpgsqlConnection db, long[] ids) =>
        (int)await ScalarAsync(db, """SELECT count(*) FROM "Orders" WHERE "Id" = ANY(@ids) AND "Status" = 'Cancelled'""", ("ids", ids));

    private static async Task<Dictionary<long, long>> NotificationsAsync(NpgsqlConnection db, long[] ids)
    {
        var links = ids.ToDictionary(id => $"/orders/{id}", id => id);
        await using var command = new NpgsqlCommand("""SELECT "Link", count(*) FROM "Notifications" WHERE "Link" = ANY(@links) GROUP BY "Link" """, db);
        command.Parameters.AddWithValue("links", links.Keys.ToArray());
        var counts = new Dictionary<long, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[links[reader.GetString(0)]] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>SMS written since the test began, per order, by the order's number in the text.</summary>
    private static async Task<Dictionary<long, int>> SmsAsync(NpgsqlConnection db, Dictionary<long, string> orders, DateTime since)
    {
        var bodies = new List<string>();
        await using (var command = new NpgsqlCommand("""SELECT "Body" FROM "OutboxMessages" WHERE "CreatedAt" >= @since""", db))
        {
            command.Parameters.AddWithValue("since", since.AddMinutes(-1));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) bodies.Add(reader.GetString(0));
        }
        return orders.ToDictionary(o => o.Key, o =>
        {
            var number = new Regex($@"(?<![\w-]){Regex.Escape(o.Value)}(?!\d)");
            return bodies.Count(b => number.IsMatch(b));
        });
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
