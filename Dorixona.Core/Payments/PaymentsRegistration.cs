using Dorixona.Core.Orders;
using Dorixona.Core.Payments.Click;
using Dorixona.Core.Payments.Payme;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.Payments;

public static class PaymentsRegistration
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PaymentsOptions>(configuration.GetSection(PaymentsOptions.Section));
        services.AddScoped<PaymentService>();
        services.AddScoped<PaymentEvents>();
        services.AddScoped<PaymentLinks>();
        services.AddScoped<PaymentQueries>();
        services.AddScoped<PaymeMerchant>();
        services.AddScoped<ClickShop>();
        services.AddScoped<PaymeTimeout>();
        services.AddSingleton<PaymentLogWriter>();
        services.AddScoped<IOrderTransitionHook, PaymentsOnOrderCancel>();
        return services;
    }
}
