using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dorixona.Core.Catalog.Alternatives;

namespace Dorixona.Web.Files;

/// <summary>
/// A drawn pack for a product without an uploaded photo (decision 0045): the shape of its dosage form (carton, bottle,
/// dropper, tube, spray, inhaler, ampoule, sachet) in the shop's colours, with the name, strength and pack size on the
/// label. Plain SVG text, made from the product's own fields, so every product has one without a stored file.
/// </summary>
public static class PackIllustration
{
    public const string PathPrefix = "/media/packs";

    public enum Shape { Carton, Bottle, Dropper, Tube, Spray, Inhaler, Ampoule, Sachet }

    public static Shape ShapeOf(string dosageForm) => dosageForm switch
    {
        "syrup" or "suspension" or "oral-solution" => Shape.Bottle,
        "drops" or "eye-drops" => Shape.Dropper,
        "ointment" or "cream" or "gel" => Shape.Tube,
        "spray" or "nasal-spray" => Shape.Spray,
        "inhaler" => Shape.Inhaler,
        "injection" => Shape.Ampoule,
        "sachet" or "powder" => Shape.Sachet,
        _ => Shape.Carton,
    };

    /// <summary>The picture's address; <c>v</c> changes with what is drawn, so a browser may keep each version for a year.</summary>
    public static string Url(string slug, string name, string dosageForm, string strength, int packSize) =>
        $"{PathPrefix}/{Uri.EscapeDataString(slug)}.svg?v={Version(name, dosageForm, strength, packSize)}";

