using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Source;

/// <summary>
/// The RM source against the real answers of CoreWCF's reliable-session service (shared/wire/corewcf-service),
/// replayed by <see cref="ScriptedCoreWcfService"/>.
/// </summary>
public class CoreWcfServiceTests
{
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(30);

    // ---- a) request-reply happy path -------------------------------------------------------------------------

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Appends_return_the_service_results_and_close_completes(string rm)
    {
        var run = await RunHappyPathAsync(rm);

        run.Results.Should().Equal(1, 2, 4, 5);
        run.SessionId.Should().Be(ScriptedCoreWcfService.ServiceSequenceId);
        run.OfferedSequenceId.Should().NotBeNull().And.Be(run.Service.OfferedSequenceId);
        run.Service.Deliveries.Should().Equal(
            new JournalCall(JournalOperation.Append, 1, "first"),
            new JournalCall(JournalOperation.Append, 2, "second"),
            new JournalCall(JournalOperation.Post, 3, "third"),
            new JournalCall(JournalOperation.Append, 4, "fourth"),
            new JournalCall(JournalOperation.Append, 5, "fifth"));
        run.Service.Exchanges.Select(e => e.Request.Action).Should().Equal(ExpectedHappyPathActions(run.Version));
        run.Service.Exchanges.Should().OnlyContain(e => e.Status == 200, "CoreWCF answered every request of the recording with 200");
        run.Service.Problems.Should().BeEmpty();
        run.Events.OfKind(ReliabilityEventKind.ReplyReceived).Select(e => e.MessageNumber).Should().Equal(1, 2, 4, 5);
        run.Events.OfKind(ReliabilityEventKind.Acknowledged).Select(e => e.MessageNumber).Order()
            .Should().Equal(Numbers(1, run.Version.IsFebruary2005 ? 6 : 5));
        run.Events.OfKind(ReliabilityEventKind.SessionClosed).Should().ContainSingle();
        run.Events.OfKind(ReliabilityEventKind.SessionFaulted).Should().BeEmpty();
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task CreateSequence_offers_the_reply_sequence_as_CoreWCF_requires(string rm)
    {
        var run = await RunHappyPathAsync(rm);

        var create = (CreateSequence)run.Service.Exchanges[0].Request.Body;
        create.Offer.Should().NotBeNull();
        create.Offer!.Identifier.Should().Be(run.OfferedSequenceId);
        if (run.Version.Is11)
        {
            create.Offer.Endpoint.Should().Be(create.AcksTo, "CoreWCF requires the 1.1 Offer's Endpoint to equal AcksTo");
        }

        var accepted = (CreateSequenceResponse)run.Service.Exchanges[0].Response!.Body;
        accepted.Accept!.AcksTo.Address.Should().Be(ScriptedCoreWcfService.Endpoint.ToString());
        run.Service.Exchanges[0].Response!.Addressing.RelatesTo.Should().Be(run.Service.Exchanges[0].Request.Addressing.MessageId);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Every_request_after_the_first_reply_acknowledges_all_replies_received_so_far(string rm)
    {
        var run = await RunHappyPathAsync(rm);
        var exchanges = run.Service.Exchanges;

        // Replies the service had sent (so the client had received: calls are sequential) when each request arrived.
        exchanges.Select(e => e.RepliesSentBefore).Should().Equal(
            run.Version.IsFebruary2005 ? [0L, 0, 1, 2, 2, 3, 4, 5] : [0L, 0, 1, 2, 2, 3, 4, 4]);
        exchanges.Select(e => Describe(e.Request.AcknowledgementFor(run.OfferedSequenceId!)))
            .Should().Equal(exchanges.Select(e => e.RepliesSentBefore == 0
                ? "none"
                : new SequenceRange(1, e.RepliesSentBefore) + (CarriesFinalAcknowledgement(run.Version, e.Request) ? " final" : string.Empty)));
    }

    [Test]
    public async Task LastMessage_and_TerminateSequence_acknowledge_every_reply_including_the_service_LastMessage()
    {
        var run = await RunHappyPathAsync("2005");
        var offered = run.OfferedSequenceId!;
        var (lastMessage, terminate) = (run.Service.Exchanges[^2], run.Service.Exchanges[^1]);

        lastMessage.Request.Sequence.Should().Be(new SequenceHeader(run.SessionId, 6, LastMessage: true));
        lastMessage.Request.Body.Should().Be(ApplicationBody.Empty);
        lastMessage.Request.AcknowledgementFor(offered)!.Ranges.Should().Equal(new SequenceRange(1, 4));
        lastMessage.Response!.Sequence.Should().Be(new SequenceHeader(offered, 5, LastMessage: true), "CoreWCF answers with its own LastMessage");
        lastMessage.Response.AcknowledgementFor(run.SessionId)!.Ranges.Should().Equal(new SequenceRange(1, 6));

        terminate.Request.Body.Should().Be(new TerminateSequence(run.SessionId));
        terminate.Request.AcknowledgementFor(offered)!.Ranges.Should().Equal(new SequenceRange(1, 5));
        terminate.Response!.Body.Should().Be(new TerminateSequence(offered), "CoreWCF terminates the offered sequence in return");
    }

    [Test]
    public async Task CloseSequence_and_TerminateSequence_acknowledge_every_reply_with_Final()
    {
        var run = await RunHappyPathAsync("11");
        var offered = run.OfferedSequenceId!;
        var (close, terminate) = (run.Service.Exchanges[^2], run.Service.Exchanges[^1]);

        close.Request.Body.Should().Be(new CloseSequence(run.SessionId, 5));
        close.Request.AcknowledgementFor(offered).Should().Be(new SequenceAcknowledgement(offered, [new SequenceRange(1, 4)]) { Final = true });
        close.Response!.Body.Should().Be(new CloseSequenceResponse(run.SessionId));
        close.Response.AcknowledgementFor(run.SessionId).Should().BeEquivalentTo(new { Ranges = new[] { new SequenceRange(1, 5) }, Final = true });

        terminate.Request.Body.Should().Be(new TerminateSequence(run.SessionId, 5));
        terminate.Request.AcknowledgementFor(offered).Should().Be(new SequenceAcknowledgement(offered, [new SequenceRange(1, 4)]) { Final = true });
        terminate.Response!.Body.Should().Be(new TerminateSequenceResponse(run.SessionId));
    }

    // ---- b) a message ahead of a gap is discarded with an empty 202 ------------------------------------------

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Message_discarded_ahead_of_a_gap_is_retransmitted_until_acknowledged(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version).LoseRequest(2);
        using var http = service.CreateClient();
        var events = new RecordingEventSink();
        await using var session = await OpenAsync(http, Fast(version), events, timeout.Token);

        var first = await session.AppendAsync(1, "first", timeout.Token);
        // Both in flight at once: whichever order they arrive in, 3 finds the gap left by the lost 2.
        await Task.WhenAll(session.PostAsync(2, "second", timeout.Token), session.PostAsync(3, "third", timeout.Token));
        var fourth = await session.AppendAsync(4, "fourth", timeout.Token);
        await session.CloseAsync(timeout.Token);

        first.Should().Be(1);
        fourth.Should().Be(4);
        service.ArrivalsOf(2)[0].Answer.Should().Be("request lost (attempt 1)");
        service.ArrivalsOf(3)[0].Should().Match<ServiceExchange>(e => e.Status == 202 && e.Answer.StartsWith("discarded ahead of a gap"));
        foreach (var number in new long[] { 2, 3 })
        {
            var arrivals = service.ArrivalsOf(number);
            arrivals.Should().HaveCountGreaterThan(1, "message {0} must be retransmitted", number);
            arrivals[^1].Response!.AcknowledgementFor(session.SessionId)!.Acknowledges(number).Should().BeTrue();
        }

        events.OfKind(ReliabilityEventKind.Retransmitted).Select(e => e.MessageNumber).Should().Contain([2L, 3L]);
        service.Deliveries.Should().Equal(
            new JournalCall(JournalOperation.Append, 1, "first"),
            new JournalCall(JournalOperation.Post, 2, "second"),
            new JournalCall(JournalOperation.Post, 3, "third"),
            new JournalCall(JournalOperation.Append, 4, "fourth"));

        // Everything acknowledged, each message once, including the 2005 LastMessage (number 5).
        var last = version.IsFebruary2005 ? 5 : 4;
        service.Received.Should().Equal(new SequenceRange(1, last));
        events.OfKind(ReliabilityEventKind.Acknowledged).Select(e => e.MessageNumber).Order().Should().Equal(Numbers(1, last));
        events.OfKind(ReliabilityEventKind.SessionClosed).Should().ContainSingle();
        events.OfKind(ReliabilityEventKind.SessionFaulted).Should().BeEmpty();
        service.Problems.Should().BeEmpty();
    }

    // ---- c) CreateSequence without an Offer is refused ------------------------------------------------------

    [TestCase("2005")]
    [TestCase("11")]
    public async Task CreateSequence_without_an_offer_is_refused_with_CoreWCF_fault(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version);
        using var http = service.CreateClient();
        var events = new RecordingEventSink();

        // A one-way-only session makes no Offer; CoreWCF's reply-session endpoint refuses that.
        var open = () => OpenAsync(http, Fast(version), events, timeout.Token, expectReplies: false);

        var refused = (await open.Should().ThrowAsync<ReliableSessionFaultedException>()).Which;
        refused.Fault.Should().NotBeNull();
        refused.Fault!.Code.Should().Be(SequenceFaultCode.CreateSequenceRefused);
        refused.Fault.Reason.Should().Contain("The create sequence request must contain an offer for a return sequence.");
        refused.Unacknowledged.Should().BeEmpty();
        var exchange = service.Exchanges.Should().ContainSingle("a refusal is final: no retry").Subject;
        exchange.Request.Body.Should().BeOfType<CreateSequence>().Which.Offer.Should().BeNull();
        exchange.Should().Match<ServiceExchange>(e => e.Status == 500 && e.Answer == "01-CreateSequence-no-offer");
        events.OfKind(ReliabilityEventKind.SequenceCreated).Should().BeEmpty();
    }

