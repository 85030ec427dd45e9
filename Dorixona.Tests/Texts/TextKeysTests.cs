using System.Text.RegularExpressions;

namespace Dorixona.Tests.Texts;

/// <summary>
/// Every key a page, component or endpoint reads by its literal name exists in the resource set it reads from. The source
/// is scanned as text: <c>L["key"]</c>, <c>S["key", arg]</c>, and for keys built at run time (<c>S["state." + x]</c>) at least
/// one key with that prefix. Keys passed around in variables are not seen here; the page tests cover those.
/// </summary>
public partial class TextKeysTests
{
    [Fact]
    public void Every_literal_key_read_in_web_exists_in_its_set()
    {
        var sets = SourceTree.Files("Dorixona.Web", ".resx")
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => SourceTree.Entries(f).Select(e => e.Name).ToHashSet(StringComparer.Ordinal));
        var problems = new List<string>();
        var checkedKeys = 0;

        foreach (var file in SourceTree.Files("Dorixona.Web", ".razor", ".cs"))
        {
            var source = File.ReadAllText(file);
            foreach (var (variable, set) in Localizers(file))
            {
                if (!sets.TryGetValue(set, out var keys))
                {
                    problems.Add($"{SourceTree.Relative(file)}: {variable} reads {set}, which has no .resx");
                    continue;
                }
                checkedKeys += Check(SourceTree.Relative(file), source, Regex.Escape(variable) + @"\[", keys, problems);
            }
        }

        Assert.Empty(problems);
        Assert.True(checkedKeys > 500, $"only {checkedKeys} keys found: the scan has stopped seeing the pages");
    }

    [Fact]
    public void Every_key_core_reads_exists_beside_its_messages()
    {
        var problems = new List<string>();
        var checkedKeys = 0;
        foreach (var resx in SourceTree.Files("Dorixona.Core", ".resx").Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0))
        {
            var code = Path.ChangeExtension(resx, ".cs");
            Assert.True(File.Exists(code), $"{SourceTree.Relative(resx)} has no class beside it to name it");
            var keys = SourceTree.Entries(resx).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            checkedKeys += Check(SourceTree.Relative(code), File.ReadAllText(code), @"Resources\.Text\(", keys, problems);
        }

        Assert.Empty(problems);
        Assert.True(checkedKeys > 15, $"only {checkedKeys} keys found in Core");
    }

    [Fact]
    public void The_scan_sees_literal_and_prefixed_keys_and_reports_a_missing_one()
    {
        var problems = new List<string>();
        const string source = """@L["a.b"] @S["x"] @L["a.b", 1] @L["state." + s] @L[$"home.{k}.title"] @L["nope"]""";

        var found = Check("T.razor", source, @"L\[", new HashSet<string>(["a.b", "state.ready", "home.x.title"], StringComparer.Ordinal), problems);

        Assert.Equal(5, found);
        Assert.Equal(["T.razor: L[\"nope\"] is not in its set"], problems);
    }

    private static int Check(string file, string source, string opening, HashSet<string> keys, List<string> problems)
    {
        var found = 0;
        foreach (Match m in Regex.Matches(source, @"(?<![\w.])" + opening + @"\s*(\$?)""([^""{]*)(\{?)[^""]*""\s*([,\]\)+])"))
        {
            found++;
            var key = m.Groups[2].Value;
            var prefix = m.Groups[1].Value == "$" && m.Groups[3].Value == "{" || m.Groups[4].Value == "+";
            var ok = prefix ? keys.Any(k => k.StartsWith(key, StringComparison.Ordinal)) : keys.Contains(key);
            if (!ok) problems.Add($"{file}: {opening.Replace("\\", "", StringComparison.Ordinal)}\"{key}{(prefix ? "…" : "")}\"{(opening.EndsWith('[') ? "]" : ")")} is not in its set");
        }
        return found;
    }

    /// <summary>Which names a file reads which set through: its own injections and parameters, then its folders' _Imports.razor.</summary>
    private static Dictionary<string, string> Localizers(string file)
    {
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new List<string>();
        if (file.EndsWith(".razor", StringComparison.Ordinal))
            for (var dir = Path.GetDirectoryName(file); dir is not null && dir.Length >= SourceTree.Root.Length; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "_Imports.razor"))) sources.Insert(0, Path.Combine(dir, "_Imports.razor"));
        sources.Add(file);
        foreach (var source in sources)
            foreach (Match m in LocalizerDeclaration().Matches(File.ReadAllText(source)))
                declared[m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["var"].Value] = m.Groups["set"].Value;
        return declared;
    }

    [GeneratedRegex(@"IStringLocalizer<(?:[\w.]+\.)?(?<set>\w+Strings)>\s+(?<name>\w+)|var\s+(?<var>\w+)\s*=\s*[^;]*IStringLocalizer<(?:[\w.]+\.)?(?<set>\w+Strings)>")]
    private static partial Regex LocalizerDeclaration();
}
