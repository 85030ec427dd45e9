namespace Dorixona.Core.Prescriptions;

public sealed class PrescriptionsOptions
{
    public const string Section = "Prescriptions";

    /// <summary>How long an approval is valid unless the operator chooses otherwise.</summary>
    public int ValidityDays { get; set; } = 30;

    /// <summary>How long an operator keeps a prescription to themself after opening its review page.</summary>
    public int ReviewLockMinutes { get; set; } = 10;
}
