using Dorixona.Core.Delivery;
using Dorixona.Core.Orders;
using Dorixona.Core.Prescriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dorixona.Core.Settings;

public static class SettingsServices
{
    public static IServiceCollection AddShopSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CatalogStockOptions>(configuration.GetSection(CatalogStockOptions.Section));
        services.AddScoped<IShopSettings, ConfiguredShopSettings>();
        return services;
    }
}

/// <summary>The configured defaults.</summary>
public sealed class ConfiguredShopSettings(
    IOptions<OrdersOptions> orders, IOptions<DeliveryOptions> delivery, IOptions<CatalogStockOptions> catalog, IOptions<PrescriptionsOptions> prescriptions) : IShopSettings
{
    public ShopSettings Defaults => new(orders.Value.PaymentTimeout, delivery.Value.FreeAbove, catalog.Value.LowStockThreshold, prescriptions.Value.ValidityDays);

    public Task<ShopSettings> GetAsync(CancellationToken ct = default) => Task.FromResult(Defaults);
}
