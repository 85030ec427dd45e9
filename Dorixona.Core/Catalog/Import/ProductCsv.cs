using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Dorixona.Core.Catalog.Import;

/// <summary>
/// The product CSV: the demo catalog's <c>products.csv</c>, the admin import and the admin export all use it.
/// Substances are INN names joined with "|"; the category is a subcategory's slug.
/// </summary>
public static class ProductCsv
{
    public static readonly string[] Columns =
    [
        "slug", "name", "name_ru", "category_slug", "substances", "dosage_form", "strength", "pack_size", "barcode",
        "price", "old_price", "manufacturer", "requires_prescription", "expiry_date", "popularity", "description",
    ];

    /// <summary>
    /// The leaflet's columns, <c>leaflet_{section}_{uz|ru|en}</c> (<c>leaflet_side_effects_ru</c>), in the order the export writes
    /// them, each with its section (<see cref="LeafletSections.Names"/>) and language. Optional like the translations.
    /// </summary>
    public static readonly IReadOnlyList<(string Column, string Section, string Language)> Leaflet =
    [
        .. from section in LeafletSections.Names
           from language in new[] { "uz", "ru", "en" }
           select ($"leaflet_{Snake(section)}_{language}", section, language),
    ];

    /// <summary>
    /// Columns a file may leave out (files written before they existed still import): the Russian and English descriptions
    /// and the leaflet.
    /// A missing column leaves the product's text as it is; a present, empty cell clears it. The export writes them all.
    /// </summary>
    public static readonly string[] OptionalColumns = ["description_ru", "description_en", .. LeafletColumns()];

    private static IEnumerable<string> LeafletColumns() => Leaflet.Select(l => l.Column);

    private static string Snake(string camel) => string.Concat(camel.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));

    public static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = true,
        TrimOptions = TrimOptions.Trim,
        MissingFieldFound = null,
        BadDataFound = null,
        DetectDelimiter = true,
        DetectDelimiterValues = [",", ";"],
    };

    /// <summary>Reads rows as text keyed by column, with their line numbers; a missing column is reported once.</summary>
    public static (List<(int Line, Dictionary<string, string> Values)> Rows, List<string> MissingColumns) Read(TextReader reader)
    {
        using var csv = new CsvReader(reader, Configuration);
        var rows = new List<(int, Dictionary<string, string>)>();
        if (!csv.Read()) return (rows, [.. Columns]);
        csv.ReadHeader();
        var header = (csv.HeaderRecord ?? []).Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        while (csv.Read())
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) values[header[i]] = csv.GetField(i)?.Trim() ?? "";
            if (values.Values.All(string.IsNullOrEmpty)) continue;
            rows.Add((csv.Parser.RawRow, values));
        }
        return (rows, missing);
    }

    /// <summary>Writes the header (<paramref name="columns"/>, or every column) and the rows, their values in its order.</summary>
    public static void Write(TextWriter writer, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? columns = null)
    {
        using var csv = new CsvWriter(writer, Configuration, leaveOpen: true);
        foreach (var c in columns ?? [.. Columns, .. OptionalColumns]) csv.WriteField(c);
        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var value in row) csv.WriteField(value);
            csv.NextRecord();
        }
    }

    /// <summary>EAN-8/EAN-13/UPC-A check digit (the last digit) is right.</summary>
    public static bool IsValidBarcode(string code)
    {
        if (code.Length is not (8 or 12 or 13) || !code.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = code.Length - 2; i >= 0; i--)
        {
            var weight = (code.Length - 2 - i) % 2 == 0 ? 3 : 1;
            sum += (code[i] - '0') * weight;
        }
        return (10 - sum % 10) % 10 == code[^1] - '0';
    }
}
