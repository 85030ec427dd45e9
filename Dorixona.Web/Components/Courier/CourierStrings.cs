namespace Dorixona.Web.Components.Courier;

/// <summary>
/// Texts of the courier portal: <c>Resources/Components/Courier/CourierStrings.resx</c>, Uzbek (Latin) neutral,
/// <c>.ru</c> and <c>.en</c> beside it. Components read it as <c>IStringLocalizer&lt;CourierStrings&gt;</c> named <c>L</c>.
/// </summary>
public sealed class CourierStrings;
