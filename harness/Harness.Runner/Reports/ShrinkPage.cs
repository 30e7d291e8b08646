using System.Globalization;
using System.Text;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;
using Harness.Yaml;

namespace Harness.Runner.Reports;

/// <summary>
/// <c>&lt;scenario&gt;-shrunk.html</c>, beside the shrunk scenario: what was shrunk, the faults before and after side by
/// side (the kept ones marked in the list before), the violation, what it cost, and the scenario's text. Static HTML
/// with inline CSS, every value encoded here: it runs no script, opens from disk and fetches nothing.
/// </summary>
public static class ShrinkPage
{
    /// <summary>How a shrink page's name ends (the index finds them in run folders by it).</summary>
    public const string FileNameEnding = "-shrunk.html";

    /// <summary>The page's path for the shrunk scenario at <paramref name="yamlPath"/>: the same name, <c>.html</c>.</summary>
    public static string PathFor(string yamlPath) => Path.ChangeExtension(yamlPath, ".html");

    /// <summary>Writes the page beside the shrunk scenario at <paramref name="yamlPath"/>; returns its path.</summary>
    public static async Task<string> WriteAsync(ShrinkRequest request, ShrinkResult result, string yamlPath, CancellationToken cancellationToken)
    {
        var path = PathFor(yamlPath);
        await File.WriteAllTextAsync(path, Render(request, result, Path.GetFileName(yamlPath)), cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <param name="yamlFileName">The shrunk scenario's file name, linked from the page (its JSON has the same name, <c>.json</c>).</param>
    public static string Render(ShrinkRequest request, ShrinkResult result, string yamlFileName)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(yamlFileName);
        var scenario = Path.GetFileNameWithoutExtension(request.ScenarioFile);
        var (word, css) = result.Reproduced ? ("FAIL", "fail") : ("PASS", "pass");
        var headline = result.Reproduced
            ? Invariant($"{result.After.Count} of {result.Before.Count} fault(s) still break {request.Invariant}.")
            : Invariant($"The run's {result.Before.Count} fault(s) no longer break {request.Invariant}: nothing to shrink.");
        var cost = Invariant($"{result.Runs} run(s), {result.Elapsed.TotalSeconds:0.0} s")
            + (result.Interrupted ? "; interrupted (Ctrl+C), so fewer faults may still break it."
                : result.BudgetSpent ? "; the budget was spent, so fewer faults may still break it."
                : "; no single fault more can be removed.");
        var jsonFileName = Path.ChangeExtension(yamlFileName, ".json");
        return Html.HtmlTemplate.Fill(Html.HtmlTemplate.Resource("shrunk.html"), new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TITLE"] = Encode($"{word} shrink {scenario}: {result.Before.Count} to {result.After.Count} fault(s) - harness"),
            ["SCENARIO"] = Encode(scenario),
            ["STYLE"] = Html.HtmlTemplate.Resource("report.css"),
            ["FILES"] = $"{Link(yamlFileName)}, {Link(jsonFileName)}",
            ["VERDICT"] = $"<div class=\"verdict-card {css}\"><div class=\"verdict-word\" data-testid=\"verdict\">{word}</div><div class=\"verdict-lines\">"
                + $"<div class=\"expectation\" data-testid=\"verdict-line\">{Encode(headline)}</div>"
                + (result.Violation is null ? string.Empty : $"<div class=\"error\" data-testid=\"violation\">{Encode(result.Violation)}</div>")
                + $"<div data-testid=\"cost\">{Encode(cost)}</div></div></div>",
            ["INFO"] = Info(request, result),
            ["INVARIANT"] = Encode(request.Invariant.ToString()),
            ["BEFORE_COUNT"] = result.Before.Count.ToString(CultureInfo.InvariantCulture),
            ["AFTER_COUNT"] = result.After.Count.ToString(CultureInfo.InvariantCulture),
            ["BEFORE"] = Faults(result.Before, result.After.ToHashSet(), weakened: null, "before"),
            ["AFTER"] = Faults(result.After, kept: null, result.AfterFaults.Where(fault => fault.IsWeakened).ToDictionary(fault => fault.Placement), "after"),
            ["YAML_NOTE"] = Encode($"{yamlFileName}: the failing scenario with only these faults, each matching its one send; copy it into scenarios/ as a regression test."),
            ["YAML"] = Encode(result.ScenarioYaml),
        });
    }

