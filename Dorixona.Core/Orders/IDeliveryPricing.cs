namespace Dorixona.Core.Orders;

/// <summary>The delivery fee for an address, or null when no delivery zone serves it (checkout refuses it).</summary>
public interface IDeliveryPricing
{
    Task<DeliveryQuote?> QuoteAsync(string? region, string? district, long itemsTotal, CancellationToken ct = default);
}

public sealed record DeliveryQuote(int ZoneId, string ZoneName, long Fee, long ZoneFee, long FreeAbove);
