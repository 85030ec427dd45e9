namespace Dorixona.Web.Components.Storefront.Legal;

/// <summary>
/// The words of the privacy policy and the terms of sale: <c>Resources/Components/Storefront/Legal/LegalStrings.resx</c>, Uzbek
/// (Latin) neutral, <c>.ru</c> and <c>.en</c> beside it. Kept apart from <see cref="StorefrontStrings"/> because they are
/// documents, versioned by <c>Legal:*Version</c>, not interface labels (decision 0057).
/// </summary>
public sealed class LegalStrings;
