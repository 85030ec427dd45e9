using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Payments.Click;

/// <summary>Click's MD5 <c>sign_string</c> over the values exactly as received (payments.md §2.3).</summary>
public static class ClickSign
{
    public static string Prepare(string clickTransId, string serviceId, string secretKey, string merchantTransId, string amount, string action, string signTime) =>
        Md5(clickTransId + serviceId + secretKey + merchantTransId + amount + action + signTime);

    public static string Complete(string clickTransId, string serviceId, string secretKey, string merchantTransId, string merchantPrepareId, string amount,
        string action, string signTime) =>
        Md5(clickTransId + serviceId + secretKey + merchantTransId + merchantPrepareId + amount + action + signTime);

    // MD5 is Click's protocol, not our choice.
#pragma warning disable CA5351
    public static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
#pragma warning restore CA5351
}

/// <summary>
/// Click's SHOP API (payments.md §2): Prepare reserves the order's payment, Complete pays it (or, with <c>error &lt; 0</c>,
/// cancels it). Checks run in CLICK-PHP's order: -8 fields, -1 sign (and -1 for a stale sign_time), -3 action, -5 order, -6 prepare id, -4 paid,
/// -2 amount, -9 cancelled. Every call is written to the payment log without the secret.
/// </summary>
public sealed class ClickShop(
    DorixonaDbContext db, PaymentService payments, PaymentEvents events, PaymentLogWriter log, IOptions<PaymentsOptions> options, TimeProvider clock,
    ILogger<ClickShop> logger)
{
    public const int MaxBody = 16 * 1024;

    private static readonly string[] Required = ["click_trans_id", "service_id", "merchant_trans_id", "amount", "action", "sign_time", "sign_string"];

    public static readonly IReadOnlyDictionary<int, string> Notes = new Dictionary<int, string>
    {
        [0] = "Success", [-1] = "SIGN CHECK FAILED!", [-2] = "Incorrect parameter amount", [-3] = "Action not found", [-4] = "Already paid",
        [-5] = "User does not exist", [-6] = "Transaction does not exist", [-7] = "Failed to update user", [-8] = "Error in request from click",
        [-9] = "Transaction cancelled",
    };

    /// <summary>Prepare (<paramref name="complete"/> false) or Complete. <paramref name="form"/> is null when the body could not be read as a form.</summary>
    public async Task<string> HandleAsync(bool complete, IReadOnlyDictionary<string, string>? form, string rawForLog, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        var f = form ?? new Dictionary<string, string>();
        var call = new Call(f);
        int code;
        try
        {
            code = complete ? await CompleteAsync(f, call, ct) : await PrepareAsync(f, call, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Click {Method} failed", complete ? "Complete" : "Prepare");
            db.ChangeTracker.Clear();
            code = -7;
        }
        var answer = new JsonObject
        {
            ["click_trans_id"] = call.ClickTransId,
            ["merchant_trans_id"] = f.GetValueOrDefault("merchant_trans_id"),
        };
        answer[complete ? "merchant_confirm_id" : "merchant_prepare_id"] = code == 0 || (complete && code == -4) ? call.PaymentId : null;
        answer["error"] = code;
        answer["error_note"] = Notes[code];
        var json = answer.ToJsonString();
        await log.WriteAsync(PaymentProvider.Click, "in", complete ? "Complete" : "Prepare", rawForLog, json, code, call.PaymentId, call.OrderId,
            Stopwatch.GetElapsedTime(started), CancellationToken.None);
        return json;
    }

    private async Task<int> PrepareAsync(IReadOnlyDictionary<string, string> f, Call call, CancellationToken ct)
    {
        if (Missing(f, false) || !Parse(f, call)) return -8;
        var o = options.Value.Click;
        if (!SignOk(f["sign_string"], ClickSign.Prepare(f["click_trans_id"], f["service_id"], o.SecretKey, f["merchant_trans_id"], f["amount"], f["action"], f["sign_time"])))
            return -1;
        if (!Fresh(call.SignTime, o)) return -1;
        if (f["service_id"] != o.ServiceId) return -8;
        if (call.Action != 0) return -3;
        if (await OrderAsync(f, call, ct) is not { } order) return -5;

        var existing = await FindByClickIdAsync(f["click_trans_id"], ct);
        if (existing is not null)
        {
            call.PaymentId = existing.Id;
            return existing.State switch
            {
                PaymentState.Succeeded or PaymentState.Refunded => -4,
                PaymentState.Processing => call.Amount != existing.Amount ? -2 : 0,
                _ => -9,
            };
        }
        if (await db.Payments.AnyAsync(p => p.OrderId == order.Id && p.State == PaymentState.Succeeded && p.Provider != PaymentProvider.Cash, ct)) return -4;
        if (order.Status == OrderStatus.Cancelled) return -9;
        if (call.Amount != order.Total) return -2;
        if (order.Status != OrderStatus.AwaitingPayment) return -5;

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var live = await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.LiveOrderId == order.Id, ct);
            if (live is { State: PaymentState.Processing, Provider: PaymentProvider.Payme }) return -5; // a Payme transaction holds the order
            var now = PaymentTime.Now(clock);
            try
            {
                if (live is { State: PaymentState.Pending, Provider: PaymentProvider.Click })
                {
                    var attached = await db.Payments.Where(p => p.Id == live.Id && p.State == PaymentState.Pending)
                        .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PaymentState.Processing).SetProperty(p => p.ProviderTransactionId, f["click_trans_id"])
                            .SetProperty(p => p.ProviderAccount, f["merchant_trans_id"]).SetProperty(p => p.ProviderReference, f.GetValueOrDefault("click_paydoc_id"))
                            .SetProperty(p => p.ProcessingAt, now).SetProperty(p => p.UpdatedAt, now), ct);
                    if (attached == 0) continue;
                    call.PaymentId = live.Id;
                }
                else
                {
                    // A pending link of the other provider, or an earlier Click attempt that never completed, gives way.
                    if (live is not null) await payments.EndLiveAsync(live.Id, PaymentState.Cancelled, null, "superseded by a new Click attempt", now, ct);
                    var payment = new Payment
                    {
                        OrderId = order.Id, Provider = PaymentProvider.Click, Amount = order.Total, State = PaymentState.Processing, LiveOrderId = order.Id,
                        ProviderTransactionId = f["click_trans_id"], ProviderAccount = f["merchant_trans_id"],
                        ProviderReference = f.GetValueOrDefault("click_paydoc_id"), ProcessingAt = now, CreatedAt = now, UpdatedAt = now,
                    };
                    db.Payments.Add(payment);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    call.PaymentId = payment.Id;
                }
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // the same Prepare arrived twice at once: the other one answers from the row it made
                var raced = await FindByClickIdAsync(f["click_trans_id"], ct);
                if (raced is { State: PaymentState.Processing })
                {
                    call.PaymentId = raced.Id;
                    return 0;
                }
                continue;
            }
            await events.ChangedAsync(order.Id, ct);
            await db.SaveChangesAsync(ct);
            return 0;
        }
        return -7;
    }

    private async Task<int> CompleteAsync(IReadOnlyDictionary<string, string> f, Call call, CancellationToken ct)
    {
        if (Missing(f, true) || !Parse(f, call) || !long.TryParse(f["merchant_prepare_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var prepareId)) return -8;
        var o = options.Value.Click;
        if (!SignOk(f["sign_string"], ClickSign.Complete(f["click_trans_id"], f["service_id"], o.SecretKey, f["merchant_trans_id"], f["merchant_prepare_id"],
                f["amount"], f["action"], f["sign_time"])))
            return -1;
        if (!Fresh(call.SignTime, o)) return -1;
        if (f["service_id"] != o.ServiceId) return -8;
        if (call.Action != 1) return -3;
        if (await OrderAsync(f, call, ct) is not { } order) return -5;
        var payment = await db.Payments.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == prepareId && p.OrderId == order.Id && p.Provider == PaymentProvider.Click, ct);
        if (payment is null) return -6;
        call.PaymentId = payment.Id;
        if (payment.State is PaymentState.Succeeded or PaymentState.Refunded) return -4;
        var now = PaymentTime.Now(clock);
        if (call.ClickError < 0)
        {
            await payments.EndLiveAsync(payment.Id, PaymentState.Failed, null, $"Click error {call.ClickError}: {Cut(f.GetValueOrDefault("error_note"))}", now, ct);
            var after = await db.Payments.AsNoTracking().Where(p => p.Id == payment.Id).Select(p => p.State).SingleAsync(ct);
            return after is PaymentState.Succeeded or PaymentState.Refunded ? -4 : -9;
        }
        if (call.Amount != payment.Amount) return -2;
        if (payment.State != PaymentState.Processing) return -9;
        if (await payments.PerformAsync(payment.Id, order.Id, $"Click {f["click_trans_id"]}", now, ct)) return 0;
        var state = await db.Payments.AsNoTracking().Where(p => p.Id == payment.Id).Select(p => p.State).SingleAsync(ct);
        return state switch
        {
            PaymentState.Succeeded or PaymentState.Refunded => -4, // a simultaneous Complete paid it
            PaymentState.Processing => -7,
            _ => -9,
        };
    }

    private async Task<(long Id, long Total, OrderStatus Status)?> OrderAsync(IReadOnlyDictionary<string, string> f, Call call, CancellationToken ct)
    {
        if (!long.TryParse(f["merchant_trans_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var orderId)) return null;
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => new { o.Id, o.Total, o.Status }).SingleOrDefaultAsync(ct);
        if (order is null) return null;
        call.OrderId = order.Id;
        return (order.Id, order.Total, order.Status);
    }

    private Task<Payment?> FindByClickIdAsync(string clickTransId, CancellationToken ct) =>
        db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.Provider == PaymentProvider.Click && p.ProviderTransactionId == clickTransId, ct);

    private static bool Missing(IReadOnlyDictionary<string, string> f, bool complete) =>
        Required.Any(k => string.IsNullOrEmpty(f.GetValueOrDefault(k))) || (complete && string.IsNullOrEmpty(f.GetValueOrDefault("merchant_prepare_id")));

    private static bool Parse(IReadOnlyDictionary<string, string> f, Call call)
    {
        if (!long.TryParse(f["click_trans_id"], NumberStyles.None, CultureInfo.InvariantCulture, out var clickId)) return false;
        call.ClickTransId = clickId;
        if (!int.TryParse(f["action"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var action)) return false;
        call.Action = action;
        var error = 0;
        if (f.GetValueOrDefault("error") is { Length: > 0 } e && !int.TryParse(e, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out error)) return false;
        call.ClickError = error;
        if (!decimal.TryParse(f["amount"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || f["amount"].Length > 20) return false;
        call.Amount = amount;
        if (!DateTime.TryParseExact(f["sign_time"], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var signTime)) return false;
        call.SignTime = signTime;
        return f["sign_string"].Length <= 64;
    }

    /// <summary>A correctly signed call is still refused when its Tashkent <c>sign_time</c> is outside the window around now: a replay of an old call.</summary>
    private bool Fresh(DateTime signTimeTashkent, ClickOptions o) =>
        (Tashkent.ToLocal(clock.GetUtcNow().UtcDateTime) - signTimeTashkent).Duration() <= o.SignTimeWindow;

    private static bool SignOk(string received, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(received.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected));

    private static string Cut(string? s) => s is null ? "" : s.Length <= 200 ? s : s[..200];

    private sealed class Call(IReadOnlyDictionary<string, string> f)
    {
        public long? ClickTransId { get; set; } = long.TryParse(f.GetValueOrDefault("click_trans_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        public int Action { get; set; }
        public int ClickError { get; set; }
        public decimal Amount { get; set; }
        public DateTime SignTime { get; set; }
        public long? PaymentId { get; set; }
        public long? OrderId { get; set; }
    }
}