    // ---- d) a retransmitted Append gets the cached reply ----------------------------------------------------

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Lost_reply_is_recovered_from_the_cached_reply_to_the_retransmission(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version).LoseAnswer(1);
        using var http = service.CreateClient();
        var events = new RecordingEventSink();
        await using var session = await OpenAsync(http, Fast(version), events, timeout.Token);

        var result = await session.AppendAsync(1, "first", timeout.Token);

        result.Should().Be(1, "the cached reply carries CoreWCF's AppendResult 1");
        var arrivals = service.ArrivalsOf(1);
        arrivals.Should().HaveCountGreaterThan(1);
        arrivals[0].Answer.Should().StartWith("answer lost (attempt 1");
        arrivals[1].Should().Match<ServiceExchange>(e => e.Status == 200 && e.Answer == "cached answer (04-Append-msg1-retransmit)");
        arrivals.Select(a => a.Request.Addressing.MessageId).Distinct().Should().ContainSingle("a retransmission keeps its MessageID so the cached reply relates to it")
            .Which.Should().NotBeNull().And.Be(arrivals[1].Response!.Addressing.RelatesTo);
        events.OfKind(ReliabilityEventKind.Retransmitted).Should().Contain(e => e.MessageNumber == 1 && e.Attempt == 2);
        events.OfKind(ReliabilityEventKind.ReplyReceived).Should().ContainSingle(e => e.MessageNumber == 1);

