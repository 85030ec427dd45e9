namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/SharedResource*.resx</c>: Uzbek (Latin) is the neutral file, Russian
/// and English the satellites. It sits in the root namespace so the resource name matches.
/// </summary>
public sealed class SharedResource;
