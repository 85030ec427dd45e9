using System.Diagnostics;
using System.Net;
using Dorixona.E2E.Infrastructure;
using Npgsql;

namespace Dorixona.E2E.Cluster;

/// <summary>A cluster of its own, since this test kills one of its instances.</summary>
[CollectionDefinition(Name)]
public sealed class InstanceLossCollection : ICollectionFixture<ClusterFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Cluster, instance loss";
}

[Collection(InstanceLossCollection.Name)]
public sealed class InstanceLossTests(ClusterFixture cluster, BrowserFixture browser)
{
    private const int Customers = 4;

    [Fact]
    public async Task Killing_an_instance_under_load_loses_no_order_and_moves_its_circuits_to_the_survivor()
    {
        // The operator's board: its circuit lives on one instance, the one about to die.
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = cluster.Proxy, ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await ClusterPages.OpenOperatorBoardAsync(page);
        var doomed = await ClusterPages.CircuitInstanceAsync(context, cluster);
        var survivor = cluster.Instances.Single(i => i != doomed);

        // Customers order through the proxy, each from an address of its own (the rate limit is per client).
        var outcomes = new List<Outcome>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Customers).Select(i => Task.Run(() => OrderInALoopAsync($"127.0.1.{i + 1}", outcomes, stop.Token))).ToList();
        // Kill once orders flow, then keep ordering until orders flow again (or long enough to say they don't).
        await PlacedAsync(outcomes, after: DateTime.MinValue, count: Customers);
        var killedAt = DateTime.UtcNow;
        _killed = true;
        Process.GetProcessById(cluster.InstancePid(doomed)).Kill();
        // Each customer ends after its orders following the kill.
        await Task.WhenAny(Task.WhenAll(load), Task.Delay(TimeSpan.FromMinutes(3)));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        List<Outcome> all;
        lock (outcomes) all = [.. outcomes];
        Assert.Contains(all, o => o.Placed && o.At < killedAt);
        Assert.True(all.Count(o => o.Placed && o.At > killedAt) >= Customers, "orders stopped after the kill: " + string.Join(", ", all.Select(o => $"{o.At:HH:mm:ss} {o.What}")));
        // Only the requests in flight on the dying instance may fail: at most one per customer.
        var failed = all.Where(o => o.Failed).ToList();
        Assert.True(failed.Count <= Customers, $"{failed.Count} requests failed: {string.Join(", ", failed.Select(f => f.What))}");

        await using var db = new NpgsqlConnection(cluster.Database);
        await db.OpenAsync();
        // No order is half-written: each has its lines, its history and the stock it took.
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM "Orders" o
            WHERE NOT EXISTS (SELECT 1 FROM "OrderLines" l WHERE l."OrderId" = o."Id")
               OR NOT EXISTS (SELECT 1 FROM "OrderHistory" h WHERE h."OrderId" = o."Id")
               OR NOT EXISTS (SELECT 1 FROM "StockLedger" s WHERE s."OrderId" = o."Id" AND s."Reason" = 'order-placed')
            """));
        // Every shelf equals its ledger.
        Assert.Equal(0L, await ScalarAsync(db, """
            SELECT count(*) FROM "BranchStock" b
            WHERE b."Quantity" <> COALESCE((SELECT SUM(l."Delta") FROM "StockLedger" l WHERE l."BranchId" = b."BranchId" AND l."ProductId" = b."ProductId"), 0)
            """));
        // Every order the customers were told about exists.
        var told = all.Where(o => o.Placed).Select(o => o.OrderId).ToList();
        Assert.Equal((long)told.Count, await ScalarAsync(db, $"""SELECT count(*) FROM "Orders" WHERE "Id" IN ({string.Join(",", told)})"""));

        // The board lost its server; it comes back by itself on the survivor and is live there. (Until the page notices the
        // loss it still says it is live, so wait for the proxy to have moved its circuit to the survivor as well.)
        var moved = false;
        for (var waited = 0; waited < 90 && !moved; waited++)
        {
            moved = await ClusterPages.CircuitInstanceAsync(context, cluster) == survivor
                && await page.Locator("[data-circuit='on']").CountAsync() > 0;
            if (!moved) await Task.Delay(1_000);
        }
        Assert.True(moved, "the board did not come back live on the surviving instance");
        using var customer = ClusterFixture.Client(survivor, "127.0.1.100");
        await customer.SignInAsync(ShopApi.Customer);
        var order = (await customer.PlaceOrderAsync(await customer.ProductIdAsync()))!.Value;
        try
        {
            await Expect(page.GetByText(order.GetProperty("number").GetString()!).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (PlaywrightException)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(cluster.Directory, "..", "cluster-board-after-loss.png") });
            throw;
        }

        // The jobs went on without the dead instance: the survivor alone cancels an unpaid order at its deadline.
        var unpaid = (await customer.PlaceOrderAsync(await customer.ProductIdAsync(), "click"))!.Value.GetProperty("id").GetInt64();
        string? status = null;
        for (var waited = TimeSpan.Zero; waited < ClusterFixture.PaymentTimeout + TimeSpan.FromSeconds(90) && status != "cancelled"; waited += TimeSpan.FromSeconds(1))
        {
            await Task.Delay(1_000);
            status = (await customer.OrderAsync(unpaid)).GetProperty("status").GetString();
        }
        Assert.Equal("cancelled", status);
    }

    private static async Task PlacedAsync(List<Outcome> outcomes, DateTime after, int count)
    {
        for (var waited = 0; waited < 120; waited++)
        {
            lock (outcomes)
                if (outcomes.Count(o => o.Placed && o.At > after) >= count) return;
            await Task.Delay(1_000);
        }
    }

    // Each customer places a couple of orders before the kill and a couple after, so that all of them (and the one placed
    // at the end) fit on the board's first page of 20.
    private const int OrdersPerPhase = 2;
    private volatile bool _killed;

    private sealed record Outcome(DateTime At, bool Placed, bool Failed, long OrderId, string What);

    private async Task OrderInALoopAsync(string source, List<Outcome> outcomes, CancellationToken stop)
    {
        using var client = ClusterFixture.Client(cluster.Proxy, source);
        await client.SignInAsync(ShopApi.Customer);
        var products = await client.ProductsOnSaleAsync();
        var next = source.GetHashCode() & 0xffff;
        var (before, after) = (0, 0);
        while (!stop.IsCancellationRequested && after < OrdersPerPhase)
        {
            if (before >= OrdersPerPhase && !_killed)
            {
                await Task.Delay(200, CancellationToken.None);
                continue;
            }
            Outcome outcome;
            try
            {
                var (order, refusal) = await client.TryPlaceOrderAsync(products[next++ % products.Count]);
                outcome = order is { } o ? new(DateTime.UtcNow, true, false, o.GetProperty("id").GetInt64(), "placed")
                    : new(DateTime.UtcNow, false, false, 0, refusal[..Math.Min(200, refusal.Length)]);
            }
            catch (HttpRequestException e)
            {
                outcome = new(DateTime.UtcNow, false, true, 0, e.Message);
            }
            lock (outcomes) outcomes.Add(outcome);
            if (outcome.Placed && _killed) after++;
            else if (outcome.Placed) before++;
            // About one order a second per customer keeps each well inside its 100 requests a minute.
            await Task.Delay(500, CancellationToken.None);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
