namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/PrescriptionsResource*.resx</c>: the prescription pages and the operator portal's
/// queue, review page and order board (Uzbek neutral, Russian and English satellites).
/// </summary>
public sealed class PrescriptionsResource;
