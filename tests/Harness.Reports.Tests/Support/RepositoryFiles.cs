namespace Harness.Reports.Tests.Support;

/// <summary>Files at the repository root (scenarios/, schemas/), read in place so the tests check what users run.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Harness.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Harness.sln above {AppContext.BaseDirectory}.");
    }
}
