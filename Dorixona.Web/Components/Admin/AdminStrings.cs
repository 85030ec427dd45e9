namespace Dorixona.Web.Components.Admin;

/// <summary>
/// Texts of the admin portal: <c>Resources/Components/Admin/AdminStrings.resx</c>, Uzbek (Latin) neutral,
/// <c>.ru</c> and <c>.en</c> beside it. Components read it as <c>IStringLocalizer&lt;AdminStrings&gt;</c> named <c>L</c>.
/// </summary>
public sealed class AdminStrings;
