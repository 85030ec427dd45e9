using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Payments;

/// <summary>
/// The checkout links of payments.md: Payme's base64 <c>m=…;ac.order_id=…;a=…;c=…</c> (amount in tiyin) and Click's
/// pay link (amount <c>N.NN</c>), both returning to the order page. With <c>Payments:Simulator</c> on they open our
/// simulator, which reads the very same link.
/// </summary>
public sealed class PaymentLinks(IOptions<PaymentsOptions> options)
{
    public const string SimulatorPath = "/dev/payments";

    public string? CheckoutUrl(Payment payment, string siteBase) => payment.Provider switch
    {
        PaymentProvider.Payme => PaymeUrl(payment.OrderId, payment.Amount, siteBase),
        PaymentProvider.Click => ClickUrl(payment.OrderId, payment.Amount, siteBase),
        _ => null,
    };

    public string PaymeUrl(long orderId, long amount, string siteBase)
    {
        var o = options.Value;
        var host = o.Simulator ? siteBase.TrimEnd('/') + SimulatorPath + "/payme" : (o.Payme.TestMode ? o.Payme.TestCheckoutUrl : o.Payme.CheckoutUrl).TrimEnd('/');
        return host + "/" + PaymeToken(o.Payme.MerchantId, orderId, Common.Money.ToTiyin(amount), ReturnUrl(siteBase, orderId));
    }

    public string ClickUrl(long orderId, long amount, string siteBase)
    {
        var o = options.Value;
        var url = o.Simulator ? siteBase.TrimEnd('/') + SimulatorPath + "/click" : o.Click.PayUrl;
        var query = new StringBuilder()
            .Append("service_id=").Append(Uri.EscapeDataString(o.Click.ServiceId))
            .Append("&merchant_id=").Append(Uri.EscapeDataString(o.Click.MerchantId))
            .Append("&amount=").Append(ClickAmount(amount))
            .Append("&transaction_param=").Append(orderId.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(o.Click.MerchantUserId)) query.Append("&merchant_user_id=").Append(Uri.EscapeDataString(o.Click.MerchantUserId));
        query.Append("&return_url=").Append(Uri.EscapeDataString(ReturnUrl(siteBase, orderId)));
        return url + "?" + query;
    }

    public static string ReturnUrl(string siteBase, long orderId) => $"{siteBase.TrimEnd('/')}/orders/{orderId}";

    /// <summary>Standard base64 (with padding) of the <c>;</c>-joined pairs, as in Payme's GET example.</summary>
    public static string PaymeToken(string merchantId, long orderId, long tiyin, string? returnUrl)
    {
        var pairs = $"m={merchantId};ac.order_id={orderId.ToString(CultureInfo.InvariantCulture)};a={tiyin.ToString(CultureInfo.InvariantCulture)}";
        if (returnUrl is not null) pairs += ";c=" + returnUrl;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(pairs));
    }

    /// <summary>The pairs in a Payme token ("m", "ac.order_id", "a", "c"), or null when it is not one.</summary>
    public static IReadOnlyDictionary<string, string>? ReadPaymeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>So'm as Click's pay link wants them: <c>N.NN</c>.</summary>
    public static string ClickAmount(long som) => som.ToString("0.00", CultureInfo.InvariantCulture);
}
