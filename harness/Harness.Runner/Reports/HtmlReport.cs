using System.Net;
using Harness.Runner.Reports.Html;

namespace Harness.Runner.Reports;

/// <summary>
/// report.html: one self-contained file built from result.json's document. The page carries the document itself (in a
/// <c>&lt;script type="application/json" id="result"&gt;</c> element) and inline CSS and JS that render it with SVG: a
/// run summary, then per scenario the verdict, invariants and violations, statistics and faults, a sequence-diagram
/// timeline of every traced message, a table of every call, a latency histogram and how to reproduce the run. Nothing
/// is fetched: the page's Content-Security-Policy forbids any request, so it opens from disk (file://) anywhere.
/// </summary>
public static class HtmlReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failed = report.Summary.ExitCode != 0;
        var title = $"{(failed ? "FAIL" : "PASS")} {report.RunId} - harness report";
        return HtmlTemplate.Fill(HtmlTemplate.Resource("report.html"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TITLE"] = WebUtility.HtmlEncode(title),
            ["VERSION"] = WebUtility.HtmlEncode(report.HarnessVersion),
            ["RUN_ID"] = WebUtility.HtmlEncode(report.RunId),
            ["STYLE"] = HtmlTemplate.Resource("report.css"),
            ["SCRIPT"] = ReportScript.Source,
            ["DATA"] = HtmlTemplate.ScriptSafeJson(ResultJson.Serialize(report)),
        });
    }
}
