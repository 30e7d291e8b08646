namespace Harness.Runner.Reports;

/// <summary>
/// A run's folder under the report directory: result.json, report.html and junit.xml, rewritten as scenarios finish
/// so an interrupted run still leaves a readable report; and the report directory's index.html listing every run.
/// </summary>
public static class RunFolder
{
    public const string HtmlFileName = "report.html";

    public const string IndexFileName = "index.html";

    /// <summary>Writes the three files of one run into <paramref name="folder"/> (created if needed) and refreshes the parent's index.</summary>
    public static async Task WriteAsync(string folder, RunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);

        // Written beside, then moved over the old file: a reader (or a kill) never sees half a file.
        await ReplaceAsync(Path.Combine(folder, ResultJson.FileName), path => ResultJson.WriteAsync(report, path, cancellationToken)).ConfigureAwait(false);
        await ReplaceAsync(Path.Combine(folder, JUnitReport.FileName), path => JUnitReport.WriteAsync(report, path, cancellationToken)).ConfigureAwait(false);
        await ReplaceAsync(Path.Combine(folder, HtmlFileName), path => File.WriteAllTextAsync(path, HtmlReport.Render(report), cancellationToken)).ConfigureAwait(false);
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
        foreach (var folder in Directory.GetDirectories(reportDirectory))
        {
            var result = Path.Combine(folder, ResultJson.FileName);
            if (!File.Exists(result))
            {
                continue;
            }

            try
            {
                runs.Add(await ResultJson.ReadAsync(result, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A damaged or foreign folder is left out of the index rather than failing the run.
            }
        }

        var index = Path.Combine(reportDirectory, IndexFileName);
        var ordered = runs.OrderByDescending(run => run.StartedAt).ThenByDescending(run => run.RunId, StringComparer.Ordinal).ToList();
        await ReplaceAsync(index, path => File.WriteAllTextAsync(path, ReportIndex.Render(ordered), cancellationToken)).ConfigureAwait(false);
        return index;
    }

    private static async Task ReplaceAsync(string path, Func<string, Task> write)
    {
        var temporary = path + ".tmp";
        await write(temporary).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
