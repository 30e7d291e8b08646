using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Runner.Scenarios;
using Harness.Runner.Shrinking;

namespace Harness.Runner.Tests.Shrinking;

/// <summary>
/// Each action's milder steps, exactly; each step written back reads as the same action; and the weakening loop keeps
/// a step only when the failure survives it.
/// </summary>
public class FaultWeakeningTests
{
    private static readonly FaultPlacement Somewhere = new(FaultDirection.Request, 0, RuleMessageKind.Application, 3, 1, 0, "x");

    public static IEnumerable<TestCaseData> Steps()
    {
        static TestCaseData Case(string name, FaultAction action, params FaultAction[] milder) => new TestCaseData(action, milder).SetName(name);

        yield return Case("A uniform delay becomes a fixed delay of its mean", new DelayAction(new UniformDelay(Ms(50), Ms(300))), new DelayAction(new FixedDelay(Ms(175))));
        yield return Case("A normal delay becomes a fixed delay of its mean", new DelayAction(new NormalDelay(Ms(100), Ms(20))), new DelayAction(new FixedDelay(Ms(100))));
        yield return Case("A fixed delay is halved", new DelayAction(new FixedDelay(Ms(2000))), new DelayAction(new FixedDelay(Ms(1000))));
        yield return Case("A fixed delay is halved in whole milliseconds", new DelayAction(new FixedDelay(Ms(125))), new DelayAction(new FixedDelay(Ms(63))));
        yield return Case("A fixed delay is not halved below the floor", new DelayAction(new FixedDelay(Ms(80))), new DelayAction(new FixedDelay(Ms(50))));
        yield return Case("A fixed delay at the floor has no milder step", new DelayAction(new FixedDelay(Ms(50))));
        yield return Case("Copies go to 1, else halve", new DuplicateAction(6), new DuplicateAction(1), new DuplicateAction(3));
        yield return Case("Two copies go to 1", new DuplicateAction(2), new DuplicateAction(1));
        yield return Case("One copy has no milder step", new DuplicateAction(1));
        yield return Case("Reorder after goes to 1, else halves, then max-hold halves", new ReorderAction(4, Ms(2000)),
            new ReorderAction(1, Ms(2000)), new ReorderAction(2, Ms(2000)), new ReorderAction(4, Ms(1000)));
        yield return Case("Reorder after 1 only halves max-hold", new ReorderAction(1, Ms(500)), new ReorderAction(1, Ms(250)));
        yield return Case("Flipped bytes go to 1, else halve", new CorruptAction(CorruptionMode.Flip, Bytes: 8), new CorruptAction(CorruptionMode.Flip, Bytes: 1), new CorruptAction(CorruptionMode.Flip, Bytes: 4));
        yield return Case("One flipped byte has no milder step", new CorruptAction(CorruptionMode.Flip, Bytes: 1));
        yield return Case("A truncation keeps halfway more", new CorruptAction(CorruptionMode.Truncate, Keep: 0.5), new CorruptAction(CorruptionMode.Truncate, Keep: 0.75));
        yield return Case("A truncation of 3 percent cuts 1.5 percent", new CorruptAction(CorruptionMode.Truncate, Keep: 0.97), new CorruptAction(CorruptionMode.Truncate, Keep: 0.985));
        yield return Case("A truncation cutting under 2 percent has no milder step", new CorruptAction(CorruptionMode.Truncate, Keep: 0.985));
        yield return Case("A drop that resets the connection answers an empty 202", new DropAction(LostAnswer.Abort), new DropAction(LostAnswer.Empty202));
        yield return Case("A drop answering an empty 202 has no milder step", new DropAction(LostAnswer.Empty202));
        yield return Case("A lost answer that resets the connection answers an empty 202", new DropResponseAction(LostAnswer.Abort), new DropResponseAction(LostAnswer.Empty202));
        yield return Case("A partition is halved", new PartitionAction(Ms(3000)), new PartitionAction(Ms(1500)));
        yield return Case("An http error has no milder step", new HttpErrorAction(503));
    }

