using Dorixona.Core.Payments;
using Dorixona.Core.Payments.Click;

namespace Dorixona.Tests.Payments;

/// <summary>The worked examples of payments.md: Click's sign_string (§2.3) and Payme's checkout link (§1.7).</summary>
public sealed class SignatureVectorTests
{
    [Fact]
    public void Click_prepare_sign_matches_the_worked_example()
    {
        Assert.Equal("600f0d107407282c36b46d887b2b33eb", ClickSign.Prepare("18409", "12345", "secret_key", "123", "500", "0", "2024-03-02 07:50:19"));
        Assert.Equal("2af6ee632e0f199c7f8f830726d2648a", ClickSign.Prepare("18409", "12345", "secret_key", "123", "500.00", "0", "2024-03-02 07:50:19"));
    }

    [Fact]
    public void Click_complete_sign_matches_the_worked_example()
    {
        Assert.Equal("e9b87679f2bf40eaadb3f0b797a5e50e", ClickSign.Complete("18409", "12345", "secret_key", "123", "1", "500", "1", "2024-03-02 07:50:19"));
    }

    [Fact]
    public void Payme_checkout_token_matches_the_official_example()
    {
        Assert.Equal("bT01ODdmNzJjNzJjYWMwZDE2MmM3MjJhZTI7YWMub3JkZXJfaWQ9MTk3O2E9NTAw", PaymentLinks.PaymeToken("587f72c72cac0d162c722ae2", 197, 500, null));
        var pairs = PaymentLinks.ReadPaymeToken("bT01ODdmNzJjNzJjYWMwZDE2MmM3MjJhZTI7YWMub3JkZXJfaWQ9MTk3O2E9NTAw")!;
        Assert.Equal(("587f72c72cac0d162c722ae2", "197", "500"), (pairs["m"], pairs["ac.order_id"], pairs["a"]));
    }

    [Fact]
    public void Click_pay_link_amounts_have_two_decimals()
    {
        Assert.Equal("1000.00", PaymentLinks.ClickAmount(1000));
        Assert.Equal("12500.00", PaymentLinks.ClickAmount(12_500));
    }

    [Fact]
    public void Production_refuses_missing_demo_keys_and_the_simulator()
    {
        var demo = new PaymentsOptions
        {
            Simulator = true,
            Payme = new PaymeOptions { MerchantId = "demo-payme-cashbox", Key = "" },
            Click = new ClickOptions { ServiceId = "1", MerchantId = "2", SecretKey = "demo-click-secret" },
        };
        var problems = PaymentsGuard.Problems(demo).ToList();
        Assert.Contains(problems, p => p.Contains("Simulator"));
        Assert.Contains(problems, p => p.Contains("Payments:Payme:Key must be set"));
        Assert.Contains(problems, p => p.Contains("Payments:Payme:MerchantId is a demo value"));
        Assert.Contains(problems, p => p.Contains("Payments:Click:SecretKey is a demo value"));
        var real = new PaymentsOptions
        {
            Payme = new PaymeOptions { MerchantId = "587f72c72cac0d162c722ae2", Key = "k3y" },
            Click = new ClickOptions { ServiceId = "1", MerchantId = "2", SecretKey = "s3cret" },
        };
        Assert.Empty(PaymentsGuard.Problems(real));
    }
}
