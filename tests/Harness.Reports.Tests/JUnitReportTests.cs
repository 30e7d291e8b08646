using System.Xml.Linq;
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
