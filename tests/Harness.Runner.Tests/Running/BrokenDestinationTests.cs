using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
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

    [TestCase("2005", ClientKind.Wcf)]
    [TestCase("11", ClientKind.Wcf)]
    [TestCase("2005", ClientKind.Harness)]
    [TestCase("11", ClientKind.Harness)]
    public async Task Without_duplicate_suppression_duplicated_requests_break_NoDuplicates(string rm, ClientKind client)
    {
        var scenario = Scenario("duplicates", rm, client, """
            workload: {messages: 12, operation: one-way, concurrency: 4}
            faults:
              - match: {kind: application, messages: 3-5, attempt: first}
                action: duplicate
            """);

        // A copy that arrives while its original is still held ahead of a gap is the same buffered message, so which of
        // the three calls are delivered twice depends on how the concurrent requests overtake each other.
        await ShouldBeCaughtAsync(scenario, DestinationDefects.NoDuplicateSuppression, Expectation.Holds, Invariant.NoDuplicates, []);
    }

    [TestCase("2005", ClientKind.Wcf)]
    [TestCase("11", ClientKind.Wcf)]
    [TestCase("2005", ClientKind.Harness)]
    [TestCase("11", ClientKind.Harness)]
    public async Task Delivering_on_arrival_breaks_Order_when_messages_are_reordered(string rm, ClientKind client)
    {
        var scenario = Scenario("reordered", rm, client, """
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
    public async Task Acknowledging_a_discarded_message_breaks_NoAcknowledgedLoss(string rm)
    {
        // The destination holds two messages ahead of a gap; the client sends eight at once, and message 3 arrives
        // late (its resends are lost), so the Posts that overtake it beyond the first two find the buffer full and are
        // discarded. A correct destination leaves them unacknowledged and they are sent again; the broken one
        // acknowledges them, so they are never sent again nor delivered. Flow control is off, or a loaded machine
        // could send the last Posts only after an acknowledgement reported the buffer full, and nothing would
        // overflow. The harness client only: the real WCF client always heeds BufferRemaining.
        var scenario = Scenario("discarded-yet-acknowledged", rm, ClientKind.Harness, retries: 5, """
            workload: {messages: 8, operation: one-way, concurrency: 8}
            faults:
              - match: {kind: application, messages: 3, attempt: first}
                action: {delay: 200ms}
              - match: {kind: application, messages: 3, attempt: retransmission}
                action: drop
            """);
        scenario = scenario with { Settings = scenario.Settings with { FlowControlEnabled = false } };

        await ShouldBeCaughtAsync(scenario, DestinationDefects.AcknowledgeDiscarded, Expectation.Holds, Invariant.NoAcknowledgedLoss, [], destinationTransferWindow: 2);
    }

    [TestCase("2005", ClientKind.Wcf)]
    [TestCase("11", ClientKind.Wcf)]
    [TestCase("2005", ClientKind.Harness)]
    [TestCase("11", ClientKind.Harness)]
    public async Task Dropping_the_last_message_breaks_Completeness(string rm, ClientKind client)
    {
        var scenario = Scenario("last-message-lost", rm, client, """
            workload: {messages: 6, operation: one-way, concurrency: 2}
            """);

        await ShouldBeCaughtAsync(scenario, DestinationDefects.DropLastMessage, Expectation.Holds, Invariant.Completeness, [6]);
    }

    /// <summary>
    /// The correct destination meets <paramref name="correctOutcome"/>; the broken one is reported with
    /// <paramref name="invariant"/> on (at least) the calls <paramref name="sequences"/>, and nothing else passes for it.
    /// </summary>
    [TestCase(ClientKind.Wcf)]
    [TestCase(ClientKind.Harness)]
    public async Task Acknowledging_a_message_whose_body_arrived_damaged_breaks_NoAcknowledgedLoss(ClientKind client)
    {
        // Finding F: CoreWCF acknowledges a one-way message whose body it could not read and never delivers it.
        var scenario = LibraryScenario("damage-one-way-body-once", client);

        await ShouldBeCaughtAsync(scenario, DestinationDefects.AcknowledgeDamagedBody, Expectation.Holds, Invariant.NoAcknowledgedLoss, [3]);
    }

    [TestCase(ClientKind.Wcf)]
    [TestCase(ClientKind.Harness)]
    public async Task Against_an_external_target_the_count_at_the_end_catches_a_damaged_one_way_message_acknowledged_and_never_delivered(ClientKind client)
    {
        var scenario = LibraryScenario("damage-one-way-body-once", client);
        await using var correctTarget = await JournalServiceHost.StartAsync(new JournalServiceOptions(), CancellationToken.None);
        await using var brokenTarget = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Defects = DestinationDefects.AcknowledgeDamagedBody } },
            CancellationToken.None);

        var correct = await ScenarioRunner.RunAsync(scenario, new RunOptions { Target = correctTarget.Endpoint }, CancellationToken.None);
        var broken = await ScenarioRunner.RunAsync(scenario with { Expect = Expectation.Violated }, new RunOptions { Target = brokenTarget.Endpoint }, CancellationToken.None);

        correct.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(correct));
        correct.History.Sessions.Single().CountAtEnd.Should().Be(7, "six Posts and the counting Append");
        brokenTarget.Journal.Entries.Select(entry => entry.Sequence).Should().NotContain(3, "the broken target never delivered message 3");
        broken.History.Sessions.Single().CountAtEnd.Should().Be(6, "five Posts and the counting Append");
        broken.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(broken));
        broken.Verdict.Violations.Should().Contain(violation => violation.Invariant == Invariant.NoAcknowledgedLoss, ScenarioLibraryTests.Explain(broken));
        broken.Verdict.Violations.Should().OnlyContain(violation => violation.Sequence == 3, "the call the proxy damaged is the one missing from the count" + ScenarioLibraryTests.Explain(broken));
    }

    private static Scenario LibraryScenario(string name, ClientKind client) =>
        ScenarioLoader.Load(RepositoryFiles.PathOf("scenarios", name + ".yaml")).ForClient(client)!;

    private static async Task ShouldBeCaughtAsync(
        Scenario scenario, DestinationDefects defect, Expectation correctOutcome, Invariant invariant, int[] sequences, int? destinationTransferWindow = null)
    {
        var correct = await ScenarioRunner.RunAsync(
            scenario with { Expect = correctOutcome }, new RunOptions { DestinationTransferWindow = destinationTransferWindow }, CancellationToken.None);
        correct.ExpectationMet.Should().BeTrue("the correct destination must pass the same scenario" + ScenarioLibraryTests.Explain(correct));

        var broken = await ScenarioRunner.RunAsync(
            scenario with { Expect = Expectation.Violated }, new RunOptions { Defects = defect, DestinationTransferWindow = destinationTransferWindow }, CancellationToken.None);

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

    private static Scenario Scenario(string name, string rm, ClientKind client, string body) => Scenario(name, rm, client, retries: 4, body);

    private static Scenario Scenario(string name, string rm, ClientKind client, int retries, string body) =>
        ShortTimerScenarios.Parse(name, "a broken destination must be caught", rm, client, retries, body);
}
