namespace Dorixona.Core.Catalog.Alternatives;

/// <summary>What one unit of a pack is: a tablet, a capsule, a millilitre, a dose…; prices per unit compare only within one kind.</summary>
public enum PackUnit { Tablet, Capsule, Piece, Ampoule, Millilitre, Gram, Dose }

/// <summary>The price of one unit of a pack, in so'm with up to two decimals.</summary>
public sealed record UnitPrice(decimal Amount, PackUnit Unit)
{
    /// <summary>
    /// The unit a pack of <paramref name="dosageForm"/> is counted in (the seed data's rule for <c>pack_size</c>): pieces for
    /// solid forms, ml for liquids and sprays, g for ointments, doses for inhalers and for a spray whose strength is per dose.
    /// </summary>
    public static PackUnit UnitOf(string dosageForm, string strength = "") => dosageForm switch
    {
        "tablet" or "film-coated-tablet" or "effervescent-tablet" or "chewable-tablet" => PackUnit.Tablet,
        "capsule" => PackUnit.Capsule,
        "injection" => PackUnit.Ampoule,
        "syrup" or "suspension" or "oral-solution" or "drops" or "eye-drops" or "nasal-spray" or "spray"
            when !strength.Contains("dose", StringComparison.OrdinalIgnoreCase) => PackUnit.Millilitre,
        "spray" or "nasal-spray" or "inhaler" => PackUnit.Dose,
        "ointment" or "cream" or "gel" or "powder" => PackUnit.Gram,
        _ => PackUnit.Piece, // suppositories, sachets, lozenges, patches
    };

    /// <summary>Null for a pack without a size (nothing to divide by).</summary>
    public static UnitPrice? Of(long packPrice, int packSize, string dosageForm, string strength = "") =>
        packSize <= 0 ? null : new UnitPrice(Math.Round((decimal)packPrice / packSize, 2, MidpointRounding.AwayFromZero), UnitOf(dosageForm, strength));

    /// <summary>
    /// How many percent cheaper one unit of <paramref name="other"/> is than one of this (negative: dearer);
    /// null when the units differ in kind (a ml of syrup against a tablet says nothing).
    /// </summary>
    public int? CheaperPercent(UnitPrice? other) =>
        other is null || !Comparable(Unit, other.Unit) || Amount == 0 ? null
        : (int)Math.Round(100 * (Amount - other.Amount) / Amount, MidpointRounding.AwayFromZero);

    /// <summary>A tablet and a capsule are both one taken unit; other kinds compare only with themselves.</summary>
    private static bool Comparable(PackUnit a, PackUnit b) =>
        a == b || (a is PackUnit.Tablet or PackUnit.Capsule && b is PackUnit.Tablet or PackUnit.Capsule);
}
