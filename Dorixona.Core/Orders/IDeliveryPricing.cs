namespace Dorixona.Core.Orders;

/// <summary>The delivery fee for an address, or null when no delivery zone serves it (checkout refuses it).</summary>
public interface IDeliveryPricing
{
    Task<DeliveryQuote?> QuoteAsync(string? region, string? district, long itemsTotal, CancellationToken ct = default);
}

public sealed record DeliveryQuote(int ZoneId, string ZoneName, long Fee, long ZoneFee, long FreeAbove)
{
    /// <summary>How much more in the cart makes this delivery free; 0 when it already is or the shop has no threshold.</summary>
    public long MoreForFree(long itemsTotal) => FreeAbove > 0 && ZoneFee > 0 ? Math.Max(0, FreeAbove - itemsTotal) : 0;
}
