using System.Xml.Linq;
using Harness.Runner.Reports;
using Harness.Reports.Tests.Support;

namespace Harness.Reports.Tests;

/// <summary>junit.xml, as CI systems read it: one test case per scenario, a failure for an unmet expectation.</summary>
public sealed class JUnitReportTests
{
    [Test]
    public void The_failing_run_has_one_test_case_with_a_failure_that_names_the_violations()
    {
        var document = XDocument.Load(ReportRuns.Failing.JUnitPath);
        var cases = document.Descendants("testcase").ToList();

        document.Root!.Name.LocalName.Should().Be("testsuites");
        cases.Should().ContainSingle().Which.Attribute("name")!.Value.Should().Be("unreliable-drop-every-fifth");
        var failure = cases[0].Element("failure");
        failure.Should().NotBeNull();
        failure!.Attribute("type")!.Value.Should().Be("expectation-unmet");
        failure.Value.Should().Contain("[NoSilentLoss] session 0");
        document.Root.Attribute("failures")!.Value.Should().Be("1");
        document.Descendants("testsuite").Single().Attribute("tests")!.Value.Should().Be("1");
    }

    [Test]
    public void The_passing_run_has_one_test_case_and_no_failure_or_error()
    {
        var document = XDocument.Load(ReportRuns.Passing.JUnitPath);

        document.Descendants("testcase").Should().ContainSingle().Which.Attribute("name")!.Value.Should().Be("drop-third-message");
        document.Descendants("failure").Should().BeEmpty();
        document.Descendants("error").Should().BeEmpty();
        document.Root!.Attribute("failures")!.Value.Should().Be("0");
    }

    [Test]
    public void A_run_of_two_scenarios_has_two_test_cases_and_fails_only_the_unmet_one()
    {
        var document = XDocument.Load(ReportRuns.Both.JUnitPath);
        var cases = document.Descendants("testcase").ToList();

        cases.Select(testCase => testCase.Attribute("name")!.Value).Should().Equal("drop-third-message", "unreliable-drop-every-fifth");
        cases[0].Element("failure").Should().BeNull();
        cases[1].Element("failure").Should().NotBeNull();
        document.Root!.Attribute("tests")!.Value.Should().Be("2");
        document.Root.Attribute("failures")!.Value.Should().Be("1");
    }

    [Test]
    public void The_big_run_has_one_test_case_per_scenario()
    {
        var document = XDocument.Load(ReportRuns.Big.JUnitPath);

        document.Descendants("testcase").Should().HaveCount(ReportRuns.Big.Report.Scenarios.Count);
        document.Descendants("failure").Should().ContainSingle();
    }
}

/// <summary>A scenario the external target cannot serve: skipped with the reason, counted apart, not failing the run.</summary>
public sealed class SkippedScenarioReportTests
{
    private const string Reason = "the target does not speak WS-RM 1.1 with SOAP 1.2 + WS-Addressing 1.0: ActionNotSupported";

    [Test]
    public void A_skipped_scenario_is_a_junit_skipped_case_with_the_reason_and_no_failure()
    {
        var document = JUnitReport.Build(RunWithOneSkipped());
        var cases = document.Descendants("testcase").ToList();

        cases[0].Element("failure").Should().BeNull();
        cases[1].Element("skipped")!.Attribute("message")!.Value.Should().Be(Reason);
        cases[1].Element("failure").Should().BeNull("a scenario the target cannot serve did not fail");
        document.Root!.Attribute("skipped")!.Value.Should().Be("1");
        document.Root.Attribute("failures")!.Value.Should().Be("0");
    }

    [Test]
    public void A_skipped_scenario_is_neither_met_nor_unmet_and_leaves_the_exit_code_at_0()
    {
        var summary = RunWithOneSkipped().Summary;

        summary.Should().Be(new RunSummaryReport(Scenarios: 2, Met: 1, Unmet: 0, Errors: 0, ExitCode: 0, Skipped: 1));
    }

    private static RunReport RunWithOneSkipped()
    {
        var passing = ReportRuns.Passing.Report;
        var skipped = passing.Scenarios[0] with { Name = "rm11-scenario", End = "skipped", SkipReason = Reason, ExpectationMet = false, Outcome = "skipped: " + Reason };
        return RunReportBuilder.Build(
            new RunInfo("20260101-000000-skipped", "harness run --target http://127.0.0.1:9/journal", new RunOptionsReport(null, "http://127.0.0.1:9/journal", 1, null, null), passing.StartedAt),
            [passing.Scenarios[0], skipped],
            interrupted: false,
            passing.FinishedAt);
    }
}
