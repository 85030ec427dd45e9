using Dorixona.Core.Common;
using Dorixona.Core.Delivery;
using Dorixona.Core.Notifications;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Quartz;

namespace Dorixona.Web.Jobs;

/// <summary>Every time-driven job and its schedule, in one place. <c>Jobs:Enabled=false</c> keeps the scheduler idle.</summary>
public static class JobSchedules
{
    public static IServiceCollection AddDorixonaJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue("Jobs:Enabled", true);
        var outboxInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:OutboxIntervalSeconds", 5));
        var clustered = configuration.GetValue("Quartz:Clustered", false);
        services.AddQuartz(q =>
        {
            // Several instances share one schedule in PostgreSQL: each trigger fires on exactly one of them, and the jobs of an
            // instance that stops checking in are recovered by another. The tables are created on first start if missing.
            if (clustered)
            {
                var connectionString = ClusteredStoreConnection(configuration);
                // One name for the whole cluster; an id per instance that names its host and process (and its start, so a
                // restarted process never takes a dead one's id), so an operator can tell which instance runs a job.
                var instanceId = FormattableString.Invariant($"{Environment.MachineName}-{Environment.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmssfff}");
                q.ConfigureScheduler(o => { o.InstanceName = "dorixona"; o.InstanceId = instanceId; });
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(Npgsql.NpgsqlFactory.Instance, connectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(configuration.GetValue("Quartz:CheckinIntervalSeconds", 5));
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(configuration.GetValue("Quartz:CheckinMisfireSeconds", 15));
                    });
                    store.ProvisionSchema();
                });
            }
            // The outbox is in the database, so a missed run is simply caught up by the next one.
            q.AddJob<OutboxDispatchJob>(j => j.WithIdentity(OutboxDispatchJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(OutboxDispatchJob.Key).WithIdentity("outbox-dispatch-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(outboxInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            // Unpaid online orders: every minute. The deadline is stored on the order, so nothing is lost across restarts.
            var timeoutInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:OrderTimeoutIntervalSeconds", 60));
            q.AddJob<OrderPaymentTimeoutJob>(j => j.WithIdentity(OrderPaymentTimeoutJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(OrderPaymentTimeoutJob.Key).WithIdentity("order-payment-timeout-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(timeoutInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            // Payme transactions left in state 1: every 5 minutes, cancelled with reason 4 after 12 hours.
            q.AddJob<Dorixona.Core.Payments.PaymeTimeoutJob>(j => j.WithIdentity(Dorixona.Core.Payments.PaymeTimeoutJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(Dorixona.Core.Payments.PaymeTimeoutJob.Key).WithIdentity("payme-timeout-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // Approved prescriptions past their date: every 10 minutes; the date is on the row, so a missed run loses nothing.
            var expiryInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:PrescriptionExpiryIntervalSeconds", 600));
            q.AddJob<PrescriptionExpiryJob>(j => j.WithIdentity(PrescriptionExpiryJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(PrescriptionExpiryJob.Key).WithIdentity("prescription-expiry-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(expiryInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // Back-in-stock alerts: every minute, each customer told once (the alert is deleted with the notification written).
            var alertInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:StockAlertIntervalSeconds", 60));
            q.AddJob<Dorixona.Core.Catalog.StockAlertJob>(j => j.WithIdentity(Dorixona.Core.Catalog.StockAlertJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(Dorixona.Core.Catalog.StockAlertJob.Key).WithIdentity("stock-alerts-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(alertInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // Refill reminders: due on a Tashkent day, told on the first run that day; the due date on the row is the claim.
            var reminderInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:ReminderIntervalSeconds", 300));
            q.AddJob<Dorixona.Core.Reminders.RefillReminderJob>(j => j.WithIdentity(Dorixona.Core.Reminders.RefillReminderJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(Dorixona.Core.Reminders.RefillReminderJob.Key).WithIdentity("refill-reminders-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(reminderInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // Admin broadcasts: one batch (Broadcasts:BatchSize customers) every few seconds; who was reached is in the database.
            var broadcastInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:BroadcastIntervalSeconds", 10));
            q.AddJob<BroadcastJob>(j => j.WithIdentity(BroadcastJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(BroadcastJob.Key).WithIdentity("broadcasts-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(broadcastInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // Couriers' positions are kept 30 days for the delivery only: purge nightly at 03:30 Tashkent time.
            q.AddJob<DeliveryPositionPurgeJob>(j => j.WithIdentity(DeliveryPositionPurgeJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(DeliveryPositionPurgeJob.Key).WithIdentity("delivery-position-purge-nightly")
                .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(Tashkent.Zone)));
            // Dashboard statistics: at start-up (backfills every missing past day), then every 15 minutes (yesterday once the
            // Tashkent day is over, and days whose orders changed). Reads re-aggregate a dirty day themselves, so this only saves them the work.
            var statsInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:StatisticsIntervalSeconds", 900));
            q.AddJob<Dorixona.Core.Dashboard.DailyStatisticsJob>(j => j.WithIdentity(Dorixona.Core.Dashboard.DailyStatisticsJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(Dorixona.Core.Dashboard.DailyStatisticsJob.Key).WithIdentity("daily-statistics-every").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(statsInterval).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        if (enabled)
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static string ClusteredStoreConnection(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"];
        if (!string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Quartz:Clustered=true needs Database:Provider=Postgres (it is '{provider}').");
        return configuration.GetConnectionString("Dorixona")
            ?? throw new InvalidOperationException("Quartz:Clustered=true needs ConnectionStrings:Dorixona.");
    }
}
