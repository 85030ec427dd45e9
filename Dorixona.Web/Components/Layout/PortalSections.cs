using MudBlazor;

namespace Dorixona.Web.Components.Layout;

/// <summary>One entry of a portal's drawer: where it goes, its icon (a MudBlazor SVG path), its text's SharedStrings key,
/// and whether only the exact address marks it active (the portal's home) rather than everything under it.</summary>
public sealed record PortalSection(string Href, string Icon, string TextKey, bool Exact = false);

/// <summary>
/// The drawer's sections of each portal. Data rather than components: the shell renders them as plain links, so a circuit
/// keeps no component per link (decision 0035).
/// </summary>
public static class PortalSections
{
    public static readonly IReadOnlyList<PortalSection> Operator =
    [
        new("/operator", Icons.Material.Filled.Dashboard, "portal.operator.title", Exact: true),
        new("/operator/prescriptions", Icons.Material.Filled.Description, "portal.operator.prescriptions.title"),
        new("/operator/orders", Icons.Material.Filled.ViewKanban, "portal.operator.orders.title"),
        new("/operator/deliveries", Icons.Material.Filled.LocalShipping, "portal.operator.deliveries.title"),
        new("/operator/refunds", Icons.Material.Filled.CurrencyExchange, "portal.operator.refunds.title"),
    ];

    public static readonly IReadOnlyList<PortalSection> Courier =
    [
        new("/courier", Icons.Material.Filled.DeliveryDining, "portal.courier.title", Exact: true),
    ];

    public static readonly IReadOnlyList<PortalSection> Admin =
    [
        new("/admin", Icons.Material.Filled.Home, "portal.admin.title", Exact: true),
        new("/admin/dashboard", Icons.Material.Filled.Insights, "portal.admin.dashboard.title"),
        new("/admin/catalog", Icons.Material.Filled.Medication, "portal.admin.catalog.title"),
        new("/admin/search/complaints", Icons.Material.Filled.ManageSearch, "portal.admin.complaints.title"),
        new("/admin/users", Icons.Material.Filled.People, "portal.admin.users.title"),
        new("/admin/payments", Icons.Material.Filled.Payments, "portal.admin.payments.title"),
        new("/admin/broadcasts", Icons.Material.Filled.Campaign, "portal.admin.broadcasts.title"),
        new("/admin/audit", Icons.Material.Filled.History, "portal.admin.audit.title"),
        new("/admin/delivery-zones", Icons.Material.Filled.Map, "portal.admin.zones.title"),
        new("/admin/settings", Icons.Material.Filled.Settings, "portal.admin.settings.title"),
    ];

    /// <summary>Whether <paramref name="section"/> is the page at <paramref name="path"/> (no query), as NavLink matches:
    /// exactly, or as a prefix that ends at a segment.</summary>
    public static bool IsActive(PortalSection section, string path)
    {
        path = path.TrimEnd('/');
        if (string.Equals(path, section.Href, StringComparison.OrdinalIgnoreCase)) return true;
        return !section.Exact && path.StartsWith(section.Href + "/", StringComparison.OrdinalIgnoreCase);
    }
}
