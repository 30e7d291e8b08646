using System.Globalization;
using System.Xml.Linq;

namespace Harness.Runner.Reports;

/// <summary>
/// junit.xml: one test suite per run, one test case per scenario, so any CI system lists the scenarios. An unmet
/// expectation is a failure carrying the outcome and the violations; a scenario that could not run is an error; one the
/// external target cannot serve is skipped, with the reason.
/// </summary>
public static class JUnitReport
{
    public const string FileName = "junit.xml";

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await Build(report).SaveAsync(stream, SaveOptions.None, cancellationToken).ConfigureAwait(false);
        }
    }

    public static XDocument Build(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var errors = report.Scenarios.Count(scenario => scenario.End == "error");
        var skipped = report.Scenarios.Count(RunReportBuilder.IsSkipped);
        var failures = report.Scenarios.Count(scenario => !scenario.ExpectationMet) - errors - skipped;
        var suite = new XElement(
            "testsuite",
            new XAttribute("name", "harness " + report.RunId),
            new XAttribute("tests", report.Scenarios.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("skipped", skipped),
            new XAttribute("time", Seconds(report.DurationMs)),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement(
                "properties",
                new XElement("property", new XAttribute("name", "command"), new XAttribute("value", report.Command)),
                new XElement("property", new XAttribute("name", "harness-version"), new XAttribute("value", report.HarnessVersion))),
            report.Scenarios.Select(TestCase));

        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                "testsuites",
                new XAttribute("name", "harness"),
                new XAttribute("tests", report.Scenarios.Count),
                new XAttribute("failures", failures),
                new XAttribute("errors", errors),
                new XAttribute("skipped", skipped),
                new XAttribute("time", Seconds(report.DurationMs)),
                suite));
    }

    private static XElement TestCase(ScenarioReport scenario)
    {
        var testCase = new XElement(
            "testcase",
            new XAttribute("name", scenario.Name),
            new XAttribute("classname", "scenarios." + scenario.Name),
            new XAttribute("file", scenario.File),
            new XAttribute("time", Seconds(scenario.Statistics.DurationMs)));
        var details = string.Join(
            "\n",
            [
                $"{scenario.Description}",
                $"expect {scenario.Expect}; seed {scenario.Seed.ToString(CultureInfo.InvariantCulture)}; {scenario.Outcome}",
                .. scenario.Verdict.Violations.Take(200).Select(violation =>
                    $"[{violation.Invariant}] session {violation.Session.ToString(CultureInfo.InvariantCulture)}: {violation.Message}"),
            ]);
        if (RunReportBuilder.IsSkipped(scenario))
        {
            testCase.Add(new XElement("skipped", new XAttribute("message", scenario.SkipReason ?? scenario.Outcome)));
        }
        else if (scenario.End == "error")
        {
            testCase.Add(new XElement("error", new XAttribute("message", scenario.Error ?? scenario.Outcome), details));
        }
        else if (!scenario.ExpectationMet)
        {
            testCase.Add(new XElement("failure", new XAttribute("message", scenario.Outcome), new XAttribute("type", "expectation-unmet"), details));
        }

        testCase.Add(new XElement("system-out", details));
        return testCase;
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);
}
