namespace Dorixona.Web.Components.Orders.Follow;

/// <summary>
/// Texts of the order page's live island (stepper, payment, courier): <c>Resources/Components/Orders/Follow/OrderFollowStrings.resx</c>,
/// Uzbek (Latin) neutral, <c>.ru</c> and <c>.en</c> beside it. Read as <c>IStringLocalizer&lt;OrderFollowStrings&gt;</c> named <c>F</c>.
/// </summary>
public sealed class OrderFollowStrings;