    private static string Info(ShrinkRequest request, ShrinkResult result)
    {
        var rows = new StringBuilder();
        KeyValue(rows, "scenario file", request.ScenarioFile, "info-scenario-file");
        KeyValue(rows, "client", ScenarioLoader.Clients.NameOf(request.Client), "info-client");
        if (result.Client != request.Client)
        {
            KeyValue(rows, "shrunk with", ScenarioLoader.Clients.NameOf(result.Client) + " client (--client)", "info-shrink-client");
        }

        KeyValue(rows, "seed", request.Seed.ToString(CultureInfo.InvariantCulture), "info-seed");
        KeyValue(rows, "invariant", request.Invariant.ToString(), "info-invariant");
        KeyValue(rows, "violation", result.Violation ?? "(none: the failure did not reproduce)", "info-violation");
        KeyValue(rows, "runs", Invariant($"{result.Runs} ({result.WeakeningRuns} of them weakening faults)"), "info-runs");
        KeyValue(rows, "time", Invariant($"{result.Elapsed.TotalSeconds:0.0} s"), "info-time");
        KeyValue(rows, "budget spent", result.BudgetSpent ? "yes: a smaller set may exist" : "no", "info-budget-spent");
        return rows.ToString();
    }

    /// <param name="kept">The faults to mark as kept, in the list before; null for the list after.</param>
    /// <param name="weakened">In the list after, the faults made milder, whose action is shown as it became and as it was.</param>
    private static string Faults(IReadOnlyList<FaultPlacement> faults, HashSet<FaultPlacement>? kept, IReadOnlyDictionary<FaultPlacement, ShrunkFault>? weakened, string testId)
    {
        if (faults.Count == 0)
        {
            return $"<p class=\"muted\" data-testid=\"{testId}-none\">No fault.</p>";
        }

        var html = new StringBuilder($"<table class=\"grid faults\" data-testid=\"{testId}-faults\"><thead><tr>");
        html.Append("<th>Direction</th><th class=\"num\">Session</th><th>Kind</th><th class=\"num\">Number</th><th class=\"num\">Attempt</th><th class=\"num\">Rule</th><th>Action</th>")
            .Append(kept is null ? string.Empty : "<th>Kept</th>")
            .Append("</tr></thead><tbody>");
        foreach (var fault in faults)
        {
            var isKept = kept?.Contains(fault) == true;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-testid=\"fault-row\"{(isKept ? " class=\"kept\" data-kept=\"true\"" : string.Empty)}>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Encode(YamlChoices.NameOf(fault.Direction))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{fault.Session}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Encode(YamlChoices.NameOf(fault.Kind))}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{fault.Number}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{fault.Attempt}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{fault.RuleIndex + 1}</td>")
                .Append(weakened?.GetValueOrDefault(fault) is { } milder
                    ? Invariant($"<td class=\"mono\" data-testid=\"weakened\">{Encode(milder.Action.Describe())}<div class=\"sub\">weakened from {Encode(milder.Original.Describe())}</div></td>")
                    : Invariant($"<td class=\"mono\">{Encode(fault.Action)}</td>"))
                .Append(kept is null ? string.Empty : isKept ? "<td>kept</td>" : "<td class=\"muted\">removed</td>")
                .Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string Link(string fileName) => $"<a href=\"{Encode(Uri.EscapeDataString(fileName))}\">{Encode(fileName)}</a>";

    private static void KeyValue(StringBuilder rows, string key, string value, string testId) => ExplorePage.KeyValue(rows, key, value, testId);

    private static string Encode(string text) => ExplorePage.Encode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
