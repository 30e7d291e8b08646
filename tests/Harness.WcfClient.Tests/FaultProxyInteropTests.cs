using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.WcfClient.Binding;
using Harness.WcfClient.Sessions;
using Harness.WcfClient.Tests.Support;

namespace Harness.WcfClient.Tests;

/// <summary>
/// The real WCF client through the harness's fault proxy: requests lost, answers lost and requests duplicated on the
/// way, and still every call is delivered exactly once, in order. Each test injects few faults, because each lost
/// message costs the WCF client a retransmission timeout (about 0.5–2 s).
/// </summary>
public class FaultProxyInteropTests
{
    private const int Calls = 10;

    [Test]
    public async Task Requests_whose_first_send_is_dropped_are_resent_and_delivered_once_in_order(
        [Values("2005", "11")] string rm,
        [Values] JournalOperation operation)
    {
        const string plan = """
            faults:
              - name: lose the first send of messages 3 and 7
                match: {kind: application, messages: [3, 7], attempt: first}
                action: drop
            """;
        var (service, sessionId) = await RunThroughProxyAsync(InteropSettings.For(rm), plan, operation);
        await using (service)
        {
            service.Decisions.Select(d => (d.Number, d.Attempt, d.Action)).Should().BeEquivalentTo([(3L, 1, "drop"), (7L, 1, "drop")], "both faults happened");
            foreach (var number in new long[] { 3, 7 })
            {
                // The dropped send never reached the service: what it received is WCF's retransmission.
                service.EventsOf(sessionId, ReliabilityEventKind.Received).Where(e => e.MessageNumber == number)
                    .Should().ContainSingle("the service saw message {0} once, as WCF's retransmission", number);
            }
        }
    }

    [Test]
    public async Task A_request_whose_answer_is_lost_is_resent_and_the_copy_is_not_delivered_again(
        [Values("2005", "11")] string rm,
        [Values] JournalOperation operation)
    {
        const string plan = """
            faults:
              - name: lose the answer (the reply, or the acknowledgement) to message 4
                match: {kind: application, messages: 4, attempt: first}
                action: drop-response
            """;
        var (service, sessionId) = await RunThroughProxyAsync(InteropSettings.For(rm), plan, operation);
        await using (service)
        {
            service.Decisions.Select(d => (d.Number, d.Attempt, d.Action)).Should().Equal([(4L, 1, "drop-response")]);
            service.EventsOf(sessionId, ReliabilityEventKind.Duplicate).Where(e => e.MessageNumber == 4)
                .Should().NotBeEmpty("WCF never saw the answer, so it resent message 4 and the service suppressed the copy");
        }
    }

    [Test]
    public async Task Duplicated_requests_are_delivered_once_in_order(
        [Values("2005", "11")] string rm,
        [Values] JournalOperation operation)
    {
        const string plan = """
            faults:
              - name: two extra copies of messages 2 and 5
                match: {kind: application, messages: [2, 5], attempt: first}
                action: {duplicate: {copies: 2}}
            """;
        var (service, sessionId) = await RunThroughProxyAsync(InteropSettings.For(rm), plan, operation);
        await using (service)
        {
            service.Decisions.Select(d => (d.Number, d.Action)).Should().BeEquivalentTo([(2L, "duplicate"), (5L, "duplicate")]);
            foreach (var number in new long[] { 2, 5 })
            {
                service.EventsOf(sessionId, ReliabilityEventKind.Duplicate).Count(e => e.MessageNumber == number)
                    .Should().BeGreaterThanOrEqualTo(2, "the service received message {0}'s two copies and suppressed them", number);
            }
        }
    }

    [Test]
    public async Task Without_the_reliable_session_dropped_posts_are_missing_from_the_journal()
    {
        // The negative control: the same proxy and journal do show a loss when nothing repairs it, so the tests
        // above pass because of WS-RM, not because the faults missed.
        const string plan = """
            faults:
              - name: lose calls 3 and 7
                match: {kind: application, messages: [3, 7]}
                action: drop
            """;
        var settings = InteropSettings.For("2005") with { Enabled = false };
        using var bound = Bounded.Test();
        await using var service = await InteropService.StartAsync(settings, plan, bound.Token);
        await using var session = await WcfJournalSession.OpenAsync(
            service.Endpoint,
            new WcfSessionOptions { Settings = settings, Labels = TestSessionLabels.Of(0), SessionName = "negative-control" },
            bound.Token);

        await Workload.PostInTurnAsync(session, Calls, bound.Token);
        await session.CloseAsync(bound.Token);

        service.Decisions.Select(d => d.Number).Should().BeEquivalentTo([3L, 7L], "the proxy numbers plain calls by the X-Harness-Call header WCF sent");
        var delivered = service.Host.Journal.EntriesOf("negative-control");
        delivered.Select(e => e.Sequence).Should().Equal([1, 2, 4, 5, 6, 8, 9, 10], "a dropped one-way call is lost for good, though WCF reported success");
        delivered.Should().OnlyContain(e => e.Payload == PayloadDigest.Of(Workload.PayloadOf(e.Sequence)));
    }

    /// <summary>
    /// Starts the service behind the proxy with <paramref name="faultPlanYaml"/>, makes calls 1..10 one at a time with
    /// the real WCF client, closes, and checks exactly-once in-order delivery, Append's counts and a clean close.
    /// Returns the still-running service (for the test's own checks) and the session's id.
    /// </summary>
    private static async Task<(InteropService Service, string SessionId)> RunThroughProxyAsync(ReliableSessionSettings settings, string faultPlanYaml, JournalOperation operation)
    {
        using var bound = Bounded.Test();
        var service = await InteropService.StartAsync(settings, faultPlanYaml, bound.Token);
        try
        {
            await using var session = await WcfJournalSession.OpenAsync(
                service.Endpoint,
                new WcfSessionOptions { Settings = settings, Binding = WcfBindingKind.Custom, Labels = TestSessionLabels.Of(0) },
                bound.Token);

            var results = await Workload.CallInTurnAsync(session, operation, Calls, bound.Token);
            await session.CloseAsync(bound.Token);

            Workload.ShouldHoldEveryCallOnceInOrder(service.Host.Journal.EntriesOf(session.SessionId), operation, Calls);
            service.Host.Journal.Count.Should().Be(Calls, "nothing else was delivered");
            if (operation == JournalOperation.Append)
            {
                results.Should().Equal(Enumerable.Range(1, Calls), "each Append returns the session's delivered count");
            }

            DirectInteropTests.ShouldHaveClosedCleanly(service, session.SessionId, Calls);
            return (service, session.SessionId);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }
}
