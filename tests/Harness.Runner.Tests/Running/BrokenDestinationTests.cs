using Harness.Reliability.Destination;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Running;

/// <summary>
/// The checker is trusted only if it catches real bugs: each deliberately broken destination runs a scenario end to
/// end and must be caught with the right invariant, while the same scenario against the correct destination passes.
/// </summary>
[NonParallelizable]
public class BrokenDestinationTests
{

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Without_duplicate_suppression_duplicated_requests_break_NoDuplicates(string rm)
    {
        var scenario = Scenario("duplicates", rm, """
            workload: {messages: 12, operation: one-way, concurrency: 4}
            faults:
              - match: {kind: application, messages: 3-5, attempt: first}
                action: duplicate
            """);

        await ShouldBeCaughtAsync(scenario, DestinationDefects.NoDuplicateSuppression, Expectation.Holds, Invariant.NoDuplicates, [3, 4, 5]);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Delivering_on_arrival_breaks_Order_when_messages_are_reordered(string rm)
    {
        var scenario = Scenario("reordered", rm, """
            workload: {messages: 10, operation: request-reply, concurrency: 8}
            faults:
              - match: {kind: application, messages: [2, 6], attempt: first}
                action: {reorder: {after: 3, max-hold: 2s}}
            """);

        // Which calls end up out of order depends on how the concurrent requests reach the service, so only the
        // invariant is asserted, not the calls.
        await ShouldBeCaughtAsync(scenario, DestinationDefects.DeliverOnArrival, Expectation.Holds, Invariant.Order, []);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Acknowledging_before_delivery_breaks_NoAcknowledgedLoss_when_a_gap_never_fills(string rm)
    {
        // Message 3 never gets through: a correct destination acknowledges nothing after 2, so the session faults with
        // every later call failed; the broken one acknowledges buffered calls that are then never delivered.
        var scenario = Scenario("gap-never-fills", rm, retries: 2, """
            workload: {messages: 8, operation: one-way, concurrency: 8}
            faults:
              - match: {kind: application, messages: 3}
                action: drop
            """);

        await ShouldBeCaughtAsync(scenario, DestinationDefects.AcknowledgeBeforeDelivery, Expectation.SessionFaults, Invariant.NoAcknowledgedLoss, [4]);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Dropping_the_last_message_breaks_Completeness(string rm)
    {
        var scenario = Scenario("last-message-lost", rm, """
            workload: {messages: 6, operation: one-way, concurrency: 2}
            """);

        await ShouldBeCaughtAsync(scenario, DestinationDefects.DropLastMessage, Expectation.Holds, Invariant.Completeness, [6]);
    }

    /// <summary>
    /// The correct destination meets <paramref name="correctOutcome"/>; the broken one is reported with
    /// <paramref name="invariant"/> on (at least) the calls <paramref name="sequences"/>, and nothing else passes for it.
    /// </summary>
    private static async Task ShouldBeCaughtAsync(Scenario scenario, DestinationDefects defect, Expectation correctOutcome, Invariant invariant, int[] sequences)
    {
        var correct = await ScenarioRunner.RunAsync(scenario with { Expect = correctOutcome }, new RunOptions(), CancellationToken.None);
        correct.ExpectationMet.Should().BeTrue("the correct destination must pass the same scenario" + ScenarioLibraryTests.Explain(correct));

        var broken = await ScenarioRunner.RunAsync(scenario with { Expect = Expectation.Violated }, new RunOptions { Defects = defect }, CancellationToken.None);

        broken.End.Should().Be(RunEnd.Completed);
        broken.Verdict.Passed.Should().BeFalse($"{defect} must be caught" + ScenarioLibraryTests.Explain(broken));
        var caught = broken.Verdict.Violations.Where(violation => violation.Invariant == invariant).Select(violation => violation.Sequence).ToList();
        caught.Should().NotBeEmpty($"{defect} breaks {invariant}" + ScenarioLibraryTests.Explain(broken));
        if (sequences.Length > 0)
        {
            caught.Should().Contain(sequences.Cast<int?>(), $"{defect} breaks {invariant} on (at least) those calls" + ScenarioLibraryTests.Explain(broken));
        }
        broken.Verdict.Violations.Where(violation => violation.Invariant == invariant)
            .Should().AllSatisfy(violation => violation.Message.Should().Contain("payload"), "each violation names the message");
    }

    /// <summary>Short timers; the retry budget (backing off from the measured round trip) bounds how long a session takes to fault.</summary>
    private static Scenario Scenario(string name, string rm, string body) => Scenario(name, rm, retries: 4, body);

    private static Scenario Scenario(string name, string rm, int retries, string body) =>
        ScenarioLoader.Parse($"""
            name: {name}
            description: a broken destination must be caught
            settings:
              reliable-messaging-version: {rm}
              initial-retransmission-timeout: 100ms
              min-retransmission-timeout: 50ms
              max-retry-count: {retries}
            {body}
            time-limit: 30s
            """, name + ".yaml");
}
