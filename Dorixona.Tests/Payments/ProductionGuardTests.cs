using Dorixona.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Dorixona.Tests.Payments;

/// <summary>The app will not start in Production with the simulator on or with payment keys missing or left at the demo values.</summary>
public sealed class ProductionGuardTests
{
    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Dorixona.Web";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static readonly Dictionary<string, string?> Safe = new()
    {
        ["Sms:Provider"] = "Eskiz", ["Sms:Eskiz:Email"] = "shop@example.uz", ["Sms:Eskiz:Password"] = "p",
        ["Payments:Payme:MerchantId"] = "587f72c72cac0d162c722ae2", ["Payments:Payme:Key"] = "live-key",
        ["Payments:Click:ServiceId"] = "101", ["Payments:Click:MerchantId"] = "202", ["Payments:Click:SecretKey"] = "live-secret",
    };

    private static IConfiguration Config(params (string Key, string? Value)[] changes)
    {
        var all = new Dictionary<string, string?>(Safe);
        foreach (var (k, v) in changes) all[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    [Fact]
    public void Production_starts_with_real_keys_and_no_simulator() =>
        ProductionGuard.ThrowIfUnsafe(Config(), new Env(Environments.Production));

    [Theory]
    [InlineData("Payments:Simulator", "true", "Payments:Simulator")]
    [InlineData("Payments:Payme:Key", "", "Payments:Payme:Key")]
    [InlineData("Payments:Click:SecretKey", "demo-click-secret", "Payments:Click:SecretKey")]
    [InlineData("Payments:Payme:TestMode", "true", "Payments:Payme:TestMode")]
    public void Production_refuses_to_start_with_an_unsafe_payment_setting(string key, string value, string named)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ProductionGuard.ThrowIfUnsafe(Config((key, value)), new Env(Environments.Production)));
        Assert.Contains(named, e.Message);
        ProductionGuard.ThrowIfUnsafe(Config((key, value)), new Env(Environments.Development)); // Development runs with the demo keys
    }
}
