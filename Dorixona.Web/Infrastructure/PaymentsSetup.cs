using Dorixona.Core.Payments;
using Dorixona.Web.Components.Payments;
using Dorixona.Web.Api.Providers;
using Microsoft.Extensions.Options;

namespace Dorixona.Web.Infrastructure;

public static class PaymentsSetup
{
    /// <summary>The web side of payments: checkout's hand-over to the provider, the simulator's HTTP client.</summary>
    public static IServiceCollection AddPaymentsWeb(this IServiceCollection services)
    {
        services.AddScoped<CheckoutPayment>();
        services.AddScoped<PaymentSimulator>();
        services.AddHttpClient(PaymentSimulator.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>The site as the browser sees it, for return URLs: <c>Payments:PublicBaseUrl</c> when set (behind a proxy), else this request's.</summary>
    public static string SiteBase(HttpContext http, PaymentsOptions options) =>
        !string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? options.PublicBaseUrl.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>The payment simulator (<c>/dev/payments/…</c>) runs only when configured, and never in Production.</summary>
    public static bool SimulatorEnabled(IOptions<PaymentsOptions> options, IHostEnvironment environment) => options.Value.Simulator && !environment.IsProduction();

    /// <summary>What Production refuses about payments (see <see cref="PaymentsGuard"/>).</summary>
    public static IEnumerable<string> ProductionProblems(IConfiguration configuration) =>
        PaymentsGuard.Problems(configuration.GetSection(PaymentsOptions.Section).Get<PaymentsOptions>() ?? new PaymentsOptions());
}