    [TestCaseSource(nameof(Steps))]
    public void Milder_steps(FaultAction action, FaultAction[] milder) =>
        FaultWeakening.MilderSteps(action).Should().Equal(milder);

    [Test]
    public void Each_milder_step_written_into_a_shrunk_scenario_loads_as_the_same_action()
    {
        // The steps, and the forms no step makes but the writer knows.
        List<FaultAction> steps =
        [
            .. Steps().SelectMany(step => (FaultAction[])step.Arguments[1]!),
            new DelayAction(new UniformDelay(Ms(50), Ms(300))),
            new DelayAction(new NormalDelay(Ms(100), Ms(20))),
            new PartitionAction(Ms(1500), LostAnswer.Empty202),
        ];
        var writer = new ShrunkScenarioYaml(
            """
            name: all-actions
            description: one rule, whose action the shrunk scenario replaces
            client: harness
            workload: {messages: 10}
            faults:
              - action: drop
            """,
            "all-actions.yaml");
        var faults = steps.Select(step => new ShrunkFault(Somewhere, new DropAction(), step)).ToList();

        var yaml = writer.Write(faults, "all-actions-shrunk", "every milder step", 1, ClientKind.Harness);
        var loaded = ScenarioLoader.Parse(yaml, "all-actions-shrunk.yaml");

        loaded.Faults.Rules.Select(rule => rule.Action).Should().Equal(steps, yaml);
    }

    [Test]
    public void An_action_that_is_never_weakened_is_not_written_back() =>
        FluentActions.Invoking(() => FaultActionYaml.Write(new AbortAction())).Should().Throw<NotSupportedException>();

    [Test]
    public async Task Weakening_keeps_the_steps_the_failure_survives_and_stops_at_the_first_it_does_not()
    {
        // The failure needs a delay of at least 300 ms and two copies or more: 2000 ms halves to 1000, 500, and stops
        // (250 passes); copies 6 cannot go to 1 but can halve to 3 (then 3 cannot go to 1, and 1 is all halving gives).
        List<ShrunkFault> faults =
        [
            ShrunkFault.Unchanged(Somewhere, new DelayAction(new FixedDelay(Ms(2000)))),
            ShrunkFault.Unchanged(Somewhere with { Number = 4 }, new DuplicateAction(6)),
        ];
        var tried = new List<string>();

        await Shrinker.WeakenAsync(
            faults,
            (candidate, weakened, _) =>
            {
                tried.Add(weakened.Action.Describe());
                return Task.FromResult(candidate[0].Action is DelayAction { Distribution: FixedDelay { Delay.TotalMilliseconds: >= 300 } }
                    && candidate[1].Action is DuplicateAction { Copies: >= 2 });
            },
            CancellationToken.None);

        faults.Select(fault => fault.Action).Should().Equal(new DelayAction(new FixedDelay(Ms(500))), new DuplicateAction(3));
        faults.Should().OnlyContain(fault => fault.IsWeakened);
        faults[0].Original.Should().Be(new DelayAction(new FixedDelay(Ms(2000))));
        tried.Should().Equal(
            "delay 1000 ms", "delay 500 ms", "delay 250 ms",
            "duplicate (1 extra)", "duplicate (3 extra)", "duplicate (1 extra)");
    }

    [Test]
    public async Task A_fault_no_milder_step_fails_with_is_left_as_the_run_applied_it()
    {
        List<ShrunkFault> faults = [ShrunkFault.Unchanged(Somewhere, new DropAction(LostAnswer.Abort))];

        await Shrinker.WeakenAsync(faults, (_, _, _) => Task.FromResult(false), CancellationToken.None);

        faults.Single().IsWeakened.Should().BeFalse();
        faults.Single().Action.Should().Be(new DropAction(LostAnswer.Abort));
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
