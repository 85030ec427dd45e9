namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/AdminResource*.resx</c>: the admin portal's text and its error messages,
/// Uzbek (Latin) neutral, Russian and English satellites. Read it through <see cref="Infrastructure.AdminText"/>.
/// </summary>
public sealed class AdminResource;
