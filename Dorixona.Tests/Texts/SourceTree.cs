using System.Xml.Linq;

namespace Dorixona.Tests.Texts;

/// <summary>The repository's source files, found from the test's output folder, and what a .resx file defines.</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dorixona.Web.sln"))) return dir.FullName;
        throw new InvalidOperationException("Dorixona.Web.sln not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<string> Files(string project, params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(Root, project), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Where(f => !Relative(f).Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Every <c>data</c> name in the file, in order, duplicates kept.</summary>
    public static IReadOnlyList<(string Name, string Value)> Entries(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .Select(d => ((string)d.Attribute("name")!, (string?)d.Element("value") ?? ""))
            .ToList();

    /// <summary>A resource set: its neutral (Uzbek) file and the language satellites beside it, by language ("uz" for the neutral one).</summary>
    public static IEnumerable<(string Set, IReadOnlyDictionary<string, string> Files)> ResourceSets(string project) =>
        Files(project, ".resx")
            .GroupBy(f => SetName(f))
            .Select(g => (g.Key, (IReadOnlyDictionary<string, string>)g.ToDictionary(Language)));

    private static string SetName(string file)
    {
        var relative = Relative(file)[..^".resx".Length];
        return Language(file) == "uz" ? relative : relative[..relative.LastIndexOf('.')];
    }

    private static string Language(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var dot = name.LastIndexOf('.');
        return dot < 0 ? "uz" : name[(dot + 1)..];
    }
}
