using Dorixona.Core.Common;
using System.Diagnostics;
using System.Globalization;
using Dorixona.Core;
using Dorixona.Core.Dashboard;
using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dorixona.Bench;

/// <summary>
/// The dashboard in-process (DashboardService.GetAsync, what the API calls, without HTTP and JSON), for a 30-day and a 365-day
/// range ending today: cold with no aggregates (this read builds them), cold with the aggregates built (new services, empty cache),
/// and warm (the same services again, N times). Then the Quartz job's full backfill from empty tables. With <c>cold: false</c> the
/// aggregates are taken as the database holds them (built by an earlier run): no clearing, no no-aggregates read, no backfill.
/// </summary>
internal static class DashboardTiming
{
    public static async Task RunAsync(IConfiguration config, int iterations, bool cold = true)
    {
        Console.WriteLine($"Orders in the database: {await WithAsync(config, db => db.Orders.CountAsync())}");
        foreach (var days in new[] { 30, 365 })
        {
            double? noAggregates = null;
            if (cold)
            {
                await ClearAsync(config);
                noAggregates = await TimeOnceAsync(config, days);
            }
            var built = await TimeOnceAsync(config, days);
            var (warmUp, afterWarmUp) = await TimeAfterWarmUpAsync(config, days);
            await using var provider = Build(config);
            await GetAsync(provider, days);
            var warm = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                var w = Stopwatch.StartNew();
                await GetAsync(provider, days);
                warm.Add(w.Elapsed.TotalMilliseconds);
            }
            warm.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{days} days: cold, no aggregates (this read builds {days - 1} days): {(noAggregates is { } n ? n.ToString("0", CultureInfo.InvariantCulture) + " ms" : "not run")}; cold cache, aggregates built: {built:0} ms; " +
                $"after the start-up warm-up ({warmUp:0} ms): {afterWarmUp:0.0} ms; " +
                $"warm ×{iterations}: median {warm[warm.Count / 2]:0.0} ms, p95 {warm[(int)(warm.Count * 0.95)]:0.0} ms, max {warm[^1]:0.0} ms"));
        }
        if (!cold) return;
        await ClearAsync(config);
        await using (var provider = Build(config))
        {
            await using var scope = provider.CreateAsyncScope();
            var w = Stopwatch.StartNew();
            var written = await scope.ServiceProvider.GetRequiredService<DailyAggregator>().CatchUpAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Job backfill from empty: {written} days in {w.Elapsed.TotalSeconds:0.0} s"));
        }
    }

    private static async Task<double> TimeOnceAsync(IConfiguration config, int days)
    {
        await using var provider = Build(config);
        var w = Stopwatch.StartNew();
        await GetAsync(provider, days);
        return w.Elapsed.TotalMilliseconds;
    }

    /// <summary>What an admin meets after a start once the per-instance warm-up (DashboardWarmup) has run its first round.</summary>
    private static async Task<(double WarmUp, double FirstView)> TimeAfterWarmUpAsync(IConfiguration config, int days)
    {
        await using var provider = Build(config);
        var w = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DashboardService>().WarmAsync();
        var warmUp = w.Elapsed.TotalMilliseconds;
        w.Restart();
        await GetAsync(provider, days);
        return (warmUp, w.Elapsed.TotalMilliseconds);
    }

    private static async Task<DashboardReport> GetAsync(IServiceProvider provider, int days)
    {
        await using var scope = provider.CreateAsyncScope();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var today = Tashkent.Today(clock);
        return await scope.ServiceProvider.GetRequiredService<DashboardService>().GetAsync(new DashboardRange(today.AddDays(1 - days), today));
    }

    private static Task<int> ClearAsync(IConfiguration config) => WithAsync(config, async db =>
    {
        await db.StatsDays.ExecuteDeleteAsync();
        await db.StatsOrderStatuses.ExecuteDeleteAsync();
        await db.StatsPaymentMethods.ExecuteDeleteAsync();
        await db.StatsProducts.ExecuteDeleteAsync();
        await db.StatsCategories.ExecuteDeleteAsync();
        await db.StatsCouriers.ExecuteDeleteAsync();
        await db.StatsReviewTimes.ExecuteDeleteAsync();
        await db.StatsDirtyDays.ExecuteDeleteAsync();
        // Every payment is history here: nothing to sweep.
        var max = await db.Payments.MaxAsync(p => (long?)p.Id) ?? 0;
        await db.StatsState.ExecuteUpdateAsync(s => s.SetProperty(x => x.PaymentWatermark, max));
        return 0;
    });

    private static async Task<T> WithAsync<T>(IConfiguration config, Func<DorixonaDbContext, Task<T>> action)
    {
        await using var provider = Build(config);
        await using var scope = provider.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DorixonaDbContext>());
    }

    public static ServiceProvider Build(IConfiguration config)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddDorixonaCore(config, Directory.GetCurrentDirectory());
        return services.BuildServiceProvider();
    }
}
