using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dorixona.Core.Dashboard;

/// <summary>
/// Keeps the ranges an admin opens first computed on this instance (decision XXXX): shortly after start-up, then every
/// <c>Dashboard:WarmEverySeconds</c> (300), so the first view after a start, a new day or a re-aggregation finds its past
/// part, today and the stock lists in memory. Each instance warms itself (the statistics job runs on one instance of a
/// cluster only). A failed round is logged and tried again at the next one.
/// </summary>
public sealed class DashboardWarmup(IServiceScopeFactory scopes, TimeSpan delay, TimeSpan every, ILogger<DashboardWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DashboardService>().WarmAsync(stoppingToken);
                    logger.LogInformation("Dashboard ranges warmed in {ElapsedMs} ms", watch.ElapsedMilliseconds);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Dashboard warm-up failed after {ElapsedMs} ms; tried again in {EverySeconds} s", watch.ElapsedMilliseconds, every.TotalSeconds);
                }
                await Task.Delay(every, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
