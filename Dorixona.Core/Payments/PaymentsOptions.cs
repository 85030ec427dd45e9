namespace Dorixona.Core.Payments;

/// <summary><c>Payments:*</c>. Keys come from environment variables or user secrets, never appsettings.json.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>Development/Demo: checkout links open our own simulator instead of the providers' pages.</summary>
    public bool Simulator { get; set; }

    /// <summary>The site's public address for return URLs when a proxy hides it (e.g. https://dorixona.uz); empty: the request's own.</summary>
    public string PublicBaseUrl { get; set; } = "";

    public PaymeOptions Payme { get; set; } = new();
    public ClickOptions Click { get; set; } = new();
}

public sealed class PaymeOptions
{
    /// <summary>The cashbox id (<c>m</c> in the checkout link).</summary>
    public string MerchantId { get; set; } = "";
    /// <summary>The live cashbox key: the Basic-auth password Payme sends as <c>Paycom:key</c>.</summary>
    public string Key { get; set; } = "";
    /// <summary>The sandbox's TEST_KEY, accepted instead of <see cref="Key"/> when <see cref="TestMode"/> is on.</summary>
    public string TestKey { get; set; } = "";
    public bool TestMode { get; set; }
    public string CheckoutUrl { get; set; } = "https://checkout.paycom.uz";
    public string TestCheckoutUrl { get; set; } = "https://test.paycom.uz";

    public string ActiveKey => TestMode ? TestKey : Key;
}

public sealed class ClickOptions
{
    public string ServiceId { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string MerchantUserId { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string PayUrl { get; set; } = "https://my.click.uz/services/pay";

    /// <summary>
    /// How far a call's <c>sign_time</c> (Tashkent time) may lie from now, either way, before the call is refused as stale
    /// (<c>-1</c>): Click documents no window; an hour covers clock skew and Click's retries of a Complete (decision 0018).
    /// </summary>
    public TimeSpan SignTimeWindow { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>What Production refuses: missing keys, the demo keys of appsettings.Development.json, the simulator.</summary>
public static class PaymentsGuard
{
    public const string DemoMarker = "demo";

    public static IEnumerable<string> Problems(PaymentsOptions o)
    {
        if (o.Simulator) yield return "Payments:Simulator must be false (it plays the providers against our own webhooks)";
        foreach (var (name, value) in new[]
                 {
                     ("Payments:Payme:MerchantId", o.Payme.MerchantId), ("Payments:Payme:Key", o.Payme.Key),
                     ("Payments:Click:ServiceId", o.Click.ServiceId), ("Payments:Click:MerchantId", o.Click.MerchantId),
                     ("Payments:Click:SecretKey", o.Click.SecretKey),
                 })
        {
            if (string.IsNullOrWhiteSpace(value)) yield return $"{name} must be set (environment variables or user secrets)";
            else if (value.Contains(DemoMarker, StringComparison.OrdinalIgnoreCase)) yield return $"{name} is a demo value";
        }
        if (o.Payme.TestMode) yield return "Payments:Payme:TestMode must be false";
    }
}
