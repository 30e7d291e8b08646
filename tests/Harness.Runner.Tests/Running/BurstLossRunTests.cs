using Harness.Proxy.Faults;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Running;

/// <summary>
/// The library's burst-loss scenario through the real proxy with the harness's client: the Gilbert-Elliott rule drops
/// runs of consecutive first sends, the reliable session repairs them all, and the report names the model.
/// </summary>
public class BurstLossRunTests
{
    [Test]
    public async Task Bursts_of_consecutive_first_sends_are_lost_and_repaired()
    {
        var scenario = ScenarioLoader.Load(RepositoryFiles.PathOf("scenarios", "burst-loss.yaml")).ForClient(ClientKind.Harness)!;

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        var requests = result.History.Trace.Where(record => record.Direction == FaultDirection.Request && record.Kind == RuleMessageKind.Application).ToList();
        var dropped = requests.Where(record => record.Action == "drop").Select(record => record.Number).Order().ToList();
        dropped.Should().Equal([14, 20, 21, 22, 32, 33, 34, 36], "the seed decides, whatever order the concurrent sends arrive in");
        dropped.Zip(dropped.Skip(1)).Count(pair => pair.Second == pair.First + 1).Should().BeGreaterThanOrEqualTo(2, "losses come in bursts");
        requests.Where(record => record.Attempt > 1 && record.Outcome == "forwarded").Select(record => record.Number)
            .Should().Contain(dropped, "each lost message reached the service on a retransmission");

        var rule = ScenarioReportBuilder.Build(result).Faults.Should().ContainSingle().Subject;
        rule.Match.Should().Contain("burst loss (Gilbert-Elliott: good-to-bad 0.08, bad-to-good 0.5, loss-in-good 0, loss-in-bad 1)");
    }
}
