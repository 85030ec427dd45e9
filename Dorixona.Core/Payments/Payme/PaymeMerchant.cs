using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dorixona.Core.Data;
using Dorixona.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Payments.Payme;

/// <summary>
/// Payme's Merchant API (payments.md §1): JSON-RPC in, JSON-RPC out, always answered (the endpoint sends HTTP 200).
/// Basic auth is checked before anything is looked at; every method answers a repeated call exactly as the first;
/// performs pay the order through <see cref="PaymentService"/>; every call is written to the payment log.
/// </summary>
public sealed class PaymeMerchant(
    DorixonaDbContext db, PaymentService payments, PaymentEvents events, PaymentLogWriter log, IOptions<PaymentsOptions> options, TimeProvider clock,
    ILogger<PaymeMerchant> logger)
{
    public const string Login = "Paycom";
    public const string AccountField = "order_id";
    public const int MaxBody = 64 * 1024;
    public const long Timeout12HoursMs = 43_200_000;

    /// <summary>
    /// Answers one call. <paramref name="body"/> is null when it was longer than <see cref="MaxBody"/> (never read to the end).
    /// </summary>
    public async Task<string> HandleAsync(string httpMethod, string? authorization, byte[]? body, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        JsonNode? id = null;
        var method = "";
        JsonObject? request = null;
        var call = new CallInfo();
        JsonObject answer;
        try
        {
            request = TryParse(body);
            id = request?["id"]?.DeepClone();
            method = request?["method"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : "";
            if (!Authorized(authorization)) throw new PaymeError(-32504);
            if (!HttpMethods.IsPost(httpMethod)) throw new PaymeError(-32300);
            if (body is null) throw new PaymeError(-32600, "body too large");
            if (request is null) throw new PaymeError(-32700);
            if (id is not JsonValue idValue || !idValue.TryGetValue<long>(out _)) throw new PaymeError(-32600, "id");
            if (request["method"] is not JsonValue mv || !mv.TryGetValue<string>(out _)) throw new PaymeError(-32600, "method");
            if (request["params"] is not JsonObject p) throw new PaymeError(-32600, "params");
            var result = method switch
            {
                "CheckPerformTransaction" => await CheckPerformAsync(p, call, ct),
                "CreateTransaction" => await CreateAsync(p, call, ct),
                "PerformTransaction" => await PerformAsync(p, call, ct),
                "CancelTransaction" => await CancelAsync(p, call, ct),
                "CheckTransaction" => await CheckAsync(p, call, ct),
                "GetStatement" => await StatementAsync(p, ct),
                "ChangePassword" => throw new PaymeError(-32504, "password"),
                _ => throw new PaymeError(-32601, method),
            };
            answer = new JsonObject { ["result"] = result, ["id"] = id };
        }
        catch (PaymeError e)
        {
            answer = ErrorAnswer(e.Code, e.Data, id, e.Code == -32504 && method == "ChangePassword");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Payme {Method} failed", method);
            db.ChangeTracker.Clear();
            answer = ErrorAnswer(-32400, null, id);
        }
        var json = answer.ToJsonString();
        var code = answer["error"]?["code"]?.GetValue<int>() ?? 0;
        await log.WriteAsync(PaymentProvider.Payme, "in", method.Length > 0 ? method : "(none)", Sanitize(request, body), json, code, call.PaymentId, call.OrderId,
            Stopwatch.GetElapsedTime(started), CancellationToken.None);
        return json;
    }

    private async Task<JsonNode> CheckPerformAsync(JsonObject p, CallInfo call, CancellationToken ct)
    {
        var amount = Amount(p);
        var order = await PayableOrderAsync(p, amount, call, ct);
        if (await db.Payments.AnyAsync(x => x.LiveOrderId == order.Id && x.State == PaymentState.Processing, ct)) throw new PaymeError(-31008);
        return new JsonObject { ["allow"] = true };
    }

    private async Task<JsonNode> CreateAsync(JsonObject p, CallInfo call, CancellationToken ct)
    {
        var paymeId = TransactionId(p);
        var time = Long(p, "time");
        var amount = Amount(p);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await FindAsync(paymeId, ct);
            if (existing is not null)
            {
                call.Of(existing);
                if (existing.State != PaymentState.Processing) throw new PaymeError(-31008);
                if (await ExpireIfStaleAsync(existing, ct)) throw new PaymeError(-31008);
                return CreateResult(existing);
            }

            var order = await PayableOrderAsync(p, amount, call, ct);
            var live = await db.Payments.AsNoTracking().SingleOrDefaultAsync(x => x.LiveOrderId == order.Id, ct);
            if (live is { State: PaymentState.Processing }) throw new PaymeError(-31008);
            var now = PaymentTime.Now(clock);
            var account = p["account"]!.ToJsonString();
            try
            {
                if (live is { Provider: PaymentProvider.Payme })
                {
                    var attached = await db.Payments.Where(x => x.Id == live.Id && x.State == PaymentState.Pending)
                        .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, PaymentState.Processing).SetProperty(x => x.ProviderTransactionId, paymeId)
                            .SetProperty(x => x.ProviderTime, time).SetProperty(x => x.ProviderAccount, account)
                            .SetProperty(x => x.ProcessingAt, now).SetProperty(x => x.UpdatedAt, now), ct);
                    if (attached == 0) continue;
                }
                else
                {
                    if (live is not null)
                        await payments.EndLiveAsync(live.Id, PaymentState.Cancelled, null, "another provider chosen", now, ct);
                    db.Payments.Add(new Payment
                    {
                        OrderId = order.Id, Provider = PaymentProvider.Payme, Amount = order.Total, State = PaymentState.Processing, LiveOrderId = order.Id,
                        ProviderTransactionId = paymeId, ProviderTime = time, ProviderAccount = account, ProcessingAt = now, CreatedAt = now, UpdatedAt = now,
                    });
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // the same id, or another transaction for the order, was created meanwhile: answer as that one says
                continue;
            }
            var created = (await FindAsync(paymeId, ct))!;
            call.Of(created);
            await events.ChangedAsync(order.Id, ct);
            await db.SaveChangesAsync(ct);
            return CreateResult(created);
        }
        throw new PaymeError(-31008);
    }

    private async Task<JsonNode> PerformAsync(JsonObject p, CallInfo call, CancellationToken ct)
    {
        var payment = await FindAsync(TransactionId(p), ct) ?? throw new PaymeError(-31003);
        call.Of(payment);
        if (payment.State == PaymentState.Processing)
        {
            if (await ExpireIfStaleAsync(payment, ct)) throw new PaymeError(-31008);
            await payments.PerformAsync(payment.Id, payment.OrderId, $"Payme {payment.ProviderTransactionId}", PaymentTime.Now(clock), ct);
            payment = (await FindAsync(payment.ProviderTransactionId!, ct))!;
        }
        if (payment.State != PaymentState.Succeeded) throw new PaymeError(-31008);
        return new JsonObject
        {
            ["transaction"] = Transaction(payment), ["perform_time"] = PaymentTime.ToMs(payment.PerformedAt), ["state"] = 2,
        };
    }

    private async Task<JsonNode> CancelAsync(JsonObject p, CallInfo call, CancellationToken ct)
    {
        var payment = await FindAsync(TransactionId(p), ct) ?? throw new PaymeError(-31003);
        var reason = (int)Long(p, "reason");
        call.Of(payment);
        var now = PaymentTime.Now(clock);
        if (payment.State is PaymentState.Processing or PaymentState.Pending)
        {
            await payments.EndLiveAsync(payment.Id, PaymentState.Cancelled, reason, "cancelled by Payme", now, ct);
            payment = (await FindAsync(payment.ProviderTransactionId!, ct))!;
        }
        if (payment.State == PaymentState.Succeeded)
        {
            var status = await db.Orders.AsNoTracking().Where(o => o.Id == payment.OrderId).Select(o => o.Status).SingleAsync(ct);
            if (status == OrderStatus.Delivered) throw new PaymeError(-31007);
            await payments.RefundByProviderAsync(payment.Id, payment.OrderId, reason, now, ct);
            payment = (await FindAsync(payment.ProviderTransactionId!, ct))!;
            if (payment.State == PaymentState.Succeeded) throw new PaymeError(-31007); // delivered meanwhile
        }
        if (payment.State is PaymentState.Processing or PaymentState.Pending) throw new PaymeError(-31008);
        return new JsonObject
        {
            ["transaction"] = Transaction(payment), ["cancel_time"] = PaymentTime.ToMs(payment.CancelledAt), ["state"] = State(payment),
        };
    }

    private async Task<JsonNode> CheckAsync(JsonObject p, CallInfo call, CancellationToken ct)
    {
        var payment = await FindAsync(TransactionId(p), ct) ?? throw new PaymeError(-31003);
        call.Of(payment);
        if (payment.State == PaymentState.Processing && await ExpireIfStaleAsync(payment, ct))
            payment = (await FindAsync(payment.ProviderTransactionId!, ct))!;
        return new JsonObject
        {
            ["create_time"] = PaymentTime.ToMs(payment.ProcessingAt), ["perform_time"] = PaymentTime.ToMs(payment.PerformedAt),
            ["cancel_time"] = PaymentTime.ToMs(payment.CancelledAt), ["transaction"] = Transaction(payment), ["state"] = State(payment),
            ["reason"] = payment.CancelReason,
        };
    }

    private async Task<JsonNode> StatementAsync(JsonObject p, CancellationToken ct)
    {
        var from = Long(p, "from");
        var to = Long(p, "to");
        var rows = await db.Payments.AsNoTracking()
            .Where(x => x.Provider == PaymentProvider.Payme && x.ProviderTransactionId != null && x.ProviderTime >= from && x.ProviderTime <= to)
            .OrderBy(x => x.ProviderTime).ThenBy(x => x.Id).ToListAsync(ct);
        var list = new JsonArray();
        foreach (var x in rows)
        {
            list.Add(new JsonObject
            {
                ["id"] = x.ProviderTransactionId, ["time"] = x.ProviderTime, ["amount"] = Common.Money.ToTiyin(x.Amount),
                ["account"] = x.ProviderAccount is { } a ? JsonNode.Parse(a) : new JsonObject(), ["create_time"] = PaymentTime.ToMs(x.ProcessingAt),
                ["perform_time"] = PaymentTime.ToMs(x.PerformedAt), ["cancel_time"] = PaymentTime.ToMs(x.CancelledAt),
                ["transaction"] = Transaction(x), ["state"] = State(x), ["reason"] = x.CancelReason, ["receivers"] = null,
            });
        }
        return new JsonObject { ["transactions"] = list };
    }

    /// <summary>The order named by <c>account.order_id</c>, checked for the amount (tiyin) and for awaiting payment.</summary>
    private async Task<(long Id, long Total)> PayableOrderAsync(JsonObject p, long amount, CallInfo call, CancellationToken ct)
    {
        if (p["account"] is not JsonObject account) throw new PaymeError(-31050, AccountField);
        var orderId = account[AccountField] switch
        {
            JsonValue v when v.TryGetValue<long>(out var n) => n,
            JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
            _ => -1,
        };
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => new { o.Id, o.Total, o.Status }).SingleOrDefaultAsync(ct)
            ?? throw new PaymeError(-31050, AccountField);
        call.OrderId = order.Id;
        if (amount != Common.Money.ToTiyin(order.Total)) throw new PaymeError(-31001);
        if (order.Status != OrderStatus.AwaitingPayment) throw new PaymeError(-31051, AccountField);
        return (order.Id, order.Total);
    }

    /// <summary>A state-1 transaction older than 12 h (by our create time or Payme's) is cancelled with reason 4; true when it was.</summary>
    private async Task<bool> ExpireIfStaleAsync(Payment payment, CancellationToken ct)
    {
        var now = PaymentTime.Now(clock);
        var nowMs = PaymentTime.ToMs(now);
        var stale = nowMs - PaymentTime.ToMs(payment.ProcessingAt) > Timeout12HoursMs || (payment.ProviderTime is { } t && nowMs - t > Timeout12HoursMs);
        if (!stale) return false;
        await payments.EndLiveAsync(payment.Id, PaymentState.Cancelled, 4, "Payme 12-hour timeout", now, ct);
        return true;
    }

    private Task<Payment?> FindAsync(string paymeId, CancellationToken ct) =>
        db.Payments.AsNoTracking().SingleOrDefaultAsync(x => x.Provider == PaymentProvider.Payme && x.ProviderTransactionId == paymeId, ct);

    private static JsonObject CreateResult(Payment p) => new()
    {
        ["create_time"] = PaymentTime.ToMs(p.ProcessingAt), ["transaction"] = Transaction(p), ["state"] = 1, ["receivers"] = null,
    };

    private static string Transaction(Payment p) => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Payme's states: 1 created, 2 performed, -1 cancelled before perform, -2 cancelled after perform (refunded).</summary>
    public static int State(Payment p) => p.State switch
    {
        PaymentState.Pending or PaymentState.Processing => 1,
        PaymentState.Succeeded => 2,
        PaymentState.Refunded => -2,
        _ => p.PerformedAt is null ? -1 : -2,
    };

    private static string TransactionId(JsonObject p) =>
        p["id"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length is > 0 and <= 64 ? s : throw new PaymeError(-32600, "id");

    private static long Amount(JsonObject p)
    {
        var amount = Long(p, "amount");
        return amount > 0 ? amount : throw new PaymeError(-31001);
    }

    private static long Long(JsonObject p, string name)
    {
        if (p[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<long>(out var n)) return n;
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        }
        throw new PaymeError(-32600, name);
    }

    private bool Authorized(string? header)
    {
        var key = options.Value.Payme.ActiveKey;
        if (string.IsNullOrEmpty(key) || header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        var loginOk = decoded[..colon] == Login;
        var keyOk = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]), Encoding.UTF8.GetBytes(key));
        return loginOk && keyOk;
    }

    private static JsonObject? TryParse(byte[]? body)
    {
        if (body is null || body.Length == 0) return null;
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static JsonObject ErrorAnswer(int code, string? data, JsonNode? id, bool passwordRefusal = false)
    {
        var (ru, uz, en) = passwordRefusal ? PaymeMessages.PasswordRefused : PaymeMessages.For(code);
        var error = new JsonObject { ["code"] = code, ["message"] = new JsonObject { ["ru"] = ru, ["uz"] = uz, ["en"] = en } };
        if (data is not null) error["data"] = data;
        return new JsonObject { ["error"] = error, ["id"] = id?.DeepClone() };
    }

    /// <summary>The request as logged: the body's JSON without a password (ChangePassword), or a cut of what arrived.</summary>
    private static string Sanitize(JsonObject? request, byte[]? body)
    {
        if (request is null) return body is null ? "(body too large)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, PaymentLogWriter.MaxBody));
        var copy = request.DeepClone().AsObject();
        if (copy["params"] is JsonObject p && p.ContainsKey("password")) p["password"] = "***";
        return copy.ToJsonString();
    }

    private sealed class CallInfo
    {
        public long? PaymentId { get; set; }
        public long? OrderId { get; set; }

        public void Of(Payment p)
        {
            PaymentId = p.Id;
            OrderId = p.OrderId;
        }
    }

    private sealed class PaymeError(int code, string? data = null) : Exception
    {
        public int Code { get; } = code;
        public new string? Data { get; } = data;
    }

    private static class HttpMethods
    {
        public static bool IsPost(string method) => string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
    }
}
