using System.Text;
using System.Text.Json;
using Dorixona.Core.Orders;
using Dorixona.Core.Payments;
using Dorixona.Core.Payments.Click;
using Dorixona.Core.Payments.Payme;
using Dorixona.Tests.Infrastructure;
using Dorixona.Tests.Orders;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Tests.Payments;

/// <summary>Orders awaiting online payment, and the providers' calls made exactly as Payme and Click make them.</summary>
public abstract class PaymentTestBase(DatabaseFixture database) : OrderTestBase(database)
{
    public const string PaymeKey = "test-cashbox-key-0123456789abcdefghijkl";
    public const string ClickSecret = "secret_key";
    public const string ClickServiceId = "12345";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Payments:Payme:MerchantId", "587f72c72cac0d162c722ae2"),
        new("Payments:Payme:Key", PaymeKey),
        new("Payments:Payme:TestKey", "sandbox-key"),
        new("Payments:Click:ServiceId", ClickServiceId),
        new("Payments:Click:MerchantId", "777"),
        new("Payments:Click:SecretKey", ClickSecret),
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Delivery is free in these tests (zones price it otherwise), so every amount below is the product's price.
        await QueryAsync(db => db.DeliveryZones.ExecuteUpdateAsync(s => s.SetProperty(z => z.Fee, 0L)));
    }

    public static string Basic(string login, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login}:{password}"));

    public static readonly string GoodAuth = Basic("Paycom", PaymeKey);

    /// <summary>A new order of <paramref name="price"/> so'm awaiting payment (the customer chose <paramref name="method"/>).</summary>
    protected async Task<(Guid User, long Order)> AwaitingPaymentAsync(long price = 5_000, PaymentMethod method = PaymentMethod.Payme)
    {
        var product = await NewProductAsync(price, stock: 20);
        var user = (await CustomersAsync(1))[0];
        await AddToCartAsync(user, product, 1);
        var result = await CheckoutAsync(user, Delivery(method));
        Assert.True(result.Succeeded, string.Join(",", result.Errors.Select(e => e.Code)));
        Assert.Equal(method == PaymentMethod.Cash ? OrderStatus.AwaitingConfirmation : OrderStatus.AwaitingPayment, (await OrderAsync(result.Value!.OrderId)).Status);
        return (user, result.Value.OrderId);
    }

    protected Task<JsonElement> PaymeAsync(string method, object @params, long id = 1, string? auth = null) =>
        PaymeRawAsync(JsonSerializer.Serialize(new { method, @params, id }), auth ?? GoodAuth);

    protected async Task<JsonElement> PaymeRawAsync(string? body, string? auth, string httpMethod = "POST")
    {
        var json = await InScopeAsync((PaymeMerchant m) => m.HandleAsync(httpMethod, auth, body is null ? null : Encoding.UTF8.GetBytes(body)));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    protected static object Account(long orderId) => new Dictionary<string, string> { ["order_id"] = orderId.ToString() };

    protected static int ErrorCode(JsonElement answer) =>
        answer.TryGetProperty("error", out var e) ? e.GetProperty("code").GetInt32() : throw new Xunit.Sdk.XunitException("No error in " + answer);

    protected static JsonElement Result(JsonElement answer) =>
        answer.TryGetProperty("result", out var r) ? r : throw new Xunit.Sdk.XunitException("No result in " + answer);

    protected static long NowMs(ManualClock clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A Click call with the fields Click sends, signed with our secret unless <paramref name="sign"/> is given; signed at the test clock's start (Tashkent time).</summary>
    protected static Dictionary<string, string> ClickForm(bool complete, string clickTransId, string orderId, string amount, string? prepareId = null,
        string error = "0", string? sign = null, string signTime = "2026-11-21 14:00:00", string serviceId = ClickServiceId)
    {
        var action = complete ? "1" : "0";
        var form = new Dictionary<string, string>
        {
            ["click_trans_id"] = clickTransId, ["service_id"] = serviceId, ["click_paydoc_id"] = "9" + clickTransId, ["merchant_trans_id"] = orderId,
            ["amount"] = amount, ["action"] = action, ["error"] = error, ["error_note"] = error == "0" ? "Success" : "Failed", ["sign_time"] = signTime,
        };
        if (complete) form["merchant_prepare_id"] = prepareId!;
        form["sign_string"] = sign ?? (complete
            ? ClickSign.Complete(clickTransId, serviceId, ClickSecret, orderId, prepareId!, amount, action, signTime)
            : ClickSign.Prepare(clickTransId, serviceId, ClickSecret, orderId, amount, action, signTime));
        return form;
    }

    protected async Task<JsonElement> ClickAsync(bool complete, Dictionary<string, string>? form)
    {
        var json = await InScopeAsync((ClickShop c) => c.HandleAsync(complete, form, "test"));
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    protected Task<List<Payment>> PaymentsOfAsync(long orderId) =>
        QueryAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.Id).ToListAsync());

    protected Task<int> PaidMovesAsync(long orderId) =>
        QueryAsync(db => db.OrderHistory.CountAsync(h => h.OrderId == orderId && h.ToStatus == OrderStatus.Paid));
}