        // The session goes on, and closes with the replies acknowledged.
        (await session.AppendAsync(2, "second", timeout.Token)).Should().Be(2);
        await session.CloseAsync(timeout.Token);
        service.Deliveries.Should().Equal(new JournalCall(JournalOperation.Append, 1, "first"), new JournalCall(JournalOperation.Append, 2, "second"));
        service.Problems.Should().BeEmpty();
    }

    // ---- e) MaxRetryCount exhausted -------------------------------------------------------------------------

    [TestCase("2005")]
    [TestCase("11")]
    public async Task Posts_never_acknowledged_fault_the_session_after_MaxRetryCount_retries(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version).AcceptWithoutAcknowledging();
        using var http = service.CreateClient();
        var events = new RecordingEventSink();
        var settings = Fast(version) with { MaxRetryCount = 3 };

        // The back-off runs on a fake clock, moved from one timer of the session to the next: no waiting.
        var clock = new ManualClock();
        Task[] posts;
        var session = await OpenAsync(http, settings, events, timeout.Token, clock: clock);
        await using (session)
        {
            posts = [.. Enumerable.Range(1, 3).Select(i => session.PostAsync(i, "m" + i, timeout.Token))];
            await clock.RunTimersUntilAsync(Task.WhenAll(posts), d => d < settings.SendTimeout, d => d == settings.SendTimeout, timeout.Token);
            await FluentActions.Awaiting(() => session.PostAsync(4, "m4", timeout.Token)).Should().ThrowAsync<ReliableSessionFaultedException>();

            // Disposal waits for the attempts still on their way, so the service has seen every one below.
        }

        foreach (var post in posts)
        {
            var faulted = (await FluentActions.Awaiting(() => post).Should().ThrowAsync<ReliableSessionFaultedException>()).Which;
            faulted.Unacknowledged.Should().Equal(1, 2, 3);
            faulted.Message.Should().Contain("was not acknowledged after 3 retries");
            faulted.Fault.Should().BeNull("no WS-RM fault was received");
        }

        // Resends go lowest first: 2 and 3 wait behind 1, whose retries run out and fault the session.
        Numbers(1, 3).Select(n => service.ArrivalsOf(n).Count).Should().Equal(4, 1, 1);
        events.OfKind(ReliabilityEventKind.Retransmitted).Select(e => (e.MessageNumber, e.Attempt))
            .Should().Equal((1L, 2), (1L, 3), (1L, 4));
        events.OfKind(ReliabilityEventKind.SessionFaulted).Should().ContainSingle();
        service.Problems.Should().BeEmpty();
    }

    // ---- f) a WS-RM fault in the middle of a session --------------------------------------------------------

    [TestCase("2005", SequenceFaultCode.SequenceTerminated)]
    [TestCase("2005", SequenceFaultCode.UnknownSequence)]
    [TestCase("11", SequenceFaultCode.SequenceTerminated)]
    [TestCase("11", SequenceFaultCode.UnknownSequence)]
    public async Task Sequence_fault_in_the_middle_of_a_session_faults_it_with_that_code(string rm, SequenceFaultCode code)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version).FaultAt(2, code);
        using var http = service.CreateClient();
        var events = new RecordingEventSink();
        await using var session = await OpenAsync(http, Calm(version), events, timeout.Token);

        (await session.AppendAsync(1, "first", timeout.Token)).Should().Be(1);
        var faulted = (await FluentActions.Awaiting(() => session.AppendAsync(2, "second", timeout.Token))
            .Should().ThrowAsync<ReliableSessionFaultedException>()).Which;

        faulted.Fault.Should().NotBeNull();
        faulted.Fault!.Code.Should().Be(code);
        faulted.Fault.Identifier.Should().Be(ScriptedCoreWcfService.ServiceSequenceId);
        faulted.Unacknowledged.Should().Equal(2);
        events.OfKind(ReliabilityEventKind.SessionFaulted).Should().ContainSingle();

        // The session stays faulted: later calls and the close fail at once, without sending anything.
        (await FluentActions.Awaiting(() => session.PostAsync(3, "third", timeout.Token)).Should().ThrowAsync<ReliableSessionFaultedException>())
            .Which.Fault!.Code.Should().Be(code);
        await FluentActions.Awaiting(() => session.CloseAsync(timeout.Token)).Should().ThrowAsync<ReliableSessionFaultedException>();
        service.Exchanges.Should().HaveCount(3, "nothing is sent after the fault");
        service.Exchanges[^1].ToString().Should().EndWith($"msg 2 attempt 1 -> 500 {code} fault");
        service.Deliveries.Should().Equal(new JournalCall(JournalOperation.Append, 1, "first"));
        service.Problems.Should().BeEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private sealed record HappyPathRun(
        ReliableMessagingVersion Version,
        ScriptedCoreWcfService Service,
        string SessionId,
        string? OfferedSequenceId,
        IReadOnlyList<int> Results,
        RecordingEventSink Events);

    /// <summary>The recorded exchange's shape: Append, Append, Post, Append, Append, then close; nothing lost.</summary>
    private static async Task<HappyPathRun> RunHappyPathAsync(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var version = Version(rm);
        var service = new ScriptedCoreWcfService(version);
        using var http = service.CreateClient();
        var events = new RecordingEventSink();
        await using var session = await OpenAsync(http, Calm(version), events, timeout.Token);

        var results = new List<int>
        {
            await session.AppendAsync(1, "first", timeout.Token),
            await session.AppendAsync(2, "second", timeout.Token),
        };
        await session.PostAsync(3, "third", timeout.Token);
        results.Add(await session.AppendAsync(4, "fourth", timeout.Token));
        results.Add(await session.AppendAsync(5, "fifth", timeout.Token));
        await session.CloseAsync(timeout.Token);
        return new HappyPathRun(version, service, session.SessionId, session.OfferedSequenceId, results, events);
    }

    private static string[] ExpectedHappyPathActions(ReliableMessagingVersion rm) =>
    [
        rm.CreateSequenceAction, JournalContract.AppendAction, JournalContract.AppendAction, JournalContract.PostAction,
        JournalContract.AppendAction, JournalContract.AppendAction,
        rm.IsFebruary2005 ? rm.LastMessageAction : rm.CloseSequenceAction, rm.TerminateSequenceAction,
    ];

    /// <summary>1.1's CloseSequence and TerminateSequence acknowledge the reply sequence with Final.</summary>
    private static bool CarriesFinalAcknowledgement(ReliableMessagingVersion rm, SoapMessage request) =>
        rm.Is11 && request.Body is CloseSequence or TerminateSequence;

    private static string Describe(SequenceAcknowledgement? acknowledgement) => acknowledgement is null
        ? "none"
        : string.Join(",", acknowledgement.Ranges) + (acknowledgement.Final ? " final" : string.Empty);

    private static Task<ReliableSession> OpenAsync(
        HttpClient http, ReliableSessionSettings settings, IReliabilityEventSink events, CancellationToken token, bool expectReplies = true, ManualClock? clock = null) =>
        ReliableSession.OpenAsync(
            http,
            ScriptedCoreWcfService.Endpoint,
            new SessionOptions { Settings = settings, ExpectReplies = expectReplies, Events = events, Clock = clock?.Clock ?? Harness.Protocol.Timing.RunClock.System },
            token);

    private static ReliableMessagingVersion Version(string rm) => ReliableMessagingVersion.FromShortName(rm)!;

    /// <summary>Short timers, for tests that wait for retransmissions.</summary>
    private static ReliableSessionSettings Fast(ReliableMessagingVersion rm) => new()
    {
        ReliableMessagingVersion = rm,
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
        MinRetransmissionTimeout = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>Long timers, for tests that count requests exactly: no retransmission can sneak in.</summary>
    private static ReliableSessionSettings Calm(ReliableMessagingVersion rm) => new()
    {
        ReliableMessagingVersion = rm,
        InitialRetransmissionTimeout = TimeSpan.FromSeconds(5),
        MinRetransmissionTimeout = TimeSpan.FromSeconds(5),
    };

    private static IEnumerable<long> Numbers(long from, long to) => Enumerable.Range((int)from, (int)(to - from + 1)).Select(n => (long)n);
}
