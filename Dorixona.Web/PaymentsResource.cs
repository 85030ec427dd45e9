namespace Dorixona.Web;

/// <summary>
/// Marker type for <c>Resources/PaymentsResource*.resx</c>: the payment block of the order page, the operator's cash
/// and refund forms, the admin payment screens and the simulator (Uzbek neutral, Russian and English satellites).
/// </summary>
public sealed class PaymentsResource;
