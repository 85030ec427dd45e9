namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/OrdersResource*.resx</c>: the cart, checkout and order screens' text
/// (Uzbek neutral, Russian and English satellites). Root namespace, like <see cref="SharedResource"/>.
/// </summary>
public sealed class OrdersResource;
