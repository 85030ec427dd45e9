namespace Dorixona.Web;

/// <summary>Marker type for <c>Resources/DashboardResource*.resx</c>: the admin dashboard, its tables and CSV files (Uzbek neutral, Russian and English satellites).</summary>
public sealed class DashboardResource;
