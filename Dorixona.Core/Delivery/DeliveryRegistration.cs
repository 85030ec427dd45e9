using Dorixona.Core.Orders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dorixona.Core.Delivery;

public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DeliveryOptions>(configuration.GetSection(DeliveryOptions.Section));
        services.AddScoped<DeliveryZones>();
        services.AddScoped<IDeliveryPricing>(sp => sp.GetRequiredService<DeliveryZones>());
        services.AddScoped<IOrderTransitionHook, DeliveryOrderHook>();
        services.AddScoped<DeliveryService>();
        services.AddScoped<DeliveryQueries>();
        services.AddScoped<DeliveryEvents>();
        services.AddSingleton<DeliveryEta>();
        services.AddScoped<DeliveryPositionPurge>();
        return services;
    }
}
