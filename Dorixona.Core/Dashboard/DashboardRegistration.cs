using Dorixona.Core.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.Dashboard;

public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton<AggregationGate>();
        services.AddSingleton<LiveToday>();
        services.AddScoped<DailyAggregator>();
        services.AddScoped<DashboardService>();
        services.AddScoped<OrdersReport>();
        services.AddScoped<IOrderTransitionHook, StatisticsOrderHook>();
        services.AddScoped<DemoOrders>();
        // Warm-up of the first-opened ranges: on by default where the scheduled jobs run (tests and benches turn jobs off).
        if (configuration.GetValue("Dashboard:Warm", configuration.GetValue("Jobs:Enabled", true)))
            services.AddHostedService(sp => new DashboardWarmup(sp.GetRequiredService<IServiceScopeFactory>(),
                TimeSpan.FromSeconds(configuration.GetValue("Dashboard:WarmDelaySeconds", 2.0)),
                TimeSpan.FromSeconds(configuration.GetValue("Dashboard:WarmEverySeconds", 300.0)),
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<DashboardWarmup>>()));
        return services;
    }
}

/// <summary>
/// Inside every order transition: an order placed on a past day that moves (paid, cancelled, refunded, delivered) marks that
/// day for re-aggregation, in the same transaction as the move.
/// </summary>
public sealed class StatisticsOrderHook(DailyAggregator aggregator) : IOrderTransitionHook
{
    public Task OnTransitionAsync(OrderTransition transition, CancellationToken ct) => aggregator.MarkOrderDayDirtyAsync(transition.OrderId, ct);
}

/// <summary>Backfills missing past days and re-aggregates dirty ones (scheduled in the web host's JobSchedules).</summary>
[Quartz.DisallowConcurrentExecution]
public sealed class DailyStatisticsJob(DailyAggregator aggregator) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("daily-statistics", "dashboard");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await aggregator.CatchUpAsync(cancellationToken);
}
