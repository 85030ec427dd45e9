using Dorixona.Core.Payments;
using Dorixona.Web.Components.Payments;
using Dorixona.Web.Endpoints;

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

    /// <summary>What Production refuses about payments (see <see cref="PaymentsGuard"/>).</summary>
    public static IEnumerable<string> ProductionProblems(IConfiguration configuration) =>
        PaymentsGuard.Problems(configuration.GetSection(PaymentsOptions.Section).Get<PaymentsOptions>() ?? new PaymentsOptions());
}
