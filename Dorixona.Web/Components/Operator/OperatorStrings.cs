namespace Dorixona.Web.Components.Operator;

/// <summary>
/// Texts of the operator (pharmacist) portal: <c>Resources/Components/Operator/OperatorStrings.resx</c>, Uzbek (Latin) neutral,
/// <c>.ru</c> and <c>.en</c> beside it. Components read it as <c>IStringLocalizer&lt;OperatorStrings&gt;</c> named <c>L</c>.
/// </summary>
public sealed class OperatorStrings;
