using System.Text.Json;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Payments;

/// <summary>Payme's sandbox run (payments.md §1.8) and the rules of §1.5, played against the Merchant API on both databases.</summary>
public abstract class PaymeMerchantTests(DatabaseFixture database) : PaymentTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : PaymeMerchantTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : PaymeMerchantTests(database), IClassFixture<PostgresDatabase>;

    private static readonly string[] Methods =
        ["CheckPerformTransaction", "CreateTransaction", "PerformTransaction", "CancelTransaction", "CheckTransaction", "GetStatement", "ChangePassword"];

    private static string NewId() => Guid.NewGuid().ToString("N")[..24];

    [Fact]
    public async Task Every_method_with_bad_credentials_answers_32504_with_the_request_id_and_changes_nothing()
    {
        var (_, order) = await AwaitingPaymentAsync();
        string?[] badAuth =
        [
            null, "Bearer abc", "Basic !!!not-base64!!!", Basic("Paycom", "wrong-key"), Basic("Merchant", PaymeKey), Basic("Paycom", "sandbox-key"),
            "Basic " + Convert.ToBase64String("Paycom"u8.ToArray()),
        ];
        var rpcId = 100;
        foreach (var auth in badAuth)
        foreach (var method in Methods)
        {
            rpcId++;
            var body = JsonSerializer.Serialize(new
            {
                method, id = rpcId,
                @params = new { id = NewId(), time = NowMs(Clock), amount = 500_000, account = Account(order), reason = 1, from = 0, to = NowMs(Clock), password = "x" },
            });
            var answer = await PaymeRawAsync(body, auth);
            Assert.Equal(-32504, ErrorCode(answer));
            Assert.Equal(rpcId, answer.GetProperty("id").GetInt32());
            Assert.False(answer.TryGetProperty("result", out _));
        }
        Assert.Empty(await PaymentsOfAsync(order));
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task Sandbox_scenario_1_create_repeat_second_transaction_and_cancel_before_perform()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 5_000);
        var tiyin = 500_000;

        // «Неверная сумма» and «Несуществующий счёт»
        Assert.Equal(-31001, ErrorCode(await PaymeAsync("CheckPerformTransaction", new { amount = tiyin + 100, account = Account(order) })));
        Assert.Equal(-31001, ErrorCode(await PaymeAsync("CreateTransaction", new { id = NewId(), time = NowMs(Clock), amount = 5_000, account = Account(order) })));
        var unknown = await PaymeAsync("CheckPerformTransaction", new { amount = tiyin, account = Account(order + 10_000) });
        Assert.Equal(-31050, ErrorCode(unknown));
        Assert.Equal("order_id", unknown.GetProperty("error").GetProperty("data").GetString());
        var message = unknown.GetProperty("error").GetProperty("message");
        Assert.All(new[] { "ru", "uz", "en" }, lang => Assert.False(string.IsNullOrWhiteSpace(message.GetProperty(lang).GetString())));
        var unknownCreate = await PaymeAsync("CreateTransaction", new { id = NewId(), time = NowMs(Clock), amount = tiyin, account = Account(order + 10_000) });
        Assert.InRange(ErrorCode(unknownCreate), -31099, -31050);
        Assert.Empty(await PaymentsOfAsync(order));

        var allow = await PaymeAsync("CheckPerformTransaction", new { amount = tiyin, account = Account(order) }, id: 7);
        Assert.True(Result(allow).GetProperty("allow").GetBoolean());
        Assert.Equal(7, allow.GetProperty("id").GetInt32());

        var paymeId = NewId();
        var time = NowMs(Clock);
        var created = Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time, amount = tiyin, account = Account(order) }));
        Assert.Equal(1, created.GetProperty("state").GetInt32());
        Assert.Equal(JsonValueKind.String, created.GetProperty("transaction").ValueKind);
        Assert.Equal(NowMs(Clock), created.GetProperty("create_time").GetInt64());

        Clock.Advance(TimeSpan.FromSeconds(5));
        var repeated = Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time, amount = tiyin, account = Account(order) }));
        Assert.Equal(created.GetRawText(), repeated.GetRawText());

        var check = Result(await PaymeAsync("CheckTransaction", new { id = paymeId }));
        Assert.Equal(1, check.GetProperty("state").GetInt32());
        Assert.Equal(0, check.GetProperty("perform_time").GetInt64());
        Assert.Equal(0, check.GetProperty("cancel_time").GetInt64());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("reason").ValueKind);

        // A second transaction for the same awaiting-payment order
        Assert.Equal(-31008, ErrorCode(await PaymeAsync("CreateTransaction", new { id = NewId(), time = NowMs(Clock), amount = tiyin, account = Account(order) })));

        Clock.Advance(TimeSpan.FromSeconds(5));
        var cancelled = Result(await PaymeAsync("CancelTransaction", new { id = paymeId, reason = 3 }));
        Clock.Advance(TimeSpan.FromSeconds(5));
        var cancelledAgain = Result(await PaymeAsync("CancelTransaction", new { id = paymeId, reason = 3 }));
        Assert.Equal(-1, cancelled.GetProperty("state").GetInt32());
        Assert.Equal(cancelled.GetRawText(), cancelledAgain.GetRawText());
        var after = Result(await PaymeAsync("CheckTransaction", new { id = paymeId }));
        Assert.Equal(-1, after.GetProperty("state").GetInt32());
        Assert.Equal(3, after.GetProperty("reason").GetInt32());
        Assert.Equal(cancelled.GetProperty("cancel_time").GetInt64(), after.GetProperty("cancel_time").GetInt64());

        // The order is still awaiting payment and payable again: a new transaction is accepted.
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(order)).Status);
        Assert.Equal(-31008, ErrorCode(await PaymeAsync("PerformTransaction", new { id = paymeId })));
        Assert.Equal(1, Result(await PaymeAsync("CreateTransaction", new { id = NewId(), time = NowMs(Clock), amount = tiyin, account = Account(order) })).GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task Sandbox_scenario_2_perform_pays_the_order_once_and_cancel_after_perform_refunds()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 12_500);
        var tiyin = 1_250_000;
        var paymeId = NewId();
        Result(await PaymeAsync("CheckPerformTransaction", new { amount = tiyin, account = Account(order) }));
        var created = Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time = NowMs(Clock), amount = tiyin, account = Account(order) }));

        Clock.Advance(TimeSpan.FromMinutes(1));
        var performed = Result(await PaymeAsync("PerformTransaction", new { id = paymeId }));
        Assert.Equal(2, performed.GetProperty("state").GetInt32());
        Assert.Equal(NowMs(Clock), performed.GetProperty("perform_time").GetInt64());
        Assert.Equal(created.GetProperty("transaction").GetString(), performed.GetProperty("transaction").GetString());
        var paid = await OrderAsync(order);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.Contains(paid.History, h => h.FromStatus == OrderStatus.AwaitingPayment && h.ToStatus == OrderStatus.Paid && h.Actor == OrderActor.System);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var again = Result(await PaymeAsync("PerformTransaction", new { id = paymeId }));
        Assert.Equal(performed.GetRawText(), again.GetRawText());
        Assert.Equal(1, await PaidMovesAsync(order));
        var check = Result(await PaymeAsync("CheckTransaction", new { id = paymeId }));
        Assert.Equal(2, check.GetProperty("state").GetInt32());
        Assert.Equal(performed.GetProperty("perform_time").GetInt64(), check.GetProperty("perform_time").GetInt64());
        Assert.Equal(created.GetProperty("create_time").GetInt64(), check.GetProperty("create_time").GetInt64());
        Assert.Equal(PaymentState.Succeeded, (await PaymentsOfAsync(order)).Single().State);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var refund = Result(await PaymeAsync("CancelTransaction", new { id = paymeId, reason = 5 }));
        Clock.Advance(TimeSpan.FromMinutes(1));
        var refundAgain = Result(await PaymeAsync("CancelTransaction", new { id = paymeId, reason = 5 }));
        Assert.Equal(-2, refund.GetProperty("state").GetInt32());
        Assert.Equal(refund.GetRawText(), refundAgain.GetRawText());
        var finalCheck = Result(await PaymeAsync("CheckTransaction", new { id = paymeId }));
        Assert.Equal(-2, finalCheck.GetProperty("state").GetInt32());
        Assert.Equal(5, finalCheck.GetProperty("reason").GetInt32());
        Assert.Equal(PaymentState.Refunded, (await PaymentsOfAsync(order)).Single().State);
        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(order)).Status);
        Assert.Equal(-31008, ErrorCode(await PaymeAsync("PerformTransaction", new { id = paymeId })));
    }

    [Fact]
    public async Task Cancel_after_perform_of_a_delivered_order_answers_31007_and_keeps_state_2()
    {
        var (_, order) = await AwaitingPaymentAsync();
        var paymeId = NewId();
        Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time = NowMs(Clock), amount = 500_000, account = Account(order) }));
        Result(await PaymeAsync("PerformTransaction", new { id = paymeId }));
        foreach (var to in new[] { OrderStatus.Confirmed, OrderStatus.Packing, OrderStatus.Ready, OrderStatus.OutForDelivery, OrderStatus.Delivered })
            Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(order, to, to == OrderStatus.Delivered || to == OrderStatus.OutForDelivery ? OrderActor.Courier : OrderActor.Operator, null, null))).Succeeded);

        Assert.Equal(-31007, ErrorCode(await PaymeAsync("CancelTransaction", new { id = paymeId, reason = 5 })));
        Assert.Equal(2, Result(await PaymeAsync("CheckTransaction", new { id = paymeId })).GetProperty("state").GetInt32());
        Assert.Equal(OrderStatus.Delivered, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task Unknown_transactions_answer_31003()
    {
        foreach (var method in new[] { "PerformTransaction", "CheckTransaction" })
            Assert.Equal(-31003, ErrorCode(await PaymeAsync(method, new { id = NewId() })));
        Assert.Equal(-31003, ErrorCode(await PaymeAsync("CancelTransaction", new { id = NewId(), reason = 1 })));
    }

    [Fact]
    public async Task A_transaction_older_than_12_hours_is_cancelled_with_reason_4_on_perform()
    {
        var (_, order) = await AwaitingPaymentAsync();
        // The order's own 30-minute timeout must not run first here: keep it from firing by paying late but never running the job.
        var paymeId = NewId();
        var time = NowMs(Clock);
        Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time, amount = 500_000, account = Account(order) }));

        Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMilliseconds(1));
        Assert.Equal(-31008, ErrorCode(await PaymeAsync("PerformTransaction", new { id = paymeId })));
        var check = Result(await PaymeAsync("CheckTransaction", new { id = paymeId }));
        Assert.Equal(-1, check.GetProperty("state").GetInt32());
        Assert.Equal(4, check.GetProperty("reason").GetInt32());
        Assert.Equal(NowMs(Clock), check.GetProperty("cancel_time").GetInt64());
        Assert.Equal(-31008, ErrorCode(await PaymeAsync("CreateTransaction", new { id = paymeId, time, amount = 500_000, account = Account(order) })));
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(order)).Status);
        Assert.Equal(0, await PaidMovesAsync(order));
    }

    [Fact]
    public async Task A_repeated_create_after_12_hours_answers_31008_and_the_timeout_job_cancels_stale_ones()
    {
        var (_, first) = await AwaitingPaymentAsync();
        var (_, second) = await AwaitingPaymentAsync();
        var a = NewId();
        var b = NewId();
        Result(await PaymeAsync("CreateTransaction", new { id = a, time = NowMs(Clock), amount = 500_000, account = Account(first) }));
        Result(await PaymeAsync("CreateTransaction", new { id = b, time = NowMs(Clock), amount = 500_000, account = Account(second) }));
        Clock.Advance(TimeSpan.FromHours(11));
        Assert.Equal(0, await InScopeAsync((PaymeTimeout t) => t.CancelStaleAsync()));
        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(-31008, ErrorCode(await PaymeAsync("CreateTransaction", new { id = a, time = NowMs(Clock), amount = 500_000, account = Account(first) })));
        Assert.Equal(1, await InScopeAsync((PaymeTimeout t) => t.CancelStaleAsync()));
        var checkB = Result(await PaymeAsync("CheckTransaction", new { id = b }));
        Assert.Equal(-1, checkB.GetProperty("state").GetInt32());
        Assert.Equal(4, checkB.GetProperty("reason").GetInt32());
    }

    [Fact]
    public async Task The_unpaid_order_timeout_cancels_the_open_transaction_and_perform_then_fails()
    {
        var (_, order) = await AwaitingPaymentAsync();
        var paymeId = NewId();
        Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time = NowMs(Clock), amount = 500_000, account = Account(order) }));

        Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(await InScopeAsync((OrderPaymentTimeout t) => t.CancelOverdueAsync()) >= 1);

        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(order)).Status);
        var check = Result(await PaymeAsync("CheckTransaction", new { id = paymeId }));
        Assert.Equal(-1, check.GetProperty("state").GetInt32());
        Assert.Equal(4, check.GetProperty("reason").GetInt32());
        Assert.Equal(-31008, ErrorCode(await PaymeAsync("PerformTransaction", new { id = paymeId })));
        Assert.Equal(PaymentState.Cancelled, (await PaymentsOfAsync(order)).Single().State);
        var notPayable = await PaymeAsync("CheckPerformTransaction", new { amount = 500_000, account = Account(order) });
        Assert.InRange(ErrorCode(notPayable), -31099, -31050);
    }

    [Fact]
    public async Task GetStatement_returns_created_transactions_by_payme_time_ascending_with_inclusive_bounds()
    {
        var orders = new List<long>();
        for (var i = 0; i < 4; i++) orders.Add((await AwaitingPaymentAsync()).Order);
        var t0 = NowMs(Clock) - 10_000;
        // Created out of time order: t0+300 first, then t0+100, t0+200; the 4th has a wrong amount and is never created.
        var ids = new[] { NewId(), NewId(), NewId() };
        Result(await PaymeAsync("CreateTransaction", new { id = ids[2], time = t0 + 300, amount = 500_000, account = Account(orders[2]) }));
        Result(await PaymeAsync("CreateTransaction", new { id = ids[0], time = t0 + 100, amount = 500_000, account = Account(orders[0]) }));
        Result(await PaymeAsync("CreateTransaction", new { id = ids[1], time = t0 + 200, amount = 500_000, account = Account(orders[1]) }));
        Assert.Equal(-31001, ErrorCode(await PaymeAsync("CreateTransaction", new { id = NewId(), time = t0 + 150, amount = 1, account = Account(orders[3]) })));
        Result(await PaymeAsync("PerformTransaction", new { id = ids[1] }));
        Result(await PaymeAsync("CancelTransaction", new { id = ids[2], reason = 3 }));

        var all = Result(await PaymeAsync("GetStatement", new { from = t0 + 100, to = t0 + 300 })).GetProperty("transactions");
        Assert.Equal(ids, all.EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray());
        Assert.Equal([1, 2, -1], all.EnumerateArray().Select(t => t.GetProperty("state").GetInt32()).ToArray());
        var first = all[0];
        Assert.Equal(t0 + 100, first.GetProperty("time").GetInt64());
        Assert.Equal(500_000, first.GetProperty("amount").GetInt64());
        Assert.Equal(orders[0].ToString(), first.GetProperty("account").GetProperty("order_id").GetString());
        Assert.Equal(0, first.GetProperty("perform_time").GetInt64());
        Assert.Equal(0, first.GetProperty("cancel_time").GetInt64());
        Assert.True(first.GetProperty("create_time").GetInt64() > 0);
        Assert.Equal(JsonValueKind.String, first.GetProperty("transaction").ValueKind);

        var inner = Result(await PaymeAsync("GetStatement", new { from = t0 + 101, to = t0 + 299 })).GetProperty("transactions");
        Assert.Equal([ids[1]], inner.EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray());
        var empty = Result(await PaymeAsync("GetStatement", new { from = t0 + 400, to = t0 + 500 }));
        Assert.Equal("{\"transactions\":[]}", empty.GetRawText());
    }

    [Fact]
    public async Task Cancelling_a_paid_order_owes_a_refund_that_an_operator_settles()
    {
        var (user, order) = await AwaitingPaymentAsync();
        var paymeId = NewId();
        Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time = NowMs(Clock), amount = 500_000, account = Account(order) }));
        Result(await PaymeAsync("PerformTransaction", new { id = paymeId }));

        Assert.True((await InScopeAsync((OrderService s) => s.TransitionAsync(order, OrderStatus.Cancelled, OrderActor.Operator, null, "out of stock"))).Succeeded);
        var payment = (await PaymentsOfAsync(order)).Single();
        Assert.Equal(PaymentState.Succeeded, payment.State);
        Assert.NotNull(payment.RefundRequestedAt);
        Assert.Equal(2, Result(await PaymeAsync("CheckTransaction", new { id = paymeId })).GetProperty("state").GetInt32());

        var settled = await InScopeAsync((PaymentService s) => s.SettleRefundAsync(payment.Id, Guid.NewGuid(), OrderActor.Operator, "refunded in the cabinet"));
        Assert.True(settled.Succeeded);
        Assert.Equal(PaymentState.Refunded, (await PaymentsOfAsync(order)).Single().State);
        Assert.Equal(-2, Result(await PaymeAsync("CheckTransaction", new { id = paymeId })).GetProperty("state").GetInt32());
        Assert.Equal("payment.noRefundPending", (await InScopeAsync((PaymentService s) => s.SettleRefundAsync(payment.Id, Guid.NewGuid(), OrderActor.Operator, null))).Errors[0].Code);
        _ = user;
    }

    [Fact]
    public async Task An_order_awaiting_prescription_cannot_be_paid()
    {
        var product = await NewProductAsync(5_000, stock: 5, rx: true);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, 1);
        var order = (await CheckoutAsync(user, Delivery(PaymentMethod.Payme))).Value!.OrderId;
        Assert.Equal(OrderStatus.AwaitingPrescription, (await OrderAsync(order)).Status);

        var check = await PaymeAsync("CheckPerformTransaction", new { amount = 500_000, account = Account(order) });
        Assert.InRange(ErrorCode(check), -31099, -31050);
        Assert.Equal("order_id", check.GetProperty("error").GetProperty("data").GetString());
        Assert.InRange(ErrorCode(await PaymeAsync("CreateTransaction", new { id = NewId(), time = NowMs(Clock), amount = 500_000, account = Account(order) })), -31099, -31050);
        Assert.Equal("payment.orderNotPayable", (await InScopeAsync((PaymentService s) => s.StartAsync(user, order, PaymentProvider.Payme, "http://shop"))).Errors[0].Code);
        Assert.Empty(await PaymentsOfAsync(order));
    }

    [Fact]
    public async Task Malformed_calls_answer_in_json_rpc_and_change_nothing()
    {
        var (_, order) = await AwaitingPaymentAsync();
        Assert.Equal(-32700, ErrorCode(await PaymeRawAsync("{not json", GoodAuth)));
        Assert.Equal(-32700, ErrorCode(await PaymeRawAsync("", GoodAuth)));
        Assert.Equal(-32600, ErrorCode(await PaymeRawAsync(null, GoodAuth))); // longer than the limit
        Assert.Equal(-32300, ErrorCode(await PaymeRawAsync("{}", GoodAuth, "GET")));
        Assert.Equal(-32600, ErrorCode(await PaymeRawAsync("{\"method\":\"CheckTransaction\",\"params\":{}}", GoodAuth))); // no id
        Assert.Equal(-32600, ErrorCode(await PaymeRawAsync("{\"id\":3,\"params\":{}}", GoodAuth))); // no method
        Assert.Equal(-32600, ErrorCode(await PaymeRawAsync("{\"id\":3,\"method\":\"CheckTransaction\",\"params\":[1]}", GoodAuth)));
        Assert.Equal(-32600, ErrorCode(await PaymeRawAsync("{\"id\":\"x\",\"method\":\"CheckTransaction\",\"params\":{\"id\":\"a\"}}", GoodAuth)));
        Assert.Equal(-32600, ErrorCode(await PaymeAsync("CreateTransaction", new { id = NewId(), time = "yesterday", amount = 500_000, account = Account(order) })));
        Assert.Equal(-32600, ErrorCode(await PaymeAsync("CheckPerformTransaction", new { amount = "500000", account = Account(order) })));
        Assert.Equal(-32600, ErrorCode(await PaymeAsync("PerformTransaction", new { id = 12345 })));
        Assert.Equal(-31050, ErrorCode(await PaymeAsync("CheckPerformTransaction", new { amount = 500_000, account = new { phone = "1" } })));
        Assert.Equal(-31050, ErrorCode(await PaymeAsync("CheckPerformTransaction", new { amount = 500_000, account = new { order_id = "DROP TABLE" } })));
        var unknown = await PaymeAsync("RefundEverything", new { }, id: 42);
        Assert.Equal(-32601, ErrorCode(unknown));
        Assert.Equal("RefundEverything", unknown.GetProperty("error").GetProperty("data").GetString());
        Assert.Equal(42, unknown.GetProperty("id").GetInt32());
        Assert.Equal(-32504, ErrorCode(await PaymeAsync("ChangePassword", new { password = "new-key" })));

        Assert.Empty(await PaymentsOfAsync(order));
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task The_log_keeps_every_call_without_the_key_or_a_password()
    {
        var (_, order) = await AwaitingPaymentAsync();
        var paymeId = NewId();
        Result(await PaymeAsync("CreateTransaction", new { id = paymeId, time = NowMs(Clock), amount = 500_000, account = Account(order) }));
        await PaymeAsync("ChangePassword", new { password = "brand-new-secret" });
        await PaymeAsync("CheckTransaction", new { id = paymeId }, auth: Basic("Paycom", "guess"));

        var log = await QueryAsync(db => db.PaymentLogs.AsNoTracking().OrderBy(l => l.Id).ToListAsync());
        Assert.Contains(log, l => l.Method == "CreateTransaction" && l.OrderId == order && l.ResultCode == 0 && l.Response.Contains("\"state\":1"));
        Assert.Contains(log, l => l.Method == "CheckTransaction" && l.ResultCode == -32504);
        Assert.All(log, l =>
        {
            Assert.DoesNotContain(PaymeKey, l.Request + l.Response);
            Assert.DoesNotContain("brand-new-secret", l.Request + l.Response);
            Assert.DoesNotContain("Basic", l.Request + l.Response);
        });
    }
}
