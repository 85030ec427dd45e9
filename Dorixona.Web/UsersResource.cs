namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/UsersResource*.resx</c>: the admin's users and audit screens and the operator's and
/// customer's dashboards (Uzbek neutral, Russian and English satellites). Read it through <see cref="Infrastructure.UsersText"/>.
/// </summary>
public sealed class UsersResource;
