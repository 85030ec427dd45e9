using Dorixona.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Core.Payments;

/// <summary>Payme transactions left in state 1 for 12 hours are cancelled with reason 4 (Payme asks Check/Cancel later and gets that).</summary>
public sealed class PaymeTimeout(DorixonaDbContext db, PaymentService payments, TimeProvider clock)
{
    public async Task<int> CancelStaleAsync(CancellationToken ct = default)
    {
        var now = PaymentTime.Now(clock);
        var cutoff = now.AddMilliseconds(-Payme.PaymeMerchant.Timeout12HoursMs);
        var stale = await db.Payments.AsNoTracking()
            .Where(p => p.Provider == PaymentProvider.Payme && p.State == PaymentState.Processing && p.ProcessingAt < cutoff)
            .OrderBy(p => p.ProcessingAt).Select(p => p.Id).Take(200).ToListAsync(ct);
        var cancelled = 0;
        foreach (var id in stale)
            if (await payments.EndLiveAsync(id, PaymentState.Cancelled, 4, "Payme 12-hour timeout", now, ct)) cancelled++;
        return cancelled;
    }
}

[Quartz.DisallowConcurrentExecution]
public sealed class PaymeTimeoutJob(PaymeTimeout timeout) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("payme-transaction-timeout", "payments");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await timeout.CancelStaleAsync(cancellationToken);
}
