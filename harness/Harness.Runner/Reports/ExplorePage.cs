using System.Globalization;
using System.Net;
using System.Text;
using Harness.Proxy.Faults;
using Harness.Runner.Exploring;
using Harness.Runner.Reports.Html;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Reports;

/// <summary>
/// explore.html, beside explore.json: the exploration's verdict, coverage (overall and by fault action x message
/// kind), every finding with its <c>faults:</c> section, and the unjudged placements. Static HTML with inline CSS,
/// every value encoded here: like the index it runs no script, opens from disk and fetches nothing.
/// </summary>
public static class ExplorePage
{
    public const string FileName = "explore.html";

    /// <summary>Writes explore.html into <paramref name="folder"/> (beside its explore.json); returns its path.</summary>
    public static async Task<string> WriteAsync(ExploreReport report, string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);

        // Moved over the old page once whole: a browser reloading it during a resumed exploration never sees half a page.
        await RunFolder.ReplaceAsync(path, temporary => File.WriteAllTextAsync(temporary, Render(report), cancellationToken)).ConfigureAwait(false);
        return path;
    }

    public static string Render(ExploreReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var verdict = Verdict(report);
        return HtmlTemplate.Fill(HtmlTemplate.Resource("explore.html"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TITLE"] = Encode($"{verdict.Word} explore {report.Space.Scenario} - harness"),
            ["SCENARIO"] = Encode(report.Space.Scenario),
            ["STYLE"] = HtmlTemplate.Resource("report.css"),
            ["VERDICT"] = VerdictCard(verdict.Word, verdict.Css, verdict.Lines),
            ["INFO"] = Info(report),
            ["COVERAGE"] = Coverage(report),
            ["CELLS"] = Cells(report.Cells),
            ["VIOLATIONS"] = Findings(report.Violations, "violation", "No placement broke a guarantee."),
            ["FAULTED"] = Findings(report.Faulted, "faulted", "No placement faulted a session."),
            ["UNJUDGED"] = Findings(report.Unjudged, "unjudged", "None: every placement explored was judged."),
        });
    }

    private static (string Word, string Css, IReadOnlyList<string> Lines) Verdict(ExploreReport report)
    {
        var coverage = report.Coverage;
        var explored = Invariant($"{coverage.Explored} of {coverage.Space} placement(s) explored");
        var stop = StopText(report.StoppedBy);
        var extent = coverage.Complete ? explored + ": the whole space." : explored + (stop is null ? "." : $"; {stop}.");
        if (report.FoundViolation || report.Faulted.Count > 0)
        {
            return ("FAIL", "fail", [Invariant($"{report.Violations.Count} placement(s) broke a guarantee, {report.Faulted.Count} faulted a session."), extent]);
        }

        if (report.Unjudged.Count > 0)
        {
            return ("ERROR", "warn", [Invariant($"No placement failed, but {report.Unjudged.Count} could not be judged."), extent]);
        }

        return ("PASS", "pass", ["No placement broke a guarantee or faulted a session.", extent]);
    }

    private static string VerdictCard(string word, string css, IReadOnlyList<string> lines)
    {
        var card = new StringBuilder();
        card.Append(CultureInfo.InvariantCulture, $"<div class=\"verdict-card {css}\"><div class=\"verdict-word\" data-testid=\"verdict\">{word}</div><div class=\"verdict-lines\">");
        for (var i = 0; i < lines.Count; i++)
        {
            card.Append(CultureInfo.InvariantCulture, $"<div{(i == 0 ? " class=\"expectation\" data-testid=\"verdict-line\"" : string.Empty)}>{Encode(lines[i])}</div>");
        }

        return card.Append("</div></div>").ToString();
    }

    private static string Info(ExploreReport report)
    {
        var space = report.Space;
        var rows = new StringBuilder();
        KeyValue(rows, "scenario", space.Scenario, "info-scenario");
        KeyValue(rows, "client", ScenarioLoader.Clients.NameOf(space.Client), "info-client");
        KeyValue(rows, "workload", ExploreSpace.Describe(space.Workload), "info-workload");
        KeyValue(rows, "depth", report.Depth == 1 ? "1 (every single fault)" : Invariant($"{report.Depth} (every single fault and every pair on two messages)"), "info-depth");
        KeyValue(rows, "messages", Invariant($"{space.Inventory.Count} a fault can be aimed at (the fault-free run took {Duration(space.FaultFreeMs)})"), "info-messages");
        KeyValue(rows, "settings", space.Settings, "info-settings");
        KeyValue(rows, "parallel", report.Parallel.ToString(CultureInfo.InvariantCulture), "info-parallel");
        KeyValue(rows, "started", report.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z", "info-started");
        KeyValue(rows, "this invocation took", Duration(report.DurationMs), "info-duration");
        if (report.Command is not null)
        {
            KeyValue(rows, "command", report.Command, "command");
        }

        return rows.ToString();
    }

    private static string Coverage(ExploreReport report)
    {
        var coverage = report.Coverage;
        var html = new StringBuilder("<div class=\"stats\" data-testid=\"coverage\">");
        Stat(html, "placements in the space", coverage.Space, "coverage-space", bad: false);
        Stat(html, "explored", coverage.Explored, "coverage-explored", bad: !coverage.Complete);
        Stat(html, "run by this invocation", coverage.ThisRun, "coverage-this-run", bad: false);
        Stat(html, "with a fault that never fired", coverage.NotFired, "coverage-not-fired", bad: false);
        Stat(html, "broke a guarantee", report.Violations.Count, "coverage-violations", bad: report.Violations.Count > 0);
        Stat(html, "faulted a session", report.Faulted.Count, "coverage-faulted", bad: report.Faulted.Count > 0);
        Stat(html, "unjudged", report.Unjudged.Count, "coverage-unjudged", bad: report.Unjudged.Count > 0);
        html.Append("</div>");
        if (StopText(report.StoppedBy) is { } stop)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p data-testid=\"stopped-by\"><span class=\"badge warn\">{Encode(stop)}</span> ")
                .Append(coverage.Complete ? string.Empty : "The same command with <code>--resume</code> and this folder (without <code>--report-dir</code>) continues it.")
                .Append("</p>");
        }

        html.Append("<p class=\"table-note\">A fault that never fired aimed at a message the run did not send (its session went another way); its placement still counts as explored.</p>");
        return html.ToString();
    }

    /// <summary>Rows: each kind of message, by direction; columns: each action; a cell: explored of its space, and how many broke a guarantee.</summary>
    private static string Cells(IReadOnlyList<ExploreCell> cells)
    {
        if (cells.Count == 0)
        {
            return "<p class=\"muted\" data-testid=\"cells-missing\">No breakdown: this explore.json was written by a harness that did not record one.</p>";
        }

        var actions = cells.Select(cell => cell.Action).Distinct().Order().ToList();
        var html = new StringBuilder("<table class=\"grid cells\" data-testid=\"cells-table\"><thead><tr><th>Message</th>");
        foreach (var action in actions)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"num\">{Tag(YamlChoices.NameOf(action))}</th>");
        }

        html.Append("<th class=\"num\">All actions</th></tr></thead><tbody>");
        foreach (var row in cells.GroupBy(cell => (cell.Direction, cell.Kind)))
        {
            var message = (row.Key.Direction == FaultDirection.Response ? "response " : string.Empty) + YamlChoices.NameOf(row.Key.Kind);
            html.Append(CultureInfo.InvariantCulture, $"<tr data-testid=\"cells-row\" data-message=\"{Encode(message)}\"><th>{Encode(message)}</th>");
            foreach (var action in actions)
            {
                if (row.FirstOrDefault(cell => cell.Action == action) is { } cell)
                {
                    Cell(html, YamlChoices.NameOf(action), cell.Space, cell.Explored, cell.Violated + cell.Faulted, cell.Unjudged);
                }
                else
                {
                    html.Append("<td class=\"none\" title=\"this action does not apply to this message\">&ndash;</td>");
                }
            }

            // A pair with two faults in one row counts once per cell it falls in; the row total sums the cells.
            Cell(html, "all", row.Sum(cell => cell.Space), row.Sum(cell => cell.Explored), row.Sum(cell => cell.Violated + cell.Faulted), row.Sum(cell => cell.Unjudged));
            html.Append("</tr>");
        }

        html.Append("</tbody></table><p class=\"table-note\">Each cell: placements explored of those in the space with that fault, and how many of them failed (broke a guarantee or faulted a session). ")
            .Append("A pair of faults counts in the cell of each of its faults.</p>");
        return html.ToString();
    }

    private static void Cell(StringBuilder html, string action, long space, long explored, long failed, long unjudged)
    {
        html.Append(CultureInfo.InvariantCulture, $"<td class=\"num{(failed > 0 ? " failing" : string.Empty)}\" data-testid=\"cell\" data-action=\"{Encode(action)}\" data-space=\"{space}\" data-explored=\"{explored}\" data-failed=\"{failed}\">")
            .Append(CultureInfo.InvariantCulture, $"<span class=\"explored\">{explored} / {space}</span>");
        if (failed > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"failing-count\">{failed} failing</div>");
        }

        if (unjudged > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"sub\">{unjudged} unjudged</div>");
        }

        html.Append("</td>");
    }

    private static string Findings(IReadOnlyList<ExploreFinding> findings, string kind, string none)
    {
        if (findings.Count == 0)
        {
            return $"<p class=\"muted\" data-testid=\"{kind}-none\">{Encode(none)}</p>";
        }

        var html = new StringBuilder();
        foreach (var finding in findings)
        {
            var faults = finding.Faults.Count == 0 ? "no fault (the fault-free run)" : string.Join(" + ", finding.Faults);
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"finding {kind}\" data-testid=\"{kind}\" data-key=\"{Encode(finding.Key)}\">")
                .Append(CultureInfo.InvariantCulture, $"<h3 data-testid=\"finding-faults\">{FaultTags(finding.Faults)}{Encode(faults)}</h3>")
                .Append("<table class=\"grid kv\"><tbody>");
            if (finding.Violations.Count > 0)
            {
                KeyValue(html, "broke", string.Join(", ", finding.Violations), "finding-invariants");
            }

            if (finding.FirstViolation is not null)
            {
                KeyValue(html, "first violation", finding.FirstViolation, "finding-first-violation");
            }

            foreach (var sessionFault in finding.SessionFaults)
            {
                KeyValue(html, "session faulted", sessionFault, "finding-session-fault");
            }

            KeyValue(html, "run ended", YamlChoices.NameOf(finding.End), "finding-end");
            if (finding.Error is not null)
            {
                KeyValue(html, "error", finding.Error, "finding-error");
            }

            KeyValue(html, "key", finding.Key, "finding-key");
            html.Append("</tbody></table>")
                .Append("<div class=\"sub\">To run it again: paste into a scenario file (with this workload, settings and client).</div>")
                .Append(CultureInfo.InvariantCulture, $"<pre class=\"yaml\" data-testid=\"finding-yaml\">{Encode(finding.FaultsYaml.TrimEnd())}</pre>")
                .Append("</section>");
        }

        return html.ToString();
    }

    /// <summary>A coloured tag per fault's action, read from its text (<c>drop application #3 session 0</c>).</summary>
    private static string FaultTags(IReadOnlyList<string> faults) =>
        string.Concat(faults.Select(fault => fault.Split(' ', 2)[0]).Distinct(StringComparer.Ordinal).Select(Tag));

    private static string Tag(string action)
    {
        var known = Enum.GetValues<ExploredAction>().Select(YamlChoices.NameOf).Contains(action, StringComparer.Ordinal);
        return $"<span class=\"tag t-{(known ? Encode(action) : "other")}\">{Encode(action)}</span>";
    }

    private static void Stat(StringBuilder html, string label, long value, string testId, bool bad) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"stat{(bad ? " bad" : string.Empty)}\"><div class=\"value\" data-testid=\"{testId}\">{value}</div><div class=\"label\">{Encode(label)}</div></div>");

    /// <summary>One row of a key-value table, both cells encoded; the shrink page's tables use it too.</summary>
    internal static void KeyValue(StringBuilder rows, string key, string value, string testId) =>
        rows.Append(CultureInfo.InvariantCulture, $"<tr><th>{Encode(key)}</th><td class=\"mono\" data-testid=\"{testId}\">{Encode(value)}</td></tr>\n");

    private static string? StopText(ExploreStop? stop) => stop switch
    {
        ExploreStop.Budget => "stopped by --budget",
        ExploreStop.TimeLimit => "stopped by --time-limit",
        ExploreStop.Interrupted => "interrupted",
        ExploreStop.FirstFailure => "stopped at the first failure (--fail-fast)",
        _ => null,
    };

    internal static string Duration(double milliseconds) =>
        milliseconds < 1000 ? Invariant($"{milliseconds:0} ms")
        : milliseconds < 120_000 ? Invariant($"{milliseconds / 1000:0.0} s")
        : Invariant($"{Math.Floor(milliseconds / 60_000):0} min {milliseconds % 60_000 / 1000:0} s");

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
