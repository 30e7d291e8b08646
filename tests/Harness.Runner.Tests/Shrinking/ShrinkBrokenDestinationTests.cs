using Harness.Proxy.Faults.Actions;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Shrinking;

/// <summary>
/// Shrinking against each deliberately broken destination (besides <see cref="DestinationDefects.NoDuplicateSuppression"/>,
/// in <see cref="ShrinkerTests"/>): a random run applying a score of faults or more really fails; shrinking keeps at
/// most three, as mild as still fail; the scenario written loads, fails again with the same invariant against the
/// broken destination and meets its expectation against the correct one. The harness client with short timers keeps
/// each run, and so each shrink, to seconds.
/// </summary>
/// <remarks>
/// <see cref="DestinationDefects.DeliverOnArrival"/> has no such test: its failure needs two calls to overtake each
/// other, and the mildest fault that makes them (a delay at the 50 ms floor) does not make them on every run, so the
/// shrunk scenario does not fail again on every run; explore finds it (ExplorerTests).
/// <see cref="DestinationDefects.AcknowledgeDiscarded"/> has no such test: a message it discards and acknowledges
/// leaves a gap that never fills, so a sequence with more messages after it never ends and each run lasts until its
/// time limit; and with enough calls in flight to overflow the buffer, the arrival order alone overflows it, so the
/// shrunk scenario would need no fault and fail only by chance.
/// </remarks>
[NonParallelizable]
public class ShrinkBrokenDestinationTests
{
    /// <summary>A one-way run whose first sends are now and then cut short, among delays and lost acknowledgements.</summary>
    private const string RandomDamage = """
        seed: 25
        workload: {messages: 30, operation: one-way, concurrency: 1}
        faults:
          - name: cut the end off some bodies
            match: {kind: application, attempt: first, probability: 0.2}
            action: {corrupt: {mode: truncate, keep: 0.97}}
          - name: slow some requests down
            match: {kind: application, probability: 0.6}
            action: {delay: {uniform: [5ms, 50ms]}}
          - name: lose some acknowledgements
            match: {direction: response, kind: ack, probability: 0.2}
            action: drop-response
        """;

    /// <summary>Short retransmission timers, so that lost messages cost tenths of a second.</summary>
    private const string ShortTimers = """
        client: harness
        settings:
          initial-retransmission-timeout: 100ms
          min-retransmission-timeout: 50ms
          max-retry-count: 8
        """;

    [Test]
    public async Task Replying_to_the_wrong_call_random_lost_replies_shrink_to_at_most_three_that_still_break_NoAcknowledgedLoss()
    {
        var shrunk = await ShrinkRandomRunAsync(
            "random-lost-replies",
            """
            seed: 22
            workload: {messages: 40, operation: request-reply, concurrency: 1}
            faults:
              - name: lose some replies, resetting the connection
                match: {direction: response, kind: reply, probability: 0.3}
                action: {drop-response: {answer: abort}}
              - name: slow some requests down
                match: {kind: application, probability: 0.4}
                action: {delay: {normal: {mean: 40ms, stddev: 10ms}}}
            """,
            new RunOptions { Defects = DestinationDefects.ReplyToWrongCall },
            Invariant.NoAcknowledgedLoss);

        shrunk.AfterFaults.Should().Contain(fault => fault.Action is DropResponseAction, "only a lost reply makes the client ask again");
    }

    [Test]
    public async Task Dropping_the_last_message_random_faults_shrink_to_none_since_the_loss_needs_no_fault()
    {
        var shrunk = await ShrinkRandomRunAsync(
            "random-one-way",
            """
            seed: 23
            workload: {messages: 30, operation: one-way, concurrency: 4}
            faults:
              - name: copy some requests
                match: {kind: application, attempt: first, probability: 0.4}
                action: {duplicate: {copies: 2}}
              - name: slow some requests down
                match: {kind: application, probability: 0.5}
                action: {delay: 30ms}
            """,
            new RunOptions { Defects = DestinationDefects.DropLastMessage },
            Invariant.Completeness);

        shrunk.After.Should().BeEmpty("the destination loses the last message of every sequence, faults or not");
    }

    [Test]
    public async Task Acknowledging_a_damaged_body_random_truncations_shrink_to_at_most_three_that_still_break_NoAcknowledgedLoss()
    {
        var shrunk = await ShrinkRandomRunAsync(
            "random-damage",
            RandomDamage,
            new RunOptions { Defects = DestinationDefects.AcknowledgeDamagedBody },
            Invariant.NoAcknowledgedLoss);

        shrunk.AfterFaults.Should().ContainSingle(fault => fault.Action is CorruptAction);
        shrunk.AfterFaults.Single(fault => fault.Action is CorruptAction).Action
            .Should().Be(new CorruptAction(CorruptionMode.Truncate, Keep: 0.985), "a cut of 1.5 % of the body still makes it unreadable, and halving again cuts less than 1 %");
    }

