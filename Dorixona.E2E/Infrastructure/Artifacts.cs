namespace Dorixona.E2E.Infrastructure;

/// <summary>Screenshots and the like go to Dorixona.E2E/TestResults/ (git-ignored), or a temp folder when the project folder is not found.</summary>
public static class Artifacts
{
    public static string Folder(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dorixona.E2E.csproj"))) dir = dir.Parent;
        var root = dir is null ? Path.Combine(Path.GetTempPath(), "dorixona-e2e-results") : Path.Combine(dir.FullName, "TestResults");
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
