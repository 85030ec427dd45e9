using System.Text.RegularExpressions;

namespace Dorixona.Tests.Texts;

/// <summary>Every resource set of Web and Core speaks Uzbek, Russian and English with the same keys, each defined once.</summary>
public partial class ResourceFilesTests
{
    public static TheoryData<string> Projects => new() { "Dorixona.Web", "Dorixona.Core" };

    [Theory]
    [MemberData(nameof(Projects))]
    public void Every_set_has_an_uzbek_a_russian_and_an_english_file(string project)
    {
        var sets = SourceTree.ResourceSets(project).ToList();

        Assert.NotEmpty(sets);
        Assert.All(sets, s => Assert.True(s.Files.Keys.Order().SequenceEqual(["en", "ru", "uz"]),
            $"{s.Set}: languages {string.Join(", ", s.Files.Keys.Order())}, expected en, ru, uz"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void No_key_is_defined_twice_in_a_file(string project)
    {
        var twice = SourceTree.Files(project, ".resx")
            .SelectMany(f => SourceTree.Entries(f).GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => $"{SourceTree.Relative(f)}: {g.Key}"))
            .ToList();

        Assert.Empty(twice);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Each_language_of_a_set_has_the_same_keys(string project)
    {
        var problems = new List<string>();
        foreach (var (set, files) in SourceTree.ResourceSets(project))
        {
            var keys = files.ToDictionary(f => f.Key, f => SourceTree.Entries(f.Value).Select(e => e.Name).ToHashSet(StringComparer.Ordinal));
            var all = keys.Values.SelectMany(k => k).ToHashSet(StringComparer.Ordinal);
            foreach (var (language, present) in keys)
                problems.AddRange(all.Except(present).Order(StringComparer.Ordinal).Select(k => $"{set} [{language}] misses {k}"));
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Each_language_fills_in_the_same_placeholders(string project)
    {
        var problems = new List<string>();
        foreach (var (set, files) in SourceTree.ResourceSets(project))
        {
            var byLanguage = files.ToDictionary(f => f.Key, f => SourceTree.Entries(f.Value).DistinctBy(e => e.Name).ToDictionary(e => e.Name, e => Placeholders(e.Value)));
            foreach (var (key, uz) in byLanguage.GetValueOrDefault("uz") ?? [])
                foreach (var (language, entries) in byLanguage.Where(l => l.Key != "uz"))
                    if (entries.TryGetValue(key, out var other) && other != uz) problems.Add($"{set} {key}: uz has {{{uz}}}, {language} has {{{other}}}");
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void The_checks_see_a_key_written_twice_and_every_placeholder()
    {
        var folder = Directory.CreateTempSubdirectory("dx-resx-").FullName;
        try
        {
            const string head = "<?xml version=\"1.0\" encoding=\"utf-8\"?><root>";
            File.WriteAllText(Path.Combine(folder, "T.resx"), head + "<data name=\"a\"><value>A</value></data><data name=\"a\"><value>B</value></data></root>");
            var entries = SourceTree.Entries(Path.Combine(folder, "T.resx"));

            Assert.Equal(["a", "a"], entries.Select(e => e.Name));
            Assert.Equal("0,1", Placeholders("{1} va {0} va {0:N0}"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Placeholders(string text) =>
        string.Join(",", PlaceholderPattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order());

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
