using System.Text.Json;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Tests.Infrastructure;

namespace Dorixona.Tests.Payments;

/// <summary>Click's official test-tool run (payments.md §2.6, CTEST template) and the SHOP API's rules, on both databases.</summary>
public abstract class ClickShopTests(DatabaseFixture database) : PaymentTestBase(database)
{
    public sealed class OnSqlite(SqliteDatabase database) : ClickShopTests(database), IClassFixture<SqliteDatabase>;

    public sealed class OnPostgres(PostgresDatabase database) : ClickShopTests(database), IClassFixture<PostgresDatabase>;

    private static int Error(JsonElement answer) => answer.GetProperty("error").GetInt32();

    private static void AssertAnswer(JsonElement answer, int error)
    {
        Assert.Equal(error, Error(answer));
        Assert.Equal(ClickNotes[error], answer.GetProperty("error_note").GetString());
    }

    private static readonly Dictionary<int, string> ClickNotes = new()
    {
        [0] = "Success", [-1] = "SIGN CHECK FAILED!", [-2] = "Incorrect parameter amount", [-3] = "Action not found", [-4] = "Already paid",
        [-5] = "User does not exist", [-6] = "Transaction does not exist", [-7] = "Failed to update user", [-8] = "Error in request from click",
        [-9] = "Transaction cancelled",
    };

