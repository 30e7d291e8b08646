using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Runner.Checking;
using Harness.Runner.Exploring;
using Harness.Runner.Reports;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;

namespace Harness.Reports.Tests.Support;

/// <summary>
/// What explore.html and a shrink's page are made from, built as records (no exploration or shrink is run): an
/// exploration stopped by its budget with two findings, one unjudged placement and markup in its text; one that found
/// nothing; and a shrink of the failing report run's four drops to one.
/// </summary>
public static class ExploreAndShrinkPages
{
    public const string Hostile = "</script><script>alert(1)</script><!-- <b>&amp;";

    private static readonly Workload ThreeCalls = new(Sessions: 1, Messages: 3, WorkloadOperation.RequestReply, PayloadSize: 16, Concurrency: 3);

    /// <summary>Depth 1 over one session of 3 calls (18 placements, on the calls and their replies), 12 explored: the drop of call 2 and a pair lose a call, a delayed reply timed out.</summary>
    public static ExploreReport FailingExploration { get; } = new ExploreReport(
        SchemaVersion: 1,
        Command: "harness explore --client harness --budget 12 '" + Hostile + "'",
        StartedAt: new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero),
        DurationMs: 4321,
        Depth: 1,
        Parallel: 2,
        Space: new ExploreSpace(1, "tiny " + Hostile, ClientKind.Harness, ThreeCalls, "settings " + Hostile, [.. PlacementSpaceInventory], 250, 1000),
        Coverage: new ExploreCoverage(Space: 18, Explored: 12, ThisRun: 8, NotFired: 2),
        StoppedBy: ExploreStop.Budget,
        Violations:
        [
            new ExploreFinding(
                "drop:request:application:0:2", ["drop application #2 session 0"], [Invariant.NoAcknowledgedLoss],
                "[NoAcknowledgedLoss] session 0: call 2 " + Hostile, RunEnd.Completed, null,
                "faults:\n  - name: \"drop application #2 session 0\"\n    match: {direction: request, session: 0, kind: application, messages: 2, attempt: 1}\n    action: drop\n", []),
            new ExploreFinding(
                "duplicate:request:application:0:1", ["duplicate application #1 session 0"], [Invariant.NoDuplicates, Invariant.Order],
                "[NoDuplicates] session 0: call 1 delivered twice", RunEnd.Completed, null,
                "faults:\n  - name: \"duplicate application #1 session 0\"\n    action: duplicate\n", []),
        ],
        Unjudged:
        [
            new ExploreFinding(
                "delay:response:reply:0:3", ["delay response reply #3 session 0"], [], null, RunEnd.TimedOut, "the scenario's time limit " + Hostile,
                "faults:\n  - name: \"delay response reply #3 session 0\"\n    action: {delay: 1s}\n", []),
        ],
        Faulted:
        [
            new ExploreFinding(
                "drop:request:create-sequence:0:0", ["drop create-sequence session 0"], [], null, RunEnd.Completed, null,
                "faults:\n  - name: \"drop create-sequence session 0\"\n    action: drop\n", ["session 0: the session could not be opened " + Hostile]),
        ])
    {
        Cells =
        [
            new ExploreCell(ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.Application, Space: 3, Explored: 3, Violated: 1, Unjudged: 0),
            new ExploreCell(ExploredAction.Duplicate, FaultDirection.Request, RuleMessageKind.Application, Space: 3, Explored: 2, Violated: 1, Unjudged: 0),
            new ExploreCell(ExploredAction.Reorder, FaultDirection.Request, RuleMessageKind.Application, Space: 3, Explored: 0, Violated: 0, Unjudged: 0),
            new ExploreCell(ExploredAction.Delay, FaultDirection.Request, RuleMessageKind.Application, Space: 3, Explored: 3, Violated: 0, Unjudged: 0),
            new ExploreCell(ExploredAction.DropResponse, FaultDirection.Response, RuleMessageKind.Reply, Space: 3, Explored: 1, Violated: 0, Unjudged: 0),
            new ExploreCell(ExploredAction.Delay, FaultDirection.Response, RuleMessageKind.Reply, Space: 3, Explored: 3, Violated: 0, Unjudged: 1),
            new ExploreCell(ExploredAction.Drop, FaultDirection.Request, RuleMessageKind.CreateSequence, Space: 1, Explored: 1, Violated: 0, Unjudged: 0, Faulted: 1),
        ],
    };

    /// <summary>The whole space explored and nothing found.</summary>
    public static ExploreReport PassingExploration { get; } = FailingExploration with
    {
        Command = "harness explore --client harness",
        Space = FailingExploration.Space with { Scenario = "tiny" },
        Coverage = new ExploreCoverage(Space: 18, Explored: 18, ThisRun: 18, NotFired: 0),
        StoppedBy = null,
        Violations = [],
        Unjudged = [],
        Faulted = [],
        Cells = [.. FailingExploration.Cells.Select(cell => cell with { Explored = cell.Space, Violated = 0, Unjudged = 0, Faulted = 0 })],
    };

    /// <summary>The failing report run's drops of calls 5, 10, 15 and 20, shrunk to the drop of call 10.</summary>
    public static ShrinkRequest ShrinkRequest { get; } = new(
        "scenarios/unreliable-drop-every-fifth.yaml", ReportRuns.FailingYaml, 7, ClientKind.Wcf,
        [.. new[] { 5, 10, 15, 20 }.Select(number => new FaultPlacement(FaultDirection.Request, 0, RuleMessageKind.Application, number, 1, 0, "drop"))],
        Invariant.NoAcknowledgedLoss);

    public static ShrinkResult ShrinkResult { get; } = Shrunk();

    /// <summary>The page of <see cref="FailingExploration"/>, <see cref="PassingExploration"/> or the shrink, written under the report tests' folder.</summary>
    public static async Task<string> WriteExploreAsync(ExploreReport report, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(ReportRuns.Root, name)).FullName;
        return await ExplorePage.WriteAsync(report, folder, CancellationToken.None);
    }

    public static async Task<string> WriteShrinkAsync()
    {
        var folder = Directory.CreateDirectory(Path.Combine(ReportRuns.Root, "shrink")).FullName;
        var yamlPath = Path.Combine(folder, "unreliable-drop-every-fifth-shrunk.yaml");
        await File.WriteAllTextAsync(yamlPath, ShrinkResult.ScenarioYaml);
        return await ShrinkPage.WriteAsync(ShrinkRequest, ShrinkResult, yamlPath, CancellationToken.None);
    }

    private static ShrinkResult Shrunk()
    {
        var after = new[] { ShrinkRequest.Placements[1] };
        var yaml = new ShrunkScenarioYaml(ReportRuns.FailingYaml, ShrinkRequest.ScenarioFile)
            .Write(after, "unreliable-drop-every-fifth-shrunk", "Found by harness shrink: this fault alone breaks NoAcknowledgedLoss.", 7, ClientKind.Wcf);
        return new ShrinkResult(
            ShrinkRequest.Placements, after, Reproduced: true, "[NoAcknowledgedLoss] call 10 was acknowledged but never delivered " + Hostile, yaml,
            Runs: 9, BudgetSpent: false, TimeSpan.FromSeconds(12.34))
        {
            Client = ClientKind.Wcf,
            AfterFaults = [ShrunkFault.Unchanged(after[0], new DropAction())],
        };
    }

    private static IEnumerable<MessageTarget> PlacementSpaceInventory =>
    [
        new(FaultDirection.Request, RuleMessageKind.Application, 0, 1),
        new(FaultDirection.Response, RuleMessageKind.Reply, 0, 1),
        new(FaultDirection.Request, RuleMessageKind.Application, 0, 2),
        new(FaultDirection.Response, RuleMessageKind.Reply, 0, 2),
        new(FaultDirection.Request, RuleMessageKind.Application, 0, 3),
        new(FaultDirection.Response, RuleMessageKind.Reply, 0, 3),
    ];
}
