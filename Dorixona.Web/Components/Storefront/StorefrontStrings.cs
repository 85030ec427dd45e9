namespace Dorixona.Web.Components.Storefront;

/// <summary>
/// Texts of the shop, the account pages and the customer's orders, prescriptions and payments: <c>Resources/Components/Storefront/StorefrontStrings.resx</c>, Uzbek (Latin) neutral,
/// <c>.ru</c> and <c>.en</c> beside it. Components read it as <c>IStringLocalizer&lt;StorefrontStrings&gt;</c> named <c>L</c>.
/// </summary>
public sealed class StorefrontStrings;
