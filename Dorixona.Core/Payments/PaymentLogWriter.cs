using Dorixona.Core.Common;
using Dorixona.Core.Data;

namespace Dorixona.Core.Payments;

/// <summary>
/// Appends provider messages to <see cref="PaymentLog"/> through its own operation (scope and DbContext), so a log row is written
/// whatever happened to the caller's transaction. Callers pass bodies already stripped of secrets.
/// </summary>
public sealed class PaymentLogWriter(Operation<DorixonaDbContext> operation, TimeProvider clock)
{
    public const int MaxBody = 4000;

    public Task WriteAsync(PaymentProvider provider, string direction, string method, string request, string response, int resultCode,
        long? paymentId, long? orderId, TimeSpan duration, CancellationToken ct = default) =>
        operation.RunAsync(async db =>
        {
            db.PaymentLogs.Add(new PaymentLog
            {
                Provider = provider, Direction = direction, Method = Cut(method, 64), Request = Cut(request, MaxBody), Response = Cut(response, MaxBody),
                ResultCode = resultCode, PaymentId = paymentId, OrderId = orderId, DurationMs = (int)Math.Min(int.MaxValue, duration.TotalMilliseconds),
                At = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(CancellationToken.None); // an audit row is written even when the caller has given up
        });

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
