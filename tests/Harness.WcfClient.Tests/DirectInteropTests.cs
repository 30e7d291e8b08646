using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.WcfClient.Binding;
using Harness.WcfClient.Sessions;
using Harness.WcfClient.Tests.Support;

namespace Harness.WcfClient.Tests;

/// <summary>
/// The real WCF client (System.ServiceModel) against the harness's journal service, no faults: every binding, WS-RM
/// version, message version and contract shape the harness offers delivers each call exactly once, in order, and
/// closes cleanly.
/// </summary>
public class DirectInteropTests
{
    private const int Calls = 6;

    /// <summary>Appends made one at a time before calls are made concurrently (see <see cref="AppendWithFourInFlightAsync"/>).</summary>
    private const int WindowOpeningCalls = 8;

    private const int CallsInFlight = 12;

    [Test]
    public async Task Appends_on_the_mixed_contract_are_delivered_once_in_order_and_answered_with_their_count([Values("2005", "11")] string rm)
    {
        await RunAndCheckAsync(InteropSettings.For(rm), WcfBindingKind.Custom, oneWayContract: false, JournalOperation.Append);
    }

    [Test]
    public async Task Posts_on_the_mixed_contract_are_delivered_once_in_order([Values("2005", "11")] string rm)
    {
        await RunAndCheckAsync(InteropSettings.For(rm), WcfBindingKind.Custom, oneWayContract: false, JournalOperation.Post);
    }

    [Test]
    public async Task Posts_on_the_one_way_only_contract_are_delivered_once_in_order([Values("2005", "11")] string rm)
    {
        await RunAndCheckAsync(InteropSettings.For(rm), WcfBindingKind.Custom, oneWayContract: true, JournalOperation.Post);
    }

    [Test]
    public async Task WSHttpBinding_with_a_reliable_session_is_delivered_once_in_order([Values] JournalOperation operation)
    {
        // WSHttpBinding speaks only WS-RM February 2005 over SOAP 1.2 + WS-Addressing 1.0.
        await RunAndCheckAsync(InteropSettings.For("2005"), WcfBindingKind.WSHttp, oneWayContract: false, operation);
    }

    [Test]
    public void WSHttpBinding_refuses_WS_RM_11_with_a_reason_instead_of_silently_speaking_2005()
    {
        var create = () => WcfBindings.Create(WcfBindingKind.WSHttp, InteropSettings.For("11"));

        create.Should().Throw<NotSupportedException>().WithMessage("*February 2005*");
    }

    [Test]
    public async Task Other_message_versions_of_the_custom_binding_are_delivered_once_in_order(
        [Values("2005", "11")] string rm,
        [Values("Soap11WSAddressing10", "Soap12WSAddressingAugust2004", "Soap11WSAddressingAugust2004")] string messageVersion,
        [Values] JournalOperation operation)
    {
        await RunAndCheckAsync(InteropSettings.For(rm, InteropSettings.MessageVersionNamed(messageVersion)), WcfBindingKind.Custom, oneWayContract: false, operation);
    }

