using Dorixona.Core.Catalog.Import;

namespace Dorixona.Tests.Infrastructure;

/// <summary>Product CSV files as the admin would upload them.</summary>
public static class TestCsv
{
    /// <summary>A row with every column; <paramref name="values"/> override the defaults by column name.</summary>
    public static Dictionary<string, string> Row(string slug, string category, string substance, string manufacturer, params (string Column, string Value)[] values)
    {
        var row = new Dictionary<string, string>
        {
            ["slug"] = slug, ["name"] = "Imported " + slug, ["name_ru"] = "Импорт " + slug, ["category_slug"] = category,
            ["substances"] = substance, ["dosage_form"] = "tablet", ["strength"] = "200 mg", ["pack_size"] = "10", ["barcode"] = "",
            ["price"] = "8500", ["old_price"] = "", ["manufacturer"] = manufacturer, ["requires_prescription"] = "0",
            ["expiry_date"] = "2028-01-31", ["popularity"] = "3", ["description"] = "Imported in a test, with a comma",
        };
        foreach (var (column, value) in values) row[column] = value;
        return row;
    }

    public static string Text(params Dictionary<string, string>[] rows)
    {
        // The optional columns only when a row sets them, like a file written before they existed.
        string[] columns = [.. ProductCsv.Columns, .. ProductCsv.OptionalColumns.Where(c => rows.Any(r => r.ContainsKey(c)))];
        using var writer = new StringWriter();
        ProductCsv.Write(writer, rows.Select(r => (IReadOnlyList<string>)columns.Select(c => r.GetValueOrDefault(c, "")).ToList()), columns);
        return writer.ToString();
    }
}
