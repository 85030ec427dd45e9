using Quartz;

namespace Dorixona.Core.Notifications;

/// <summary>Runs the outbox every few seconds (schedule in the web host's JobSchedules).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("outbox-dispatch", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.DispatchDueAsync(cancellationToken);
}
