namespace Dorixona.Core.Privacy;

/// <summary>
/// The versions of the terms of sale (<c>/terms</c>) and the privacy policy (<c>/privacy</c>) in force. A new registration
/// stores the versions it accepted; change them here when the texts change.
/// </summary>
public sealed class LegalOptions
{
    public const string Section = "Legal";

    public string TermsVersion { get; set; } = "2026-12-01";
    public string PrivacyVersion { get; set; } = "2026-12-01";
}