    [Fact]
    public async Task The_official_test_tool_sequence_answers_every_expected_code()
    {
        var (_, a) = await AwaitingPaymentAsync(price: 500, method: PaymentMethod.Click);
        var (_, b) = await AwaitingPaymentAsync(price: 500, method: PaymentMethod.Click);
        var (_, c) = await AwaitingPaymentAsync(price: 500, method: PaymentMethod.Click);
        string A = a.ToString(), B = b.ToString(), C = c.ToString();

        // 1 Prepare, bad sign → -1; 2 Prepare → 0
        AssertAnswer(await ClickAsync(false, ClickForm(false, "18409", A, "500", sign: "0123456789abcdef0123456789abcdef")), -1);
        var prepared = await ClickAsync(false, ClickForm(false, "18409", A, "500"));
        AssertAnswer(prepared, 0);
        Assert.Equal(18409, prepared.GetProperty("click_trans_id").GetInt64());
        Assert.Equal(A, prepared.GetProperty("merchant_trans_id").GetString());
        var prepareId = prepared.GetProperty("merchant_prepare_id").GetInt64().ToString();
        Assert.Equal(PaymentState.Processing, (await PaymentsOfAsync(a)).Single().State);

        // 3 Complete, bad sign → -1; 4 amount 499 correctly signed → -2; 5 Complete → 0; 6 again → -4; 7 with error=-1 → -4
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18410", A, "500", prepareId, sign: new string('a', 32))), -1);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18410", A, "499", prepareId)), -2);
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(a)).Status);
        var completed = await ClickAsync(true, ClickForm(true, "18410", A, "500", prepareId)); // a different click_trans_id than Prepare's
        AssertAnswer(completed, 0);
        Assert.Equal(long.Parse(prepareId), completed.GetProperty("merchant_confirm_id").GetInt64());
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(a)).Status);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18410", A, "500", prepareId)), -4);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18410", A, "500", prepareId, error: "-1")), -4);
        Assert.Equal(1, await PaidMovesAsync(a));
        Assert.Equal(PaymentState.Succeeded, (await PaymentsOfAsync(a)).Single().State);

        // 8 Prepare, unknown order → -5; 9 Prepare → 0; 10 Complete, unknown prepare id → -6; 11 Complete → 0
        AssertAnswer(await ClickAsync(false, ClickForm(false, "18411", (c + 50_000).ToString(), "500")), -5);
        var prepared9 = await ClickAsync(false, ClickForm(false, "18412", B, "500"));
        AssertAnswer(prepared9, 0);
        var prepareId9 = prepared9.GetProperty("merchant_prepare_id").GetInt64().ToString();
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18412", B, "500", "999999")), -6);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18412", B, "500", prepareId9)), 0);
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(b)).Status);

        // 12 Prepare → 0; 13 Complete error=-5017 → -9; 14 the same again → -9; 15 error=0 after the cancel → -9
        var prepared12 = await ClickAsync(false, ClickForm(false, "18413", C, "500"));
        AssertAnswer(prepared12, 0);
        var prepareId12 = prepared12.GetProperty("merchant_prepare_id").GetInt64().ToString();
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18413", C, "500", prepareId12, error: "-5017")), -9);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18413", C, "500", prepareId12, error: "-5017")), -9);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18413", C, "500", prepareId12)), -9);
        Assert.Equal(OrderStatus.AwaitingPayment, (await OrderAsync(c)).Status);
        Assert.Equal(PaymentState.Failed, (await PaymentsOfAsync(c)).Single().State);
        Assert.Equal(0, await PaidMovesAsync(c));

        // The order stays payable: a new attempt succeeds.
        var retry = await ClickAsync(false, ClickForm(false, "18414", C, "500.00"));
        AssertAnswer(retry, 0);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "18414", C, "500.00", retry.GetProperty("merchant_prepare_id").GetInt64().ToString())), 0);
        Assert.Equal(OrderStatus.Paid, (await OrderAsync(c)).Status);
    }

    [Fact]
    public async Task Prepare_repeats_answer_as_the_first_and_a_paid_order_answers_already_paid()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 1_000, method: PaymentMethod.Click);
        var first = await ClickAsync(false, ClickForm(false, "500", order.ToString(), "1000"));
        var again = await ClickAsync(false, ClickForm(false, "500", order.ToString(), "1000"));
        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Single(await PaymentsOfAsync(order));
        AssertAnswer(await ClickAsync(true, ClickForm(true, "500", order.ToString(), "1000", first.GetProperty("merchant_prepare_id").GetInt64().ToString())), 0);
        AssertAnswer(await ClickAsync(false, ClickForm(false, "501", order.ToString(), "1000")), -4);
    }

    [Fact]
    public async Task Wrong_action_service_or_amount_in_prepare_are_refused_and_change_nothing()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 1_000, method: PaymentMethod.Click);
        var wrongAction = ClickForm(false, "600", order.ToString(), "1000");
        wrongAction["action"] = "1"; // correctly signed, but Prepare is action 0
        wrongAction["sign_string"] = Dorixona.Core.Payments.Click.ClickSign.Prepare("600", ClickServiceId, ClickSecret, order.ToString(), "1000", "1", wrongAction["sign_time"]);
        AssertAnswer(await ClickAsync(false, wrongAction), -3);
        AssertAnswer(await ClickAsync(false, ClickForm(false, "601", order.ToString(), "999.99")), -2);
        AssertAnswer(await ClickAsync(false, ClickForm(false, "602", order.ToString(), "1000", serviceId: "54321")), -8);
        var tampered = ClickForm(false, "603", order.ToString(), "1000");
        tampered["amount"] = "1";
        AssertAnswer(await ClickAsync(false, tampered), -1);
        Assert.Empty(await PaymentsOfAsync(order));
    }

    [Fact]
    public async Task Malformed_input_answers_8_and_changes_nothing()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 1_000, method: PaymentMethod.Click);
        AssertAnswer(await ClickAsync(false, null), -8);
        AssertAnswer(await ClickAsync(true, null), -8);
        var missing = ClickForm(false, "700", order.ToString(), "1000");
        missing.Remove("sign_time");
        AssertAnswer(await ClickAsync(false, missing), -8);
        var noPrepare = ClickForm(true, "701", order.ToString(), "1000", "1");
        noPrepare.Remove("merchant_prepare_id");
        AssertAnswer(await ClickAsync(true, noPrepare), -8);
        var wrongTypes = ClickForm(false, "abc", order.ToString(), "1000");
        AssertAnswer(await ClickAsync(false, wrongTypes), -8);
        var badAmount = ClickForm(false, "702", order.ToString(), "one thousand");
        AssertAnswer(await ClickAsync(false, badAmount), -8);
        Assert.Empty(await PaymentsOfAsync(order));
    }

    [Fact]
    public async Task The_unpaid_order_timeout_cancels_a_prepared_click_payment()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 1_000, method: PaymentMethod.Click);
        var prepared = await ClickAsync(false, ClickForm(false, "800", order.ToString(), "1000"));
        Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(await InScopeAsync((OrderPaymentTimeout t) => t.CancelOverdueAsync()) >= 1);
        AssertAnswer(await ClickAsync(true, ClickForm(true, "800", order.ToString(), "1000", prepared.GetProperty("merchant_prepare_id").GetInt64().ToString())), -9);
        Assert.Equal(PaymentState.Cancelled, (await PaymentsOfAsync(order)).Single().State);
        Assert.Equal(OrderStatus.Cancelled, (await OrderAsync(order)).Status);
    }

    [Fact]
    public async Task A_cancelled_click_paid_order_records_a_refund_for_the_operator()
    {
        var (user, order) = await AwaitingPaymentAsync(price: 1_000, method: PaymentMethod.Click);
        var prepared = await ClickAsync(false, ClickForm(false, "900", order.ToString(), "1000"));
        AssertAnswer(await ClickAsync(true, ClickForm(true, "900", order.ToString(), "1000", prepared.GetProperty("merchant_prepare_id").GetInt64().ToString())), 0);

        Assert.True((await InScopeAsync((OrderService s) => s.CancelByCustomerAsync(user, order, "not needed"))).Succeeded);
        var payment = (await PaymentsOfAsync(order)).Single();
        Assert.Equal(PaymentState.Succeeded, payment.State);
        Assert.NotNull(payment.RefundRequestedAt);
        var view = (await InScopeAsync((PaymentService s) => s.ListForOrderAsync(order))).Single();
        Assert.True(view.RefundPending);
        var pending = await InScopeAsync((PaymentQueries q) => q.RefundsPendingAsync());
        Assert.Contains(pending, r => r.Id == payment.Id);
    }

    [Fact]
    public async Task Cash_taken_by_the_courier_succeeds_once_and_only_for_the_total()
    {
        var (_, order) = await AwaitingPaymentAsync(price: 7_000, method: PaymentMethod.Cash);
        var courier = Guid.NewGuid();
        Assert.Equal("payment.cashAmount", (await InScopeAsync((PaymentService s) => s.RecordCashAsync(order, 6_000, courier, OrderActor.Courier))).Errors[0].Code);
        Assert.Equal("payment.cashActor", (await InScopeAsync((PaymentService s) => s.RecordCashAsync(order, 7_000, courier, OrderActor.Customer))).Errors[0].Code);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => InScopeAsync((PaymentService s) => s.RecordCashAsync(order, 7_000, courier, OrderActor.Courier)))));
        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("payment.cashAlreadyTaken", r.Errors[0].Code));
        var cash = (await PaymentsOfAsync(order)).Single();
        Assert.Equal((PaymentProvider.Cash, PaymentState.Succeeded, 7_000L, courier, OrderActor.Courier), (cash.Provider, cash.State, cash.Amount, cash.ActorId!.Value, cash.ActorRole!.Value));

        var (_, online) = await AwaitingPaymentAsync(price: 7_000, method: PaymentMethod.Payme);
        Assert.Equal("payment.cashNotChosen", (await InScopeAsync((PaymentService s) => s.RecordCashAsync(online, 7_000, courier, OrderActor.Courier))).Errors[0].Code);
    }

    [Fact]
    public async Task Starting_a_payment_hands_out_one_live_payment_and_its_checkout_link()
    {
        var (user, order) = await AwaitingPaymentAsync(price: 5, method: PaymentMethod.Payme);
        var payme = await InScopeAsync((PaymentService s) => s.StartAsync(user, order, PaymentProvider.Payme, "https://shop.test"));
        var again = await InScopeAsync((PaymentService s) => s.StartAsync(user, order, PaymentProvider.Payme, "https://shop.test"));
        Assert.Equal(payme.Value!.PaymentId, again.Value!.PaymentId);
        Assert.Equal(PaymentState.Pending, payme.Value.State);
        var token = payme.Value.CheckoutUrl!["https://checkout.paycom.uz/".Length..];
        Assert.Equal($"m=587f72c72cac0d162c722ae2;ac.order_id={order};a=500;c=https://shop.test/orders/{order}",
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)));

        var click = await InScopeAsync((PaymentService s) => s.StartAsync(user, order, PaymentProvider.Click, "https://shop.test"));
        Assert.Equal($"https://my.click.uz/services/pay?service_id=12345&merchant_id=777&amount=5.00&transaction_param={order}&return_url=https%3A%2F%2Fshop.test%2Forders%2F{order}",
            click.Value!.CheckoutUrl);
        var payments = await PaymentsOfAsync(order);
        Assert.Equal([PaymentState.Cancelled, PaymentState.Pending], payments.Select(p => p.State).ToArray());

        // Payme attaches its transaction to nothing of Click's: the pending Click link gives way, one live payment remains.
        Result(await PaymeAsync("CreateTransaction", new { id = "abcabcabcabcabcabcabcabc", time = NowMs(Clock), amount = 500, account = Account(order) }));
        Assert.Single(await PaymentsOfAsync(order), p => p.LiveOrderId == order);
        Assert.Equal("payment.inProgress", (await InScopeAsync((PaymentService s) => s.StartAsync(user, order, PaymentProvider.Click, "https://shop.test"))).Errors[0].Code);
        Assert.Equal("order.notFound", (await InScopeAsync((PaymentService s) => s.StartAsync(Guid.NewGuid(), order, PaymentProvider.Click, "https://shop.test"))).Errors[0].Code);
    }
}
