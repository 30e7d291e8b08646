using Harness.Proxy.Faults;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Runner.Tests.Library;

namespace Harness.Runner.Tests.Running;

/// <summary>
/// The destination acknowledges what it holds ahead of a gap on a one-way session, so a lost message costs one
/// retransmission, not one for every message behind it; on a reply session a held request is answered with an empty
/// 202, as CoreWCF answers it, and its resend gets the cached reply.
/// </summary>
[NonParallelizable]
public class SelectiveAcknowledgementTests
{
    [TestCase("2005", ClientKind.Wcf)]
    [TestCase("11", ClientKind.Wcf)]
    [TestCase("2005", ClientKind.Harness)]
    [TestCase("11", ClientKind.Harness)]
    public async Task On_a_one_way_session_only_the_lost_message_is_sent_again(string rm, ClientKind client)
    {
        var scenario = Scenario(rm, client, retries: 8, """
            workload: {messages: 12, operation: one-way, concurrency: 8}
            faults:
              - match: {kind: application, messages: 3, attempt: first}
                action: drop
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        var resent = result.History.Trace
            .Where(record => record is { Direction: FaultDirection.Request, Kind: RuleMessageKind.Application, Attempt: > 1 })
            .Select(record => record.Number)
            .ToList();
        resent.Should().Equal([3], "the messages held behind the gap were acknowledged, so only the lost one goes again" + ScenarioLibraryTests.Explain(result));
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task A_gap_that_never_fills_fails_the_calls_held_behind_it_rather_than_reporting_them_delivered(string rm)
    {
        // Messages 4 to 8 are held and acknowledged, but never delivered: the harness client returns a one-way call of
        // an ordered session only once every earlier message is acknowledged, so the calls behind the gap fail with
        // the session instead of passing for delivered ones.
        var scenario = Scenario(rm, ClientKind.Harness, retries: 2, """
            workload: {messages: 8, operation: one-way, concurrency: 8}
            faults:
              - match: {kind: application, messages: 3}
                action: drop
            expect: session-faults
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        result.Verdict.Violations.Should().BeEmpty();
        var calls = result.History.Sessions.Single().Calls;
        calls.Where(call => call.Sequence <= 2).Should().AllSatisfy(call => call.Outcome.Should().Be(CallOutcome.Acknowledged));
        calls.Where(call => call.Sequence >= 3).Should().AllSatisfy(call => call.Outcome.Should().Be(CallOutcome.Failed));
        result.History.Trace.Should().Contain(
            record => record.Direction == FaultDirection.Response && record.Kind == RuleMessageKind.Ack && record.Number == 8,
            "the held messages were acknowledged as they arrived");
    }

    [TestCase("2005", ClientKind.Wcf)]
    [TestCase("11", ClientKind.Wcf)]
    [TestCase("2005", ClientKind.Harness)]
    [TestCase("11", ClientKind.Harness)]
    public async Task On_a_reply_session_a_request_held_ahead_of_a_gap_gets_an_empty_202_and_its_resend_the_cached_reply(string rm, ClientKind client)
    {
        var scenario = Scenario(rm, client, retries: 8, """
            workload: {messages: 6, operation: request-reply, concurrency: 4}
            faults:
              - match: {kind: application, messages: 2, attempt: first}
                action: {delay: 300ms}
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        var answers = result.History.Trace.Where(record => record.Direction == FaultDirection.Response && record.Kind != RuleMessageKind.CreateSequenceResponse).ToList();
        var heldAndAnswered202 = answers.Where(record => record is { Number: > 2, Attempt: 1, Status: 202 }).Select(record => record.Number).ToList();
        heldAndAnswered202.Should().NotBeEmpty("requests that overtook the delayed message 2 are held and answered with an empty 202" + ScenarioLibraryTests.Explain(result));
        foreach (var number in heldAndAnswered202)
        {
            answers.Should().Contain(
                record => record.Number == number && record.Attempt > 1 && record.Kind == RuleMessageKind.Reply,
                $"the resend of request {number} gets its reply" + ScenarioLibraryTests.Explain(result));
        }
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task A_resend_waiting_for_its_turn_is_not_sent_once_the_acknowledgement_that_lets_it_go_covers_it(string rm)
    {
        // Message 3 arrives late and its resends are lost; messages 4 and 5 are held and acknowledged, but those answers
        // are lost, so their timers run out and their resends wait until message 3 is acknowledged. That
        // acknowledgement covers 4 and 5 as well: they are done and must not go again (a resend of an acknowledged
        // message would also hide a destination that acknowledges what it discarded).
        var scenario = Scenario(rm, ClientKind.Harness, retries: 8, """
            workload: {messages: 5, operation: one-way, concurrency: 5}
            faults:
              - match: {kind: application, messages: 3, attempt: first}
                action: {delay: 400ms}
              - match: {kind: application, messages: 3, attempt: retransmission}
                action: drop
              - match: {direction: response, messages: 4-5, attempt: first}
                action: drop
            """);

        var result = await ScenarioRunner.RunAsync(scenario, new RunOptions(), CancellationToken.None);

        result.ExpectationMet.Should().BeTrue(ScenarioLibraryTests.Explain(result));
        result.Decisions.Where(decision => decision.Direction == FaultDirection.Response).Select(decision => decision.Number)
            .Should().BeEquivalentTo([4L, 5L], "the answers to messages 4 and 5 were lost" + ScenarioLibraryTests.Explain(result));
        var sent = result.History.Trace
            .Where(record => record is { Direction: FaultDirection.Request, Kind: RuleMessageKind.Application, Number: 4 or 5 })
            .Select(record => record.Number);
        sent.Should().BeEquivalentTo([4L, 5L], "messages 4 and 5 were acknowledged before their resends' turn came" + ScenarioLibraryTests.Explain(result));
    }

    private static Scenario Scenario(string rm, ClientKind client, int retries, string body) =>
        ShortTimerScenarios.Parse("selective-acknowledgement", "a message lost or late once, with several in flight", rm, client, retries, body);
}
