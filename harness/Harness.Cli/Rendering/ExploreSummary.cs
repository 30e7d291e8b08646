using System.Globalization;
using Harness.Runner.Exploring;
using Harness.Runner.Reports;

namespace Harness.Cli.Rendering;

/// <summary>What <c>harness explore</c> prints at the end: coverage, every finding with its faults, and where the JSON is.</summary>
internal static class ExploreSummary
{
    /// <summary>Findings printed in full; the rest are in explore.json.</summary>
    private const int Shown = 20;

    public static async Task WriteAsync(TextWriter output, ExploreReport report, string folder)
    {
        var coverage = report.Coverage;
        await output.WriteLineAsync().ConfigureAwait(false);
        foreach (var finding in report.Violations.Concat(report.Faulted).Concat(report.Unjudged).Take(Shown))
        {
            var (word, what) = finding.Violations.Count > 0 ? ("FAIL ", string.Join(", ", finding.Violations))
                : finding.SessionFaults.Count > 0 && finding.Error is null ? ("FAULT", $"{finding.SessionFaults.Count} session(s) faulted")
                : ("ERROR", $"not judged ({finding.End})");
            await output.WriteLineAsync($"{word} {string.Join(" + ", finding.Faults is { Count: > 0 } faults ? faults : ["no fault"])}: {what}").ConfigureAwait(false);
            await output.WriteLineAsync($"      {(finding.FirstViolation ?? finding.Error ?? finding.SessionFaults.FirstOrDefault() ?? string.Empty).ReplaceLineEndings(" ")}").ConfigureAwait(false);
        }

        var findings = report.Violations.Count + report.Faulted.Count + report.Unjudged.Count;
        if (findings > Shown)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... and {findings - Shown} more in {ExploreReport.FileName}")).ConfigureAwait(false);
        }

        var stopped = report.StoppedBy switch
        {
            ExploreStop.Budget => "; stopped by --budget",
            ExploreStop.TimeLimit => "; stopped by --time-limit",
            ExploreStop.Interrupted => "; interrupted",
            ExploreStop.FirstFailure => "; stopped at the first failure (--fail-fast)",
            _ => string.Empty,
        };
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"coverage: {coverage.Explored} of {coverage.Space} placement(s) explored ({coverage.ThisRun} now, in {report.DurationMs / 1000:0.0} s){stopped}; "
            + $"{report.Violations.Count} break a guarantee, {report.Faulted.Count} fault a session, {report.Unjudged.Count} could not be judged; {coverage.NotFired} had a fault whose message was not sent")).ConfigureAwait(false);
        await output.WriteLineAsync($"JSON: {Path.Combine(folder, ExploreReport.FileName)}").ConfigureAwait(false);
        await output.WriteLineAsync($"HTML: {Path.Combine(folder, ExplorePage.FileName)}").ConfigureAwait(false);
        if (!coverage.Complete)
        {
            await output.WriteLineAsync($"continue: the same command with --resume {folder} (and without --report-dir)").ConfigureAwait(false);
        }
    }
}
