namespace Dorixona.Web.Components.Delivery;

/// <summary>
/// Texts of the operators' deliveries page and its dialogs: <c>Resources/Components/Delivery/DeliveryStrings.resx</c>, Uzbek
/// (Latin) neutral, <c>.ru</c> and <c>.en</c> beside it. Read as <c>IStringLocalizer&lt;DeliveryStrings&gt;</c> named <c>L</c>.
/// </summary>
public sealed class DeliveryStrings;
