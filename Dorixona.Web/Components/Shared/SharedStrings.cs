namespace Dorixona.Web.Components.Shared;

/// <summary>
/// Texts of what two or more portals use: buttons, statuses, money, generic errors and Core's <c>error.*</c> codes: <c>Resources/Components/Shared/SharedStrings.resx</c>, Uzbek (Latin) neutral,
/// <c>.ru</c> and <c>.en</c> beside it. Components read it as <c>IStringLocalizer&lt;SharedStrings&gt;</c> named <c>S</c>.
/// </summary>
public sealed class SharedStrings;
