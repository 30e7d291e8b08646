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
        report.Coverage.Space.Should().Be(PlacementSpace.Count(new MessageInventory(report.Space.Inventory), 1, PlacedFault.DefaultActions)).And.BeGreaterThanOrEqualTo(30);
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

    /// <summary>
    /// Every deliberately broken destination is found at depth 2 (stopping at the first failure), over a workload it
    /// can show itself on: one-way calls where a defect concerns one-way messages, corrupt among the actions for the
    /// destination that mishandles an unreadable body, and a buffer smaller than the client's window for the one that
    /// acknowledges what it discards. A destination broken even without faults is found by the fault-free run.
    /// </summary>
    [TestCase(DestinationDefects.NoDuplicateSuppression, "NoDuplicates")]
    [TestCase(DestinationDefects.DeliverOnArrival, "Order")]
    [TestCase(DestinationDefects.ReplyToWrongCall, "NoAcknowledgedLoss")]
    [TestCase(DestinationDefects.AcknowledgeNextUnreceived, "fault")]
    [TestCase(DestinationDefects.DropLastMessage, "Completeness")]
    [TestCase(DestinationDefects.AcknowledgeDiscarded, "NoAcknowledgedLoss")]
    [TestCase(DestinationDefects.AcknowledgeDamagedBody, "NoAcknowledgedLoss")]
    public async Task Every_broken_destination_is_found_at_depth_2(DestinationDefects defect, string found)
    {
        var (scenario, options) = defect switch
        {
            DestinationDefects.DropLastMessage => (ExploreScenarios.OneWay(messages: 3, concurrency: 1), Options()),
            DestinationDefects.AcknowledgeDiscarded => (ExploreScenarios.OneWay(messages: 8, concurrency: 8), Options() with { DestinationTransferWindow = 2 }),
            DestinationDefects.AcknowledgeDamagedBody => (ExploreScenarios.OneWay(messages: 3, concurrency: 1), Options() with { Actions = [ExploredAction.Corrupt] }),
            _ => (ExploreScenarios.Tiny(), Options()),
        };

        var report = await Explorer.RunAsync(scenario, options with { Depth = 2, FailFast = true, Defects = defect }, CancellationToken.None);

        report.FoundFailure.Should().BeTrue($"{defect} must be found");
        if (found == "fault")
        {
            // The client refuses an acknowledgement of a message it never sent, and faults the session: no delivery
            // guarantee broke, and the finding names why the session faulted.
            report.Faulted.Should().Contain(finding => finding.SessionFaults.Any(reason => reason.Contains("acknowledg", StringComparison.OrdinalIgnoreCase)));
        }
        else
        {
            report.Violations.Should().Contain(finding => finding.Violations.Contains(Enum.Parse<Invariant>(found)), $"{defect} breaks {found}");
        }

        report.Coverage.Explored.Should().BeLessThan(report.Coverage.Space, "it stopped at the first failure");
        report.StoppedBy.Should().Be(ExploreStop.FirstFailure);
    }

    [Test]
    public async Task The_correct_destination_takes_every_single_corrupted_request_and_the_client_resends_it()
    {
        var report = await Explorer.RunAsync(ExploreScenarios.OneWay(messages: 3, concurrency: 1), Options() with { Actions = [ExploredAction.Corrupt] }, CancellationToken.None);

        report.FoundFailure.Should().BeFalse(string.Join("; ", report.Violations.Concat(report.Faulted).Concat(report.Unjudged).Select(finding => $"{string.Join(" + ", finding.Faults)}: {finding.FirstViolation ?? finding.Error ?? finding.SessionFaults.FirstOrDefault()}")));
        report.Coverage.Space.Should().Be(report.Space.Inventory.Count(target => target.Direction == Proxy.Faults.FaultDirection.Request));
        report.Coverage.Explored.Should().Be(report.Coverage.Space);
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
