using System.Text;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Tests.Library;

/// <summary>
/// The CI regression suite: every <c>scenarios/*.yaml</c> under every client it applies to is a test case (scenario ×
/// client; a new file is picked up without code changes), run end to end in process and held to its own expectation
/// for that client; a failure lists the violations.
/// </summary>
[NonParallelizable]
public class ScenarioLibraryTests
{
    public static IEnumerable<TestCaseData> LibraryScenarios() =>
        Directory.GetFiles(RepositoryFiles.PathOf("scenarios"), "*.y*ml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => ClientsOf(file).Select(client => new TestCaseData(Path.GetFileName(file), client)
                .SetName($"{Path.GetFileNameWithoutExtension(file)} [{ScenarioLoader.Clients.NameOf(client)}]")));

    [TestCaseSource(nameof(LibraryScenarios))]
    public async Task Scenario_meets_its_expectation(string fileName, ClientKind client)
    {
        var scenario = ScenarioLoader.Load(RepositoryFiles.PathOf("scenarios", fileName)).ForClient(client);
        scenario.Should().NotBeNull($"{fileName} lists {client} among its clients");

        var result = await ScenarioRunner.RunAsync(scenario!, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(Explain(result));
    }

    [Test]
    public void Every_scenario_runs_with_the_real_WCF_client_unless_it_says_why_it_needs_the_harness_client()
    {
        foreach (var scenario in ScenarioLoader.LoadAll(RepositoryFiles.PathOf("scenarios")))
        {
            if (!scenario.Clients.Contains(ClientKind.Wcf))
            {
                scenario.Description.Should().Contain("harness client", $"{scenario.Name} runs only with the harness client, so its description must say why");
            }
        }
    }

    [Test]
    public void The_library_has_at_least_24_scenarios_with_unique_names() =>
        ScenarioLoader.LoadAll(RepositoryFiles.PathOf("scenarios")).Count.Should().BeGreaterThanOrEqualTo(24, "the library covers every fault the issue lists");

    /// <summary>The clients a file's scenario applies to; a file that does not load still yields one case, which fails with the loader's error.</summary>
    private static IEnumerable<ClientKind> ClientsOf(string file)
    {
        try
        {
            return ScenarioLoader.Load(file).Clients;
        }
        catch (ScenarioLoadException)
        {
            return [ClientKind.Wcf];
        }
    }

    /// <summary>The outcome, then every violation with its evidence: what a CI log needs to show why a scenario failed.</summary>
    internal static string Explain(ScenarioResult result)
    {
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine($"{result.Scenario.Name} ({result.Scenario.File}) with the {ScenarioLoader.Clients.NameOf(result.Scenario.Client)} client, seed {result.Seed}: {result.End}, {result.Outcome}");
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
