using Harness.Reliability.Destination;
using Harness.Runner.Checking;
using Harness.Runner.Exploring;

namespace Harness.Runner.Tests.Exploring;

/// <summary>
/// Explorations end to end over the tiny workload (harness client, short timers): the correct destination survives
/// every single fault, broken ones are found with the invariant they break, and a stopped exploration resumes.
/// </summary>
[NonParallelizable]
public class ExplorerTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("harness-explore-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task The_correct_destination_survives_every_single_fault_and_the_space_is_covered()
    {
        var report = await Explorer.RunAsync(ExploreScenarios.Tiny(), Options(), CancellationToken.None);

        report.Violations.Should().BeEmpty();
        report.Unjudged.Should().BeEmpty();
        report.Coverage.Space.Should().Be(PlacementSpace.Count(new MessageInventory(report.Space.Inventory), 1)).And.BeGreaterThanOrEqualTo(30);
        report.Coverage.Explored.Should().Be(report.Coverage.Space);
        report.Coverage.ThisRun.Should().Be(report.Coverage.Space);
        report.Coverage.Complete.Should().BeTrue();
        report.StoppedBy.Should().BeNull();
        report.Cells.Sum(cell => cell.Explored).Should().Be(report.Coverage.Space, "at depth 1 each placement falls in one cell of the breakdown");
        report.Space.Inventory.Should().Contain(new MessageTarget(Proxy.Faults.FaultDirection.Request, Proxy.Faults.RuleMessageKind.Application, 0, 3));
    }

    [TestCase(DestinationDefects.NoDuplicateSuppression, Invariant.NoDuplicates, "duplicate application #")]
    [TestCase(DestinationDefects.DeliverOnArrival, Invariant.Order, "application #")]
    [TestCase(DestinationDefects.ReplyToWrongCall, Invariant.NoAcknowledgedLoss, "drop-response")]
    public async Task A_broken_destination_is_found_with_the_invariant_it_breaks(DestinationDefects defect, Invariant invariant, string fault)
    {
        var report = await Explorer.RunAsync(ExploreScenarios.Tiny(), Options() with { Defects = defect }, CancellationToken.None);

        var findings = report.Violations.Where(finding => finding.Violations.Contains(invariant)).ToList();
        findings.Should().NotBeEmpty($"{defect} breaks {invariant} under some single fault");
        findings.Should().Contain(finding => finding.Faults.Any(text => text.Contains(fault, StringComparison.Ordinal)));
        findings.Should().OnlyContain(finding => finding.FirstViolation != null && finding.FaultsYaml.StartsWith("faults:", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_resumed_exploration_runs_only_the_placements_not_done()
    {
        var first = await Explorer.RunAsync(ExploreScenarios.Tiny(), Options() with { Budget = 5 }, CancellationToken.None);
        first.Coverage.ThisRun.Should().Be(5);
        first.Coverage.Explored.Should().Be(5);
        first.StoppedBy.Should().Be(ExploreStop.Budget);
        var firstKeys = (await new ExploreLog(_folder.FullName).ReadAsync(CancellationToken.None)).Select(outcome => outcome.Key).ToList();

        var second = await Explorer.RunAsync(ExploreScenarios.Tiny(), Options(), CancellationToken.None);

        second.Coverage.ThisRun.Should().Be(second.Coverage.Space - 5);
        second.Coverage.Explored.Should().Be(second.Coverage.Space);
        var keys = (await new ExploreLog(_folder.FullName).ReadAsync(CancellationToken.None)).Select(outcome => outcome.Key).ToList();
        keys.Should().OnlyHaveUniqueItems("no placement runs twice").And.StartWith(firstKeys);
        keys[0].Should().Be(PlacementOutcome.FaultFreeKey, "the fault-free run opens the log, once");
    }

    [Test]
    public async Task A_folder_explored_with_another_workload_is_not_resumed()
    {
        await Explorer.RunAsync(ExploreScenarios.Tiny(), Options() with { Budget = 1 }, CancellationToken.None);
        var other = ExploreScenarios.Tiny() with { Workload = ExploreScenarios.Tiny().Workload with { Messages = 4 } };

        var resuming = () => Explorer.RunAsync(other, Options(), CancellationToken.None);

        (await resuming.Should().ThrowAsync<ExploreSetupException>()).WithMessage("*another workload*");
    }

    [Test]
    public async Task A_line_cut_short_in_the_log_is_a_placement_not_done()
    {
        var log = new ExploreLog(_folder.FullName);
        await log.AppendAsync(new PlacementOutcome("drop:request:application:0:1", ["drop application #1 session 0"], 1, Harness.Runner.Running.RunEnd.Completed, [], null, 12), CancellationToken.None);
        await File.AppendAllTextAsync(log.Path, "{\"key\":\"drop:requ");

        var outcomes = await log.ReadAsync(CancellationToken.None);

        outcomes.Select(outcome => outcome.Key).Should().Equal("drop:request:application:0:1");
    }

    private ExploreOptions Options() => new() { Folder = _folder.FullName, Depth = 1, Parallel = 4 };
}