    [Test]
    public async Task Four_Appends_in_flight_on_one_ordered_channel_are_delivered_once_in_order([Values("2005", "11")] string rm)
    {
        var (service, sessionId, results) = await AppendWithFourInFlightAsync(InteropSettings.For(rm));
        await using (service)
        {
            // Calls in flight together may take message numbers in any order; what must hold is that each is
            // delivered once, that deliveries follow message numbers without a gap, and that each reply counts its
            // own delivery.
            var entries = service.Host.Journal.EntriesOf(sessionId);
            entries.Select(e => e.MessageNumber).Should().Equal(Enumerable.Range(1, WindowOpeningCalls + CallsInFlight).Select(n => (long)n), "an ordered session delivers in message-number order");
            entries.Take(WindowOpeningCalls).Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, WindowOpeningCalls), "calls made one at a time are delivered in call order");
            ShouldMatchReplies(entries, results);
        }
    }

    [Test]
    public async Task Four_Appends_in_flight_on_one_unordered_channel_are_each_delivered_once([Values("2005", "11")] string rm)
    {
        var (service, sessionId, results) = await AppendWithFourInFlightAsync(InteropSettings.For(rm, ordered: false));
        await using (service)
        {
            // Unordered: any delivery order is correct, but never a loss or a second delivery.
            var entries = service.Host.Journal.EntriesOf(sessionId);
            entries.Select(e => e.MessageNumber).Should().OnlyHaveUniqueItems().And.HaveCount(WindowOpeningCalls + CallsInFlight);
            ShouldMatchReplies(entries, results);
        }
    }

    /// <summary>
    /// Opens a session, makes <see cref="WindowOpeningCalls"/> Appends one at a time, then
    /// <see cref="CallsInFlight"/> more keeping four outstanding, closes, and checks that several really were on the
    /// wire at once and that every call was delivered exactly once. Returns the running service and each call's reply.
    /// </summary>
    /// <remarks>
    /// The calls made one at a time let WCF's transmission window grow (it starts at one message and grows by one per
    /// acknowledgement, up to MaxTransferWindowSize 8) before calls are made concurrently. Calls made while the window
    /// is still smaller than the calls in flight wait in WCF's queue, and the real WCF client
    /// (System.ServiceModel.Primitives 10.1.0) then fails about one run in four with InvalidOperationException
    /// "Queue empty." from TransmissionStrategy.DequeuePending: a WCF defect (a waiting call's continuation runs inline
    /// under the strategy's lock and re-enters DequeuePending), not the service's.
    /// </remarks>
    private static async Task<(InteropService Service, string SessionId, IReadOnlyDictionary<int, int> Results)> AppendWithFourInFlightAsync(ReliableSessionSettings settings)
    {
        using var bound = Bounded.Test();
        var service = await InteropService.StartRecordedAsync(settings, bound.Token);
        try
        {
            await using var session = await OpenAsync(service, settings, WcfBindingKind.Custom, oneWayContract: false, bound.Token);
            var inTurn = await Workload.AppendInTurnAsync(session, WindowOpeningCalls, bound.Token);
            var concurrent = await Workload.AppendConcurrentlyAsync(session, first: WindowOpeningCalls + 1, count: CallsInFlight, inFlight: 4, bound.Token);
            await session.CloseAsync(bound.Token);

            var appendsOnTheWire = service.Recorder!.Requests.Where(r => WireRequest.Read(r).Kind == "Append");
            RecordingForwarder.MostAtOnce(appendsOnTheWire).Should().BeGreaterThan(1, "several Appends were on the wire at once");
            var entries = service.Host.Journal.EntriesOf(session.SessionId);
            entries.Select(e => e.Sequence).Should().BeEquivalentTo(Enumerable.Range(1, WindowOpeningCalls + CallsInFlight), "every call is delivered exactly once");
            entries.Should().OnlyContain(e => e.Payload == PayloadDigest.Of(Workload.PayloadOf(e.Sequence)) && e.Operation == JournalOperation.Append);
            ShouldHaveClosedCleanly(service, session.SessionId, WindowOpeningCalls + CallsInFlight);
            var results = inTurn.Select((result, index) => (Sequence: index + 1, result)).Concat(concurrent.Select(c => (Sequence: c.Key, result: c.Value)))
                .ToDictionary(c => c.Sequence, c => c.result);
            return (service, session.SessionId, results);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every call got a reply, and each Append's reply is the session's count at its own delivery.</summary>
    private static void ShouldMatchReplies(IReadOnlyList<JournalEntry> entries, IReadOnlyDictionary<int, int> results)
    {
        results.Should().HaveCount(entries.Count);
        foreach (var entry in entries)
        {
            results[entry.Sequence].Should().Be(entry.CountInSession, $"Append {entry.Sequence}'s reply is the count at its own delivery");
        }
    }

    private static async Task RunAndCheckAsync(ReliableSessionSettings settings, WcfBindingKind binding, bool oneWayContract, JournalOperation operation)
    {
        using var bound = Bounded.Test();
        await using var service = await InteropService.StartRecordedAsync(settings, bound.Token);
        await using var session = await OpenAsync(service, settings, binding, oneWayContract, bound.Token);

        var results = await Workload.CallInTurnAsync(session, operation, Calls, bound.Token);
        await session.CloseAsync(bound.Token);

        var entries = service.Host.Journal.Entries;
        entries.Should().OnlyContain(e => e.Session == session.SessionId, "the channel's session id is the sequence the journal names deliveries by");
        Workload.ShouldHoldEveryCallOnceInOrder(entries, operation, Calls);
        if (operation == JournalOperation.Append)
        {
            results.Should().Equal(Enumerable.Range(1, Calls), "each Append returns the session's delivered count");
        }

        ShouldHaveClosedCleanly(service, session.SessionId, Calls);
        ShouldHaveSpokenOnTheWire(service, settings, offersReplySequence: !oneWayContract);
    }

    /// <summary>
    /// Every request WCF sent is in the message version and WS-RM version asked for (so a combination that passes did
    /// not pass by WCF quietly speaking something else), and CreateSequence offers a reply sequence exactly when the
    /// contract has a request-reply operation.
    /// </summary>
    private static void ShouldHaveSpokenOnTheWire(InteropService service, ReliableSessionSettings settings, bool offersReplySequence)
    {
        var requests = WireRequest.ReadAll(service.Recorder!.Requests);
        requests.Should().NotBeEmpty();
        requests.Should().OnlyContain(r => r.Message.Version == settings.MessageVersion, $"the binding asked for {settings.MessageVersion}");
        requests.Should().OnlyContain(r => r.Message.ReliableMessaging == settings.ReliableMessagingVersion, $"the binding asked for {settings.ReliableMessagingVersion}");
        requests.Should().OnlyContain(r => r.MediaType == settings.MessageVersion.Soap.MediaType && r.Charset == "utf-8");
        var create = requests.Should().ContainSingle(r => r.Kind == "CreateSequence").Subject;
        ((Harness.Protocol.ReliableMessaging.CreateSequence)create.Message.Body).Offer.Should().Match(offer => (offer != null) == offersReplySequence);
    }

    internal static Task<WcfJournalSession> OpenAsync(InteropService service, ReliableSessionSettings settings, WcfBindingKind binding, bool oneWayContract, CancellationToken cancellationToken) =>
        WcfJournalSession.OpenAsync(
            service.Endpoint,
            new WcfSessionOptions { Settings = settings, Binding = binding, OneWayContract = oneWayContract },
            cancellationToken);

    /// <summary>
    /// A normal close: CloseAsync returned (it throws when WCF's Close fails), the service saw the source terminate the
    /// sequence, sent no fault, and holds no sequence any more.
    /// </summary>
    internal static void ShouldHaveClosedCleanly(InteropService service, string sessionId, int delivered)
    {
        service.EventsOf(sessionId, ReliabilityEventKind.Delivered).Should().HaveCount(delivered);
        service.EventsOf(sessionId, ReliabilityEventKind.SequenceTerminated).Should().ContainSingle("the client ended the sequence with TerminateSequence")
            .Which.Detail.Should().Be("terminated by the source");
        service.Events.OfKind(ReliabilityEventKind.FaultSent).Should().BeEmpty("a clean session gets no fault");
        service.Host.Destination.SequenceCount.Should().Be(0, "the terminated sequence (and its offered reply sequence) is gone");
    }
}
