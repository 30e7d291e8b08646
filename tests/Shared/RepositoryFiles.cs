namespace Harness.Tests.Shared;

/// <summary>
/// Files at the repository root (scenarios/, schemas/, docs/), read in place from the test output folder, so the
/// tests check what users run and a drift between those files and the code fails the build. Linked into each test
/// project that needs it.
/// </summary>
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
