using System.Text;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Library;

/// <summary>
/// The CI regression suite: every <c>scenarios/*.yaml</c> is a test case (a new file is picked up without code
/// changes), run end to end in process and held to its own expectation; a failure lists the violations.
/// </summary>
[NonParallelizable]
public class ScenarioLibraryTests
{
    public static IEnumerable<TestCaseData> LibraryScenarios() =>
        Directory.GetFiles(RepositoryFiles.PathOf("scenarios"), "*.y*ml")
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(Path.GetFileName(file)).SetName(Path.GetFileNameWithoutExtension(file)));

    [TestCaseSource(nameof(LibraryScenarios))]
    public async Task Scenario_meets_its_expectation(string fileName)
    {
        var scenario = ScenarioLoader.Load(RepositoryFiles.PathOf("scenarios", fileName));

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(Explain(result));
    }

    [Test]
    public void The_library_has_at_least_24_scenarios_with_unique_names() =>
        ScenarioLoader.LoadAll(RepositoryFiles.PathOf("scenarios")).Count.Should().BeGreaterThanOrEqualTo(24, "the library covers every fault the issue lists");

    /// <summary>The outcome, then every violation with its evidence: what a CI log needs to show why a scenario failed.</summary>
    internal static string Explain(ScenarioResult result)
    {
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"{result.Scenario.Name} ({result.Scenario.File}), seed {result.Seed}: {result.End}, {result.Outcome}");
        if (result.Error is not null)
        {
            text.AppendLine("error: " + result.Error);
        }

        foreach (var session in result.History.Sessions.Where(session => session.FaultReason is not null).Take(5))
        {
            text.AppendLine($"session {session.Index} {session.Outcome}: {session.FaultReason}");
        }

        foreach (var violation in result.Verdict.Violations.Take(30))
        {
            text.AppendLine($"  [{violation.Invariant}] session {violation.SessionIndex}: {violation.Message}");
            foreach (var evidence in violation.Evidence.Take(6))
            {
                text.AppendLine("      " + evidence);
            }
        }

        return text.ToString();
    }
}
