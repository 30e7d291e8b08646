using System.Net;

namespace Harness.Runner.Reports;

/// <summary>reports/index.html: every run, newest first, with its verdict and links to its files.</summary>
public static class ReportIndex
{
    public static string Render(IReadOnlyList<RunReport> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = string.Concat(runs.Select(run =>
            $"<tr><td><a href=\"{WebUtility.HtmlEncode(run.RunId)}/report.html\">{WebUtility.HtmlEncode(run.RunId)}</a></td><td>{run.Summary.Met}/{run.Summary.Scenarios}</td></tr>"));
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Harness runs</title></head><body><table>{rows}</table></body></html>";
    }
}
