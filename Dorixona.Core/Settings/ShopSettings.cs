namespace Dorixona.Core.Settings;

/// <summary>
/// The business rules an admin changes without a deploy. Defaults come from configuration
/// (<c>Orders:PaymentTimeout</c>, <c>Delivery:FreeAbove</c>, <c>Catalog:LowStockThreshold</c>,
/// <c>Prescriptions:ValidityDays</c>); an admin's saved values override them.
/// </summary>
public sealed record ShopSettings(
    TimeSpan PaymentTimeout,
    long FreeDeliveryAbove,
    int LowStockThreshold,
    int PrescriptionValidityDays);

/// <summary>Reads the current <see cref="ShopSettings"/>; cheap to call on every request.</summary>
public interface IShopSettings
{
    Task<ShopSettings> GetAsync(CancellationToken ct = default);
}

/// <summary>Where the defaults live: the options each feature already reads, plus the low-stock threshold.</summary>
public sealed class CatalogStockOptions
{
    public const string Section = "Catalog";

    /// <summary>A product whose total stock over all branches is at or below this counts as low on stock.</summary>
    public int LowStockThreshold { get; set; } = 10;
}