    [Test]
    public async Task Against_an_external_target_random_truncations_shrink_to_at_most_three_that_still_break_NoAcknowledgedLoss()
    {
        // As harness shrink --target does: every run goes through the proxy to a service the harness does not host, and
        // the count at the end of each one-way session tells what it delivered.
        await using var brokenTarget = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Defects = DestinationDefects.AcknowledgeDamagedBody } }, CancellationToken.None);
        await using var correctTarget = await JournalServiceHost.StartAsync(new JournalServiceOptions(), CancellationToken.None);

        var shrunk = await ShrinkRandomRunAsync(
            "random-damage-external",
            RandomDamage,
            new RunOptions { Target = brokenTarget.Endpoint },
            Invariant.NoAcknowledgedLoss,
            correct: new RunOptions { Target = correctTarget.Endpoint });

        shrunk.AfterFaults.Should().Contain(fault => fault.Action is CorruptAction);
    }

    /// <summary>
    /// Runs the random scenario against the broken destination (it must fail with <paramref name="invariant"/> after
    /// 20 faults or more), shrinks it, and checks the shrunk scenario: at most three faults, loads, fails again with
    /// the same invariant, and meets its expectation against the correct destination.
    /// </summary>
    /// <param name="correct">How a run meets the correct destination (default: <paramref name="broken"/> without its defects).</param>
    private static async Task<ShrinkResult> ShrinkRandomRunAsync(string name, string body, RunOptions broken, Invariant invariant, RunOptions? correct = null)
    {
        var yaml = $"name: {name}\ndescription: a random run to shrink\n{ShortTimers}\n{body}\ntime-limit: 30s\n";
        var scenario = ScenarioLoader.Parse(yaml, name + ".yaml");
        var failing = await ScenarioRunner.RunAsync(scenario, broken, CancellationToken.None);
        failing.Decisions.Should().HaveCountGreaterThanOrEqualTo(20, "the run to shrink is a random one with many faults" + ScenarioLibraryTests.Explain(failing));
        failing.Verdict.Violations.Should().Contain(v => v.Invariant == invariant, "the random run must fail first" + ScenarioLibraryTests.Explain(failing));

        var request = new ShrinkRequest(name + ".yaml", yaml, failing.Seed, ClientKind.Harness, [.. failing.Decisions.Select(FaultPlacement.From)], invariant);
        var shrunk = await Shrinker.ShrinkAsync(request, new ShrinkOptions { Run = broken, TimeLimit = TimeSpan.FromMinutes(3) }, CancellationToken.None);

        await TestContext.Out.WriteLineAsync($"{name}: {shrunk.Before.Count} -> {shrunk.After.Count} fault(s) in {shrunk.Runs} run(s) ({shrunk.WeakeningRuns} weakening), {shrunk.Elapsed.TotalSeconds:F1} s");
        foreach (var fault in shrunk.AfterFaults)
        {
            await TestContext.Out.WriteLineAsync($"  {fault.Placement}: {fault.Original.Describe()} -> {fault.Action.Describe()}");
        }

        shrunk.Reproduced.Should().BeTrue();
        shrunk.After.Should().HaveCountLessThanOrEqualTo(3, string.Join("\n", shrunk.AfterFaults));
        shrunk.AfterFaults.Select(fault => fault.Placement).Should().Equal(shrunk.After);
        var written = ScenarioLoader.Parse(shrunk.ScenarioYaml, name + "-shrunk.yaml");
        written.Faults.Rules.Select(rule => rule.Action).Should().Equal(shrunk.AfterFaults.Select(fault => fault.Action), "the file states the weakened actions");
        var again = await ScenarioRunner.RunAsync(written, broken, CancellationToken.None);

        again.Verdict.Violations.Should().Contain(v => v.Invariant == invariant, "the shrunk scenario fails again with the same invariant" + ScenarioLibraryTests.Explain(again));
        var fixedRun = await ScenarioRunner.RunAsync(written, correct ?? broken with { Defects = DestinationDefects.None }, CancellationToken.None);
        fixedRun.ExpectationMet.Should().BeTrue("against the correct destination it is a passing regression test" + ScenarioLibraryTests.Explain(fixedRun));
        return shrunk;
    }
}
