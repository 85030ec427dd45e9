namespace Dorixona.Web.Components.Shared;

/// <summary>
/// MudBlazor's own words (the data grid's pager and filters, dialogs' close buttons, required fields) in Uzbek, Russian and
/// English: <c>Resources/Components/Shared/MudStrings.resx</c>, keyed by MudBlazor's resource names. Read by
/// <c>PortalMudLocalizer</c>; a key MudBlazor adds later falls back to its English until it is translated here.
/// </summary>
public sealed class MudStrings;
