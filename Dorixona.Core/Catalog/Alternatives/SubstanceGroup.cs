using Dorixona.Core.Catalog.Search;

namespace Dorixona.Core.Catalog.Alternatives;

/// <summary>
/// The products of one catalog picture that share exactly the same active substances, with what ranking them as
/// alternatives needs and nothing about stock: ordered by pack price (then name, then id), each with its strength as
/// compared, its form family and its price per unit. Built once per group and catalog picture, on first use, so a
/// product page no longer sorts hundreds of products, normalises their strengths or divides their prices per view.
/// </summary>
internal sealed class SubstanceGroup
{
    private SubstanceGroup(int[] docs, long[] prices, string[] strengths, string[] forms, UnitPrice?[] units)
    {
        Docs = docs;
        Prices = prices;
        Strengths = strengths;
        Forms = forms;
        Units = units;
    }

    /// <summary>Snapshot product numbers by pack price, then name (ordinal), then id; the arrays below follow this order.</summary>
    public int[] Docs { get; }
    public long[] Prices { get; }
    public string[] Strengths { get; }
    public string[] Forms { get; }
    public UnitPrice?[] Units { get; }

    public static SubstanceGroup Build(IReadOnlyList<int> members, ProductDoc[] docs)
    {
        var order = members.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = docs[a].Price.CompareTo(docs[b].Price);
            if (c == 0) c = string.CompareOrdinal(docs[a].Name, docs[b].Name);
            return c != 0 ? c : docs[a].Id.CompareTo(docs[b].Id);
        });
        var prices = new long[order.Length];
        var strengths = new string[order.Length];
        var forms = new string[order.Length];
        var units = new UnitPrice?[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var d = docs[order[k]];
            prices[k] = d.Price;
            strengths[k] = AlternativeOffers.NormalizeStrength(d.Strength);
            forms[k] = AlternativeOffers.FormFamily(d.DosageForm);
            units[k] = UnitPrice.Of(d.Price, d.PackSize, d.DosageForm, d.Strength);
        }
        return new SubstanceGroup(order, prices, strengths, forms, units);
    }

    public int PositionOf(int doc) => Array.IndexOf(Docs, doc);

    /// <summary>
    /// The first <paramref name="take"/> products other than the one at <paramref name="self"/> by pack price, those in stock
    /// first among equal prices, then by name and id: the order <see cref="CatalogView.Alternatives"/> defines, found without
    /// sorting (within a run of equal prices the in-stock ones come first, each part keeping its name order). Writes
    /// positions in <see cref="Docs"/> and answers how many.
    /// </summary>
    public int Cheapest(int self, int[] stock, int take, Span<int> into)
    {
        var n = 0;
        for (var start = 0; start < Docs.Length && n < take;)
        {
            var end = start + 1;
            while (end < Docs.Length && Prices[end] == Prices[start]) end++;
            for (var k = start; k < end && n < take; k++)
                if (k != self && stock[Docs[k]] > 0) into[n++] = k;
            for (var k = start; k < end && n < take; k++)
                if (k != self && stock[Docs[k]] <= 0) into[n++] = k;
            start = end;
        }
        return n;
    }
}
