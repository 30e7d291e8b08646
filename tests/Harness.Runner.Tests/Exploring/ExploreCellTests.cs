using Harness.Proxy.Faults;
using Harness.Runner.Checking;
using Harness.Runner.Exploring;
using Harness.Runner.Running;

namespace Harness.Runner.Tests.Exploring;

/// <summary>The coverage breakdown by fault action and message kind: what each cell counts, at depth 1 and 2, and in explore.json.</summary>
public class ExploreCellTests
{
    private static readonly PlacementOutcome LostSecondCall = Outcome("drop:request:application:0:2", RunEnd.Completed, Invariant.NoAcknowledgedLoss);
    private static readonly PlacementOutcome DuplicatedFirstCall = Outcome("duplicate:request:application:0:1", RunEnd.Completed);
    private static readonly PlacementOutcome DelayedThirdReply = Outcome("delay:response:reply:0:3", RunEnd.TimedOut);
    private static readonly PlacementOutcome LostCreateSequence = Outcome("drop:request:create-sequence:0:0", RunEnd.Completed) with { SessionFaults = ["session 0: could not be opened"] };

    [Test]
    public void At_depth_1_each_cell_counts_its_placements_the_explored_ones_and_those_that_failed()
    {
        var placements = PlacementSpace.Enumerate(PlacementSpaceTests.ThreeCalls, 1, PlacedFault.DefaultActions).ToList();

        var cells = ExploreCell.Of(placements, Outcomes(LostSecondCall, DuplicatedFirstCall, DelayedThirdReply, LostCreateSequence));

        cells.Should().HaveCount(18, "4 actions on each of 3 request kinds, 2 on each of 3 answer kinds");
        cells.Sum(cell => cell.Space).Should().Be(30, "at depth 1 every placement falls in exactly one cell");
        Cell(cells, ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.Application).Should().Be(
            new ExploreCell(ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.Application, Space: 3, Explored: 1, Violated: 1, Unjudged: 0));
        Cell(cells, ExploredAction.Duplicate, FaultDirection.Request, RuleMessageKind.Application).Should().Be(
            new ExploreCell(ExploredAction.Duplicate, FaultDirection.Request, RuleMessageKind.Application, Space: 3, Explored: 1, Violated: 0, Unjudged: 0));
        Cell(cells, ExploredAction.Delay, FaultDirection.Response, RuleMessageKind.Reply).Should().Be(
            new ExploreCell(ExploredAction.Delay, FaultDirection.Response, RuleMessageKind.Reply, Space: 3, Explored: 1, Violated: 0, Unjudged: 1));
        Cell(cells, ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.CreateSequence).Should().Be(
            new ExploreCell(ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.CreateSequence, Space: 1, Explored: 1, Violated: 0, Unjudged: 0, Faulted: 1));
        Cell(cells, ExploredAction.Duplicate, FaultDirection.Request, RuleMessageKind.CreateSequence).Explored.Should().Be(0);
        cells.Sum(cell => cell.Explored).Should().Be(4);
    }

    [Test]
    public void At_depth_2_a_pair_counts_in_the_cell_of_each_fault_and_once_when_both_share_one()
    {
        var placements = PlacementSpace.Enumerate(PlacementSpaceTests.ThreeCalls, 2, PlacedFault.DefaultActions).ToList();
        var bothDropped = Outcome("drop:request:application:0:1+drop:request:application:0:2", RunEnd.Completed, Invariant.NoAcknowledgedLoss);
        var dropAndDelay = Outcome("drop:request:application:0:1+delay:response:reply:0:3", RunEnd.Completed, Invariant.NoAcknowledgedLoss);

        var cells = ExploreCell.Of(placements, Outcomes(bothDropped, dropAndDelay));

        // 3 singles; each of the 3 drops pairs with the 26 faults on other messages, the 3 pairs of two drops counted once.
        var drops = Cell(cells, ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.Application);
        drops.Space.Should().Be(3 + (3 * 26) - 3);
        drops.Explored.Should().Be(2);
        drops.Violated.Should().Be(2);
        Cell(cells, ExploredAction.Delay, FaultDirection.Response, RuleMessageKind.Reply).Violated.Should().Be(1);
        cells.Sum(cell => cell.Space).Should().BeGreaterThan(placements.Count, "a pair of faults in two cells counts in both");
    }

    [Test]
    public void The_cells_go_to_explore_json_and_back_and_a_report_without_them_reads_as_none()
    {
        var cells = ExploreCell.Of(PlacementSpace.Enumerate(PlacementSpaceTests.ThreeCalls, 1, PlacedFault.DefaultActions), Outcomes(LostSecondCall));
        var report = new ExploreReport(
            1, null, DateTimeOffset.UnixEpoch, 10, 1, 2,
            new ExploreSpace(1, "tiny", Harness.Runner.Scenarios.ClientKind.Harness, new Harness.Runner.Scenarios.Workload(1, 3, Harness.Runner.Scenarios.WorkloadOperation.RequestReply, 16, 3), "settings", [], 5, 50),
            new ExploreCoverage(30, 1, 1, 0), ExploreStop.Budget, [], [], [])
        { Cells = cells };

        var json = System.Text.Json.JsonSerializer.Serialize(report, ExploreJson.Indented);
        var read = System.Text.Json.JsonSerializer.Deserialize<ExploreReport>(json, ExploreJson.Indented)!;
        var withoutCells = System.Text.Json.JsonSerializer.Deserialize<ExploreReport>(json.Replace("\"cells\"", "\"laterField\"", StringComparison.Ordinal), ExploreJson.Indented)!;

        json.Should().Contain("\"action\": \"drop\"").And.Contain("\"kind\": \"application\"").And.Contain("\"direction\": \"request\"");
        read.Cells.Should().BeEquivalentTo(cells, options => options.WithStrictOrdering());
        withoutCells.Cells.Should().BeEmpty();
    }

    private static ExploreCell Cell(IReadOnlyList<ExploreCell> cells, ExploredAction action, FaultDirection direction, RuleMessageKind kind) =>
        cells.Single(cell => cell.Action == action && cell.Direction == direction && cell.Kind == kind);

    private static Dictionary<string, PlacementOutcome> Outcomes(params PlacementOutcome[] outcomes) =>
        outcomes.ToDictionary(outcome => outcome.Key, StringComparer.Ordinal);

    private static PlacementOutcome Outcome(string key, RunEnd end, params Invariant[] violations) =>
        new(key, [key], 1, end, violations, violations.Length > 0 ? $"[{violations[0]}] session 0: lost" : null, 12);
}
