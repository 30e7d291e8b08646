using System.Collections.Concurrent;

namespace Harness.Runner.Reports;

/// <summary>
/// A run's folder under the report directory: result.json, report.html and junit.xml, rewritten as scenarios finish
/// so an interrupted run still leaves a readable report; and the report directory's index.html listing every run (with
/// the shrink pages in its folder) and every exploration's folder.
/// </summary>
public static class RunFolder
{
    public const string HtmlFileName = "report.html";

    public const string IndexFileName = "index.html";

    /// <summary>
    /// What the index needs of each result.json read so far, by full path, with the file's size and time then: the
    /// index is rewritten every time a scenario finishes, and re-reading every earlier run (a big one's result.json
    /// takes about a second) each time made a long run spend minutes on it.
    /// </summary>
    private static readonly ConcurrentDictionary<string, (long Length, DateTime WrittenAt, RunReport Run)> IndexEntries = new(StringComparer.Ordinal);

    /// <summary>Writes the three files of one run into <paramref name="folder"/> (created if needed) and refreshes the parent's index.</summary>
    public static async Task WriteAsync(string folder, RunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);

        // Written beside, then moved over the old file: a reader (or a kill) never sees half a file.
        await ReplaceAsync(Path.Combine(folder, ResultJson.FileName), path => ResultJson.WriteAsync(report, path, cancellationToken)).ConfigureAwait(false);
        await ReplaceAsync(Path.Combine(folder, JUnitReport.FileName), path => JUnitReport.WriteAsync(report, path, cancellationToken)).ConfigureAwait(false);
        await ReplaceAsync(Path.Combine(folder, HtmlFileName), path => File.WriteAllTextAsync(path, HtmlReport.Render(report), cancellationToken)).ConfigureAwait(false);
        Remember(new FileInfo(Path.Combine(folder, ResultJson.FileName)), report);
        await WriteIndexAsync(Path.GetDirectoryName(Path.GetFullPath(folder))!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rebuilds report.html (and the index) from a run folder's result.json; returns the HTML's path.</summary>
    public static async Task<string> RebuildAsync(string folder, CancellationToken cancellationToken)
    {
        var report = await ResultJson.ReadAsync(Path.Combine(folder, ResultJson.FileName), cancellationToken).ConfigureAwait(false);
        var html = Path.Combine(folder, HtmlFileName);
        await ReplaceAsync(html, path => File.WriteAllTextAsync(path, HtmlReport.Render(report), cancellationToken)).ConfigureAwait(false);
        await WriteIndexAsync(Path.GetDirectoryName(Path.GetFullPath(folder))!, cancellationToken).ConfigureAwait(false);
        return html;
    }

    /// <summary>Rewrites <c>index.html</c> in <paramref name="reportDirectory"/>: every run folder with a readable result.json, newest first.</summary>
    public static async Task<string> WriteIndexAsync(string reportDirectory, CancellationToken cancellationToken)
    {
        var runs = new List<RunReport>();
        var shrinkPages = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var explorations = new List<string>();
        foreach (var folder in Directory.GetDirectories(reportDirectory))
        {
            if (File.Exists(Path.Combine(folder, ExplorePage.FileName)))
            {
                explorations.Add(Path.GetFileName(folder));
            }

            var result = new FileInfo(Path.Combine(folder, ResultJson.FileName));
            if (!result.Exists)
            {
                continue;
            }

            if (Directory.GetFiles(folder, "*" + ShrinkPage.FileNameEnding) is { Length: > 0 } shrunk)
            {
                shrinkPages[Path.GetFileName(folder)] = [.. shrunk.Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
            }

            if (IndexEntries.TryGetValue(result.FullName, out var known) && known.Length == result.Length && known.WrittenAt == result.LastWriteTimeUtc)
            {
                runs.Add(known.Run);
                continue;
            }

            try
            {
                // The size and time noted before reading: a file rewritten meanwhile is read again next time.
                runs.Add(Remember(result, await ResultJson.ReadAsync(result.FullName, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A damaged or foreign folder is left out of the index rather than failing the run.
            }
        }

        var index = Path.Combine(reportDirectory, IndexFileName);
        var ordered = runs.OrderByDescending(run => run.StartedAt).ThenByDescending(run => run.RunId, StringComparer.Ordinal).ToList();

        // Explorations newest first, as the runs: their default names (explore-<UTC time>) sort by time.
        var pages = new IndexPages(shrinkPages, [.. explorations.Order(StringComparer.Ordinal).Reverse()]);
        await ReplaceAsync(index, path => File.WriteAllTextAsync(path, ReportIndex.Render(ordered, pages), cancellationToken)).ConfigureAwait(false);
        return index;
    }

    /// <summary>
    /// Rewrites the index of the report directory holding <paramref name="folder"/> (an exploration's, or the run folder
    /// a shrink wrote into) when there is one: a folder elsewhere (say under /tmp) gets no index it did not have.
    /// </summary>
    public static async Task RefreshIndexAboveAsync(string folder, CancellationToken cancellationToken)
    {
        var reportDirectory = Path.GetDirectoryName(Path.GetFullPath(folder));
        if (reportDirectory is not null && File.Exists(Path.Combine(reportDirectory, IndexFileName)))
        {
            await WriteIndexAsync(reportDirectory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps what the index shows of a run just written or read (not its calls, trace or deliveries).</summary>
    private static RunReport Remember(FileInfo file, RunReport report)
    {
        var entry = report with
        {
            Scenarios = [.. report.Scenarios.Select(scenario => scenario with
            {
                Verdict = scenario.Verdict with { Violations = [] },
                Sessions = [],
                Deliveries = [],
                Trace = [],
                Decisions = [],
            })],
        };
        IndexEntries[file.FullName] = (file.Length, file.LastWriteTimeUtc, entry);
        return entry;
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> beside it, then moves it over the old file.</summary>
    internal static async Task ReplaceAsync(string path, Func<string, Task> write)
    {
        // A name of its own: two runs (e.g. two shards) sharing a report directory rewrite index.html at the same time.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await write(temporary).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
