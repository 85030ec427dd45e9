namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/DeliveryResource*.resx</c>: the courier portal, delivery tracking, the operators'
/// deliveries page and the admin's zones (Uzbek neutral, Russian and English). Read through <see cref="Components.Delivery.DeliveryText"/>.
/// </summary>
public sealed class DeliveryResource;
