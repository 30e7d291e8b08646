using Harness.Reports.Tests.Support;
using Harness.Runner.Reports;

namespace Harness.Reports.Tests;

/// <summary>The report directory's index follows its run folders, and writing leaves no temporary file behind.</summary>
public sealed class RunFolderTests
{
    [Test]
    public async Task The_index_follows_a_result_json_rewritten_on_disk_and_no_temporary_file_is_left()
    {
        var directory = Path.Combine(ReportRuns.Root, "index-" + Guid.NewGuid().ToString("N")[..8]);
        var passing = ReportRuns.Passing.Report with { RunId = "20260101-000000-a" };
        var folder = Path.Combine(directory, passing.RunId);
        await RunFolder.WriteAsync(folder, passing, CancellationToken.None);
        (await File.ReadAllTextAsync(Path.Combine(directory, RunFolder.IndexFileName))).Should().Contain(">PASS<").And.NotContain(">FAIL<");

        // Another process (a later harness, a shard) rewrites the file: the index reads it again.
        var failing = passing with { Summary = passing.Summary with { Met = 0, Unmet = 1, ExitCode = 1 } };
        await ResultJson.WriteAsync(failing, Path.Combine(folder, ResultJson.FileName), CancellationToken.None);
        await RunFolder.WriteIndexAsync(directory, CancellationToken.None);

        (await File.ReadAllTextAsync(Path.Combine(directory, RunFolder.IndexFileName))).Should().Contain(">FAIL<").And.NotContain(">PASS<");
        Directory.GetFiles(directory, "*.tmp", SearchOption.AllDirectories).Should().BeEmpty();
    }
}
