using Harness.Proxy.Faults.Actions;
using Harness.Reliability.Destination;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Shrinking;

/// <summary>
/// A random run against a deliberately broken destination applies a score of faults; shrinking keeps the few that
/// still break the same guarantee, and writes them as a scenario that loads, fails again against the broken
/// destination and holds against the correct one.
/// </summary>
[NonParallelizable]
public class ShrinkerTests
{
    // One call at a time: with several, a copy that arrives while its original is held ahead of a gap is the same
    // buffered message, so whether a given duplicate is delivered twice would depend on arrival order.
    private const string RandomDuplicates = """
        name: random-duplicates
        description: many random copies of requests
        client: harness
        seed: 11
        workload: {messages: 40, operation: one-way, concurrency: 1}
        faults:
          - name: copy some requests
            match: {kind: application, attempt: first, probability: 0.6}
            action: {duplicate: {copies: 3}}
          - name: lose some answers
            match: {direction: response, kind: ack, probability: 0.2}
            action: drop-response
        time-limit: 30s
        """;

    [Test]
    public async Task A_failing_random_run_of_twenty_faults_or_more_shrinks_to_at_most_three_that_still_fail()
    {
        var broken = new RunOptions { Defects = DestinationDefects.NoDuplicateSuppression };
        var scenario = ScenarioLoader.Parse(RandomDuplicates, "random-duplicates.yaml");
        var failing = await ScenarioRunner.RunAsync(scenario, broken, CancellationToken.None);
        failing.Decisions.Should().HaveCountGreaterThanOrEqualTo(20, "the run to shrink is a random one with many faults");
        failing.Verdict.Violations.Should().Contain(v => v.Invariant == Invariant.NoDuplicates, ScenarioLibraryTests.Explain(failing));

        var request = new ShrinkRequest("random-duplicates.yaml", RandomDuplicates, failing.Seed, ClientKind.Harness,
            [.. failing.Decisions.Select(FaultPlacement.From)], Invariant.NoDuplicates);
        var progress = new List<ShrinkProgress>();
        var shrunk = await Shrinker.ShrinkAsync(request, new ShrinkOptions { Run = broken, Progress = progress.Add }, CancellationToken.None);
        await TestContext.Out.WriteLineAsync($"random-duplicates: {shrunk.Before.Count} -> {shrunk.After.Count} fault(s) in {shrunk.Runs} run(s) ({shrunk.WeakeningRuns} weakening), {shrunk.Elapsed.TotalSeconds:F1} s");

        shrunk.Reproduced.Should().BeTrue();
        shrunk.Before.Should().HaveCount(failing.Decisions.Count);
        shrunk.After.Should().HaveCountGreaterThan(0).And.HaveCountLessThanOrEqualTo(3);
        shrunk.After.Should().AllSatisfy(placement => placement.Action.Should().Be("duplicate"), "a lost answer cannot make a duplicate delivery");
        shrunk.AfterFaults.Should().AllSatisfy(
            fault => fault.Action.Should().Be(new DuplicateAction(1), "one extra copy is delivered twice as surely as three"),
            "each duplicate left is weakened to one copy");
        shrunk.WeakeningRuns.Should().BeGreaterThan(0);
        shrunk.Violation.Should().Contain("delivered twice");
        progress.Should().HaveCount(shrunk.Runs).And.OnlyContain(step => step.Faults <= shrunk.Before.Count);

        var written = ScenarioLoader.Parse(shrunk.ScenarioYaml, "random-duplicates-shrunk.yaml");
        written.Name.Should().Be("random-duplicates-shrunk");
        written.Faults.Rules.Select(rule => rule.Action).Should().Equal(shrunk.AfterFaults.Select(fault => fault.Action));
        var again = await ScenarioRunner.RunAsync(written, broken, CancellationToken.None);
        again.Verdict.Violations.Should().Contain(v => v.Invariant == Invariant.NoDuplicates, "the shrunk scenario fails again with the same invariant" + ScenarioLibraryTests.Explain(again));
        var fixedRun = await ScenarioRunner.RunAsync(written, new RunOptions(), CancellationToken.None);
        fixedRun.ExpectationMet.Should().BeTrue("against the correct destination it is a passing regression test" + ScenarioLibraryTests.Explain(fixedRun));
    }

    [Test]
    public async Task A_run_whose_faults_no_longer_break_the_guarantee_is_not_shrunk()
    {
        var scenario = ScenarioLoader.Parse(RandomDuplicates, "random-duplicates.yaml");
        var run = await ScenarioRunner.RunAsync(scenario, new RunOptions { Defects = DestinationDefects.NoDuplicateSuppression }, CancellationToken.None);
        var request = new ShrinkRequest("random-duplicates.yaml", RandomDuplicates, run.Seed, ClientKind.Harness,
            [.. run.Decisions.Select(FaultPlacement.From)], Invariant.NoDuplicates);

        // Against the correct destination the same faults break nothing.
        var shrunk = await Shrinker.ShrinkAsync(request, new ShrinkOptions(), CancellationToken.None);

        shrunk.Reproduced.Should().BeFalse();
        shrunk.Runs.Should().Be(1);
        shrunk.After.Should().Equal(shrunk.Before);
    }
}