    public static string Version(string name, string dosageForm, string strength, int packSize)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{dosageForm}\n{strength}\n{packSize}"));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 4));
    }

    public static string Svg(string name, string dosageForm, string strength, int packSize)
    {
        var shape = ShapeOf(dosageForm);
        var (main, light) = Colours(shape);
        var svg = new StringBuilder(1600);
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 240\" width=\"240\" height=\"240\" role=\"img\" aria-label=\"")
            .Append(Escape(name)).Append("\" data-shape=\"").Append(shape.ToString().ToLowerInvariant()).Append("\">")
            .Append("<rect width=\"240\" height=\"240\" fill=\"#f1f5f4\"/>");
        svg.Append(Body(shape, main, light));
        var (labelX, top, bottom, labelWidth) = Label(shape);
        // A bold character is about 0.6 em wide: the longest word sets the largest size at which no word is cut, and the
        // size shrinks further until the lines, the strength and the pack fit the label's height.
        var longest = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Length).DefaultIfEmpty(1).Max();
        var details = (strength.Length > 0 ? 15 : 0) + (packSize > 0 ? 15 : 0);
        var size = Math.Clamp(labelWidth / (0.6 * longest), 9, 15);
        int PerLine() => Math.Max(longest, (int)(labelWidth / (0.6 * size)));
        var lines = Wrap(name, PerLine(), 3);
        while (size > 9 && lines.Count * size * 1.2 + details + 4 > bottom - top)
        {
            size -= 0.5;
            lines = Wrap(name, PerLine(), 3);
        }
        // The block (name lines, strength, pack) sits in the middle of the label.
        var y = top + (bottom - top - (lines.Count * size * 1.2 + details)) / 2 + size;
        foreach (var line in lines)
        {
            Text(svg, labelX, y, size, "700", "#1f2937", line);
            y += size * 1.2;
        }
        if (strength.Length > 0)
        {
            Text(svg, labelX, y + 2, 12, "400", "#4b5563", Shorten(strength, (int)(labelWidth / 6.6)));
            y += 15;
        }
        if (packSize > 0) Text(svg, labelX, y + 2, 12, "600", "#4b5563", PackText(dosageForm, strength, packSize));
        return svg.Append("</svg>").ToString();
    }

    private static void Text(StringBuilder svg, int x, double y, double size, string weight, string fill, string text) =>
        svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x}\" y=\"{y:0.#}\" text-anchor=\"middle\" font-family=\"system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif\" font-size=\"{size:0.#}\" font-weight=\"{weight}\" fill=\"{fill}\">")
            .Append(Escape(text)).Append("</text>");

    private static string PackText(string dosageForm, string strength, int packSize) => UnitPrice.UnitOf(dosageForm, strength) switch
    {
        PackUnit.Millilitre => $"{packSize} ml",
        PackUnit.Gram => $"{packSize} g",
        PackUnit.Dose => $"{packSize} dz",
        _ => $"№{packSize}",
    };

    private static (string Main, string Light) Colours(Shape shape) => shape switch
    {
        Shape.Bottle or Shape.Dropper => ("#0e7490", "#cffafe"),
        Shape.Tube => ("#4d7c0f", "#ecfccb"),
        Shape.Spray or Shape.Inhaler => ("#0369a1", "#e0f2fe"),
        Shape.Ampoule => ("#b45309", "#fef3c7"),
        Shape.Sachet => ("#7c3aed", "#ede9fe"),
        _ => ("#0f766e", "#ccfbf1"),
    };

    /// <summary>The label's centre line, its top and bottom edges and its width: where the text goes on each shape.</summary>
    private static (int X, int Top, int Bottom, int Width) Label(Shape shape) => shape switch
    {
        Shape.Bottle => (120, 100, 204, 104),
        Shape.Dropper => (120, 96, 206, 92),
        Shape.Tube => (114, 74, 140, 130),
        Shape.Spray => (120, 94, 208, 92),
        Shape.Inhaler => (112, 66, 168, 110),
        Shape.Ampoule => (120, 164, 234, 190),
        Shape.Sachet => (120, 70, 184, 140),
        _ => (114, 84, 178, 140),
    };

    private static string Body(Shape shape, string main, string light) => shape switch
    {
        Shape.Carton =>
            $"<path d=\"M38 62 L62 40 H214 L190 62 Z\" fill=\"{light}\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            $"<path d=\"M190 62 L214 40 V178 L190 200 Z\" fill=\"{main}\" opacity=\".85\"/>" +
            $"<rect x=\"38\" y=\"62\" width=\"152\" height=\"138\" rx=\"4\" fill=\"#ffffff\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            $"<rect x=\"38\" y=\"62\" width=\"152\" height=\"22\" fill=\"{main}\"/>" +
            $"<rect x=\"38\" y=\"178\" width=\"152\" height=\"22\" fill=\"{light}\"/>" +
            $"<g transform=\"translate(62 189)\"><rect x=\"-12\" y=\"-6\" width=\"24\" height=\"12\" rx=\"6\" fill=\"{main}\"/><rect x=\"0\" y=\"-6\" width=\"12\" height=\"12\" rx=\"0\" fill=\"#ffffff\" opacity=\".6\"/></g>",
        Shape.Bottle =>
            $"<rect x=\"98\" y=\"30\" width=\"44\" height=\"26\" rx=\"4\" fill=\"{main}\"/>" +
            $"<path d=\"M104 56 H136 V72 C170 80 178 96 178 116 V204 Q178 214 168 214 H72 Q62 214 62 204 V116 C62 96 70 80 104 72 Z\" fill=\"{light}\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            "<rect x=\"64\" y=\"100\" width=\"112\" height=\"104\" fill=\"#ffffff\"/>",
        Shape.Dropper =>
            $"<path d=\"M112 18 Q120 8 128 18 V50 H112 Z\" fill=\"{main}\"/>" +
            $"<rect x=\"102\" y=\"50\" width=\"36\" height=\"26\" rx=\"4\" fill=\"{main}\" opacity=\".85\"/>" +
            $"<rect x=\"70\" y=\"76\" width=\"100\" height=\"138\" rx=\"14\" fill=\"{light}\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            "<rect x=\"72\" y=\"96\" width=\"96\" height=\"110\" fill=\"#ffffff\"/>",
        Shape.Tube =>
            $"<path d=\"M40 72 H184 L206 92 V132 L184 152 H40 Q30 152 30 142 V82 Q30 72 40 72 Z\" fill=\"#ffffff\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            $"<rect x=\"206\" y=\"100\" width=\"18\" height=\"24\" rx=\"3\" fill=\"{main}\"/>" +
            $"<rect x=\"30\" y=\"72\" width=\"14\" height=\"80\" fill=\"{light}\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            $"<rect x=\"44\" y=\"140\" width=\"140\" height=\"12\" fill=\"{main}\" opacity=\".85\"/>",
        Shape.Spray =>
            $"<rect x=\"108\" y=\"22\" width=\"24\" height=\"30\" rx=\"6\" fill=\"{main}\"/><rect x=\"132\" y=\"30\" width=\"16\" height=\"8\" rx=\"3\" fill=\"{main}\"/>" +
            $"<rect x=\"100\" y=\"52\" width=\"40\" height=\"20\" rx=\"4\" fill=\"{main}\" opacity=\".85\"/>" +
            $"<rect x=\"70\" y=\"72\" width=\"100\" height=\"144\" rx=\"16\" fill=\"{light}\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            "<rect x=\"72\" y=\"94\" width=\"96\" height=\"114\" fill=\"#ffffff\"/>",
        Shape.Inhaler =>
            $"<path d=\"M52 50 Q52 36 66 36 H158 Q172 36 172 50 V168 H52 Z\" fill=\"#ffffff\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            $"<path d=\"M62 168 H190 Q204 168 204 182 V200 Q204 212 190 212 H62 Z\" fill=\"{main}\"/>" +
            $"<rect x=\"52\" y=\"36\" width=\"120\" height=\"30\" rx=\"12\" fill=\"{light}\"/>",
        Shape.Ampoule =>
            $"<g fill=\"{light}\" stroke=\"{main}\" stroke-width=\"2\">" +
            "<path d=\"M58 34 Q66 22 74 34 V62 Q84 72 84 86 V150 Q84 160 74 160 H58 Q48 160 48 150 V86 Q48 72 58 62 Z\"/>" +
            "<path d=\"M112 34 Q120 22 128 34 V62 Q138 72 138 86 V150 Q138 160 128 160 H112 Q102 160 102 150 V86 Q102 72 112 62 Z\"/>" +
            "<path d=\"M166 34 Q174 22 182 34 V62 Q192 72 192 86 V150 Q192 160 182 160 H166 Q156 160 156 150 V86 Q156 72 166 62 Z\"/></g>" +
            $"<rect x=\"20\" y=\"164\" width=\"200\" height=\"70\" rx=\"6\" fill=\"#ffffff\" stroke=\"{main}\" stroke-width=\"2\"/>",
        Shape.Sachet =>
            $"<path d=\"M44 34 H196 V206 H44 Z\" fill=\"#ffffff\" stroke=\"{main}\" stroke-width=\"2\"/>" +
            $"<path d=\"M44 34 H196 V56 H44 Z M44 184 H196 V206 H44 Z\" fill=\"{main}\"/>" +
            $"<path d=\"M44 56 H196 V70 H44 Z\" fill=\"{light}\"/>",
        _ => "",
    };

    /// <summary>Breaks the name at spaces into at most <paramref name="maxLines"/> lines of about <paramref name="width"/> characters.</summary>
    internal static List<string> Wrap(string text, int width, int maxLines)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                lines.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }
        if (current.Length > 0) lines.Add(current.ToString());
        if (lines.Count > maxLines) lines = [.. lines.Take(maxLines - 1), string.Join(' ', lines.Skip(maxLines - 1))];
        return lines.Select(l => Shorten(l, width)).ToList();
    }

    private static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)].TrimEnd() + "…";

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}
