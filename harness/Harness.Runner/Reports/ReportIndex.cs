using System.Globalization;
using System.Net;
using System.Text;
using Harness.Runner.Reports.Html;

namespace Harness.Runner.Reports;

/// <summary>
/// reports/index.html: every run, newest first (the order given), with its verdict and links to its files. Static
/// HTML (every value encoded here) with inline CSS: it opens from disk and fetches nothing.
/// </summary>
public static class ReportIndex
{
    public static string Render(IReadOnlyList<RunReport> runs) => Render(runs, IndexPages.None);

    /// <param name="pages">The shrink pages in run folders, linked from their run's row, and the explorations' folders, listed after the runs.</param>
    public static string Render(IReadOnlyList<RunReport> runs, IndexPages pages)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(pages);
        var rows = new StringBuilder();
        foreach (var run in runs)
        {
            Row(rows, run, pages.ShrinkPages.TryGetValue(run.RunId, out var shrinkPages) ? shrinkPages : []);
        }

        var passed = runs.Count(run => run.Summary.ExitCode == 0);
        var summary = runs.Count == 0
            ? "No runs yet: <code>harness run scenarios/</code> writes one folder per run here."
            : Invariant($"{runs.Count} run(s): {passed} passed, {runs.Count - passed} failed. Newest first.");
        return HtmlTemplate.Fill(HtmlTemplate.Resource("index.html"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STYLE"] = HtmlTemplate.Resource("report.css"),
            ["SUMMARY"] = summary,
            ["ROWS"] = rows.ToString(),
            ["EXPLORATIONS"] = Explorations(pages.Explorations),
        });
    }

    private static string Explorations(IReadOnlyList<string> folders)
    {
        if (folders.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<h2>Explorations</h2>\n<table class=\"grid runs\" data-testid=\"explorations-table\"><thead><tr><th>Folder</th><th>Files</th></tr></thead><tbody>\n");
        foreach (var folder in folders)
        {
            var link = Encode(Uri.EscapeDataString(folder));
            html.Append(CultureInfo.InvariantCulture, $"<tr data-testid=\"exploration-row\"><td><a data-testid=\"exploration-link\" href=\"{link}/{ExplorePage.FileName}\">{Encode(folder)}</a></td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"files\"><a href=\"{link}/{ExplorePage.FileName}\">report</a> <a href=\"{link}/{Exploring.ExploreReport.FileName}\">{Exploring.ExploreReport.FileName}</a></td></tr>\n");
        }

        return html.Append("</tbody></table>\n").ToString();
    }

    private static void Row(StringBuilder rows, RunReport run, IReadOnlyList<string> shrinkPages)
    {
        var passed = run.Summary.ExitCode == 0;
        var folder = Uri.EscapeDataString(run.RunId);
        var unmet = run.Scenarios.Where(scenario => !scenario.ExpectationMet && !RunReportBuilder.IsSkipped(scenario)).Select(scenario => scenario.Name).ToList();
        var verdict = passed ? "PASS" : run.Summary.ExitCode == 2 ? "ERROR" : "FAIL";
        rows.Append(CultureInfo.InvariantCulture, $"<tr data-testid=\"run-row\" data-run-id=\"{Encode(run.RunId)}\" class=\"{(passed ? "pass" : "fail")}\">")
            .Append(CultureInfo.InvariantCulture, $"<td><a data-testid=\"run-link\" href=\"{Encode(folder)}/{RunFolder.HtmlFileName}\">{Encode(run.RunId)}</a>")
            .Append(unmet.Count == 0 ? string.Empty : $"<div class=\"sub\">unmet: {Encode(string.Join(", ", unmet.Take(8)))}{(unmet.Count > 8 ? Invariant($" and {unmet.Count - 8} more") : string.Empty)}</div>")
            .Append("</td>")
            .Append(CultureInfo.InvariantCulture, $"<td><time datetime=\"{Encode(run.StartedAt.ToString("O", CultureInfo.InvariantCulture))}\">{Encode(run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}Z</time></td>")
            .Append(Invariant($"<td class=\"num\" data-testid=\"run-scenarios\">{run.Summary.Scenarios}</td>"))
            .Append(Invariant($"<td class=\"num\" data-testid=\"run-met\">{run.Summary.Met}</td>"))
            .Append(Invariant($"<td class=\"num\" data-testid=\"run-unmet\">{run.Summary.Unmet}</td>"))
            .Append(Invariant($"<td class=\"num\" data-testid=\"run-errors\">{run.Summary.Errors}</td>"))
            .Append(CultureInfo.InvariantCulture, $"<td><span class=\"badge {(passed ? "pass" : "fail")}\" data-testid=\"run-verdict\">{verdict}</span>{(run.Interrupted ? " <span class=\"badge warn\">interrupted</span>" : string.Empty)}</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{Encode(Duration(run.DurationMs))}</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"files\"><a href=\"{Encode(folder)}/{RunFolder.HtmlFileName}\">report</a> <a href=\"{Encode(folder)}/{ResultJson.FileName}\">{ResultJson.FileName}</a> <a href=\"{Encode(folder)}/{JUnitReport.FileName}\">{JUnitReport.FileName}</a>")
            .Append(string.Concat(shrinkPages.Select(page => $" <a data-testid=\"shrink-link\" href=\"{Encode(folder)}/{Encode(Uri.EscapeDataString(page))}\">{Encode(page)}</a>")))
            .Append("</td>")
            .Append(CultureInfo.InvariantCulture, $"<td class=\"sub\">{Encode(run.HarnessVersion)}</td>")
            .Append("</tr>\n");
    }

    private static string Duration(double milliseconds) =>
        milliseconds < 1000 ? Invariant($"{milliseconds:0} ms")
        : milliseconds < 120_000 ? Invariant($"{milliseconds / 1000:0.0} s")
        : Invariant($"{Math.Floor(milliseconds / 60_000):0} min {milliseconds % 60_000 / 1000:0} s");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The pages of the report directory that are not runs' reports: what <see cref="ReportIndex"/> links besides them.</summary>
/// <param name="ShrinkPages">By run id (its folder's name), the file names of the shrink pages in that folder.</param>
/// <param name="Explorations">The names of the folders holding an explore.html.</param>
public sealed record IndexPages(IReadOnlyDictionary<string, IReadOnlyList<string>> ShrinkPages, IReadOnlyList<string> Explorations)
{
    public static IndexPages None { get; } = new(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal), []);
}
