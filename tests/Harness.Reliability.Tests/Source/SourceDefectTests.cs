using System.Net;
using Harness.Protocol.Acknowledgements;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Serialization;
using Harness.Protocol.Soap;
using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Source;

/// <summary>
/// The deliberate source defects against the real destination, with the wire between them recorded (and, where a
/// test needs it, a request lost or an answer changed): each defect shows its bug on the wire or in the journal, and
/// the same steps with a correct source show the correct behaviour. The tests of the correct behaviour are what kill
/// the defects no library scenario reaches (docs/mutants.md).
/// </summary>
public class SourceDefectTests
{
    /// <summary>Bounds the waits for what a correct source does at once; nothing here sleeps.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Test]
    public async Task Without_NoRetransmissionOnNack_a_Nack_sends_the_message_again_at_once([Values("2005", "11")] string rm)
    {
        await using var run = await NackMessage2Async(rm, SourceDefects.None);

        var resent = await Task.WhenAny(run.Posts, Task.Delay(Bound)) == run.Posts;

        resent.Should().BeTrue("the Nack alone must send message 2 again: the fake clock stands still, so no retransmission timer runs out");
        run.Events.OfKind(ReliabilityEventKind.Retransmitted).Should().ContainSingle(e => e.MessageNumber == 2).Which.Time.Should().Be(TimeSpan.Zero);
        run.Service.Host.Journal.EntriesOf(run.SessionId).Select(e => e.Sequence).Should().Equal(1, 2, 3);
    }

    [Test]
    public async Task NoRetransmissionOnNack_sends_a_Nacked_message_again_only_when_its_timer_runs_out([Values("2005", "11")] string rm)
    {
        await using var run = await NackMessage2Async(rm, SourceDefects.NoRetransmissionOnNack);
        await run.Wire.NackSent.WaitAsync(Bound);

        await run.Clock.RunTimersUntilAsync(run.Posts, duration => duration < run.Settings.SendTimeout, duration => duration == run.Settings.SendTimeout, new CancellationTokenSource(Bound).Token);

        run.Events.OfKind(ReliabilityEventKind.Retransmitted).Should().Contain(e => e.MessageNumber == 2)
            .Which.Time.Should().BeGreaterThanOrEqualTo(run.Settings.MinRetransmissionTimeout, "the resend waited for the retransmission timer");
        run.Service.Host.Journal.EntriesOf(run.SessionId).Select(e => e.Sequence).Should().Equal(1, 2, 3);
    }

    [Test]
    public async Task Without_WrongLastMessageNumber_the_close_names_the_last_message_sent([Values("2005", "11")] string rm)
    {
        var close = await PostThreeAndCloseAsync(rm, SourceDefects.None);

        close.Error.Should().BeNull();
        close.LastNumbersNamed.Should().AllBeEquivalentTo(close.LastNumber, "the close names the number of the sequence's last message");
        close.Delivered.Should().Equal(1, 2, 3);
    }

    [Test]
    public async Task WrongLastMessageNumber_names_a_last_message_one_below_the_real_one([Values("2005", "11")] string rm)
    {
        var close = await PostThreeAndCloseAsync(rm, SourceDefects.WrongLastMessageNumber);

        close.LastNumbersNamed.Should().NotBeEmpty().And.AllBeEquivalentTo(close.LastNumber - 1);
        if (rm == "2005")
        {
            close.Error.Should().BeOfType<ReliableSessionFaultedException>("the LastMessage went out as message 3 again, a duplicate, so its own number 4 is never acknowledged")
                .Which.Message.Should().Contain("Message 4 was not acknowledged");
        }
        else
        {
            close.Error.Should().BeNull("this destination, unlike CoreWCF, does not check LastMsgNumber against what it received");
        }

        close.Delivered.Should().Equal(1, 2, 3);
    }

    [Test]
    public async Task RenumberRetransmission_sends_a_message_whose_answer_was_lost_again_as_a_new_message([Values("2005", "11")] string rm)
    {
        var run = await AppendTwoLosingTheFirstAnswerTo2Async(rm, SourceDefects.RenumberRetransmission);

        run.Numbers.Should().Equal([1, 2, 3], "the resend of message 2 carries the number the next call would get");
        run.Delivered.Should().Equal([1, 2, 2], "the destination took the resend for a new call");
        run.Error.Should().BeOfType<ReliableSessionFaultedException>().Which.Message.Should().Contain("InvalidAcknowledgement");
    }

    [Test]
    public async Task Without_RenumberRetransmission_a_resend_keeps_its_number([Values("2005", "11")] string rm)
    {
        var run = await AppendTwoLosingTheFirstAnswerTo2Async(rm, SourceDefects.None);

        run.Numbers.Should().Equal(1, 2, 2);
        run.Delivered.Should().Equal(1, 2);
        run.Error.Should().BeNull();
    }

    [Test]
    public async Task AcknowledgeUnreceivedReply_acknowledges_a_reply_not_yet_sent_and_the_destination_refuses_it([Values("2005", "11")] string rm)
    {
        var run = await AppendTwoAsync(rm, SourceDefects.AcknowledgeUnreceivedReply);

        run.ReplyAcknowledgementOfSecondAppend.Should().Be("1-2", "reply 1 came, reply 2 was not even sent");
        run.Error.Should().BeOfType<ReliableSessionFaultedException>().Which.Message.Should().Contain("InvalidAcknowledgement");
    }

    [Test]
    public async Task Without_AcknowledgeUnreceivedReply_the_source_acknowledges_the_replies_it_got([Values("2005", "11")] string rm)
    {
        var run = await AppendTwoAsync(rm, SourceDefects.None);

        run.ReplyAcknowledgementOfSecondAppend.Should().Be("1");
        run.Error.Should().BeNull();
    }

    /// <summary>
    /// One-way Posts 1 (done before the others start, so nothing else wakes message 2), then 2 and 3: the first send of
    /// 2 is lost, and the answer to 3 (held ahead of the gap) becomes a Nack of 2. The source's clock stands still
    /// until the test moves it.
    /// </summary>
    private static async Task<NackRun> NackMessage2Async(string rm, SourceDefects defects)
    {
        var settings = Settings(rm);
        var wire = new RecordedWire { DropFirstSendOf = 2, NackInFirstAnswerTo = (3, 2) };
        var service = await ServiceFixture.StartAsync(settings, wire);
        var clock = new ManualClock();
        var events = new RecordingEventSink();
        var session = await ReliableSession.OpenAsync(
            service.Http, service.Endpoint, new SessionOptions { Settings = settings, ExpectReplies = false, Events = events, Clock = clock.Clock, Defects = defects }, TestTimeout.Token);
        await session.PostAsync(1, "first", TestTimeout.Token);
        var posts = Task.WhenAll(session.PostAsync(2, "second", TestTimeout.Token), session.PostAsync(3, "third", TestTimeout.Token));
        return new NackRun(service, session, wire, clock, events, settings, posts);
    }

    /// <summary>Posts 1 to 3 and closes; what the close named as the last message, and how it ended.</summary>
    private static async Task<(long LastNumber, IReadOnlyList<long> LastNumbersNamed, Exception? Error, IReadOnlyList<int> Delivered)> PostThreeAndCloseAsync(
        string rm, SourceDefects defects)
    {
        var wire = new RecordedWire();
        var (error, delivered) = await RunSessionAsync(rm, defects, wire, expectReplies: false, async session =>
        {
            for (var call = 1; call <= 3; call++)
            {
                await session.PostAsync(call, "post " + call, TestTimeout.Token);
            }

            await session.CloseAsync(TestTimeout.Token);
        });

        // February 2005 names the last message by sending it (message 4, after three Posts); 1.1 by LastMsgNumber.
        var requests = wire.Requests;
        IReadOnlyList<long> named = rm == "2005"
            ? [.. requests.Where(r => r.Sequence is { LastMessage: true }).Select(r => r.Sequence!.MessageNumber)]
            : [.. requests.Select(r => r.Body switch { CloseSequence close => close.LastMessageNumber, TerminateSequence terminate => terminate.LastMessageNumber, _ => null }).OfType<long>()];
        return (rm == "2005" ? 4 : 3, named, error, delivered);
    }

    /// <summary>Appends 1 and 2; the first answer to message 2 is lost after the destination delivered it.</summary>
    private static async Task<(IReadOnlyList<long> Numbers, IReadOnlyList<int> Delivered, Exception? Error)> AppendTwoLosingTheFirstAnswerTo2Async(
        string rm, SourceDefects defects)
    {
        var wire = new RecordedWire { LoseFirstAnswerTo = 2 };
        var (error, delivered) = await RunSessionAsync(rm, defects, wire, expectReplies: true, AppendOneAndTwoAsync);

        return ([.. wire.Requests.Where(r => r.Sequence is not null).Select(r => r.Sequence!.MessageNumber)], delivered, error);
    }

    /// <summary>Appends 1 and 2; the acknowledgement of replies the second Append carried, and how it ended.</summary>
    private static async Task<(string ReplyAcknowledgementOfSecondAppend, Exception? Error)> AppendTwoAsync(string rm, SourceDefects defects)
    {
        var wire = new RecordedWire();
        var (error, _) = await RunSessionAsync(rm, defects, wire, expectReplies: true, AppendOneAndTwoAsync);

        var second = wire.Requests.First(r => r.Sequence?.MessageNumber == 2);
        var replyAcknowledgement = second.Acknowledgements.Should().ContainSingle("the second Append acknowledges the replies").Subject;
        return (new SequenceRangeSet(replyAcknowledgement.Ranges).ToString(), error);
    }

    private static async Task AppendOneAndTwoAsync(IJournalSession session)
    {
        await session.AppendAsync(1, "first", TestTimeout.Token);
        await session.AppendAsync(2, "second", TestTimeout.Token);
    }

    /// <summary>Makes <paramref name="calls"/> on a session through <paramref name="wire"/>; the fault that ended it, if any, and what was delivered.</summary>
    private static async Task<(Exception? Error, IReadOnlyList<int> Delivered)> RunSessionAsync(
        string rm, SourceDefects defects, RecordedWire wire, bool expectReplies, Func<IJournalSession, Task> calls)
    {
        await using var service = await ServiceFixture.StartAsync(Settings(rm), wire);
        await using var session = await JournalClient.OpenSessionAsync(
            service.Http, service.Endpoint, new SessionOptions { Settings = Settings(rm), ExpectReplies = expectReplies, Defects = defects }, TestTimeout.Token);
        Exception? error = null;
        try
        {
            await calls(session);
        }
        catch (ReliableSessionFaultedException ex)
        {
            error = ex;
        }

        return (error, [.. service.Host.Journal.EntriesOf(session.SessionId).Select(e => e.Sequence)]);
    }

    /// <summary>Short timers and a small retry budget: a source whose message is never acknowledged gives up within a second.</summary>
    private static ReliableSessionSettings Settings(string rm) => new()
    {
        ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)!,
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
        MinRetransmissionTimeout = TimeSpan.FromMilliseconds(50),
        MaxRetryCount = 2,
    };

    /// <summary>The Nack run: the service, the open session and the Posts 2 and 3 under way.</summary>
    private sealed record NackRun(
        ServiceFixture Service, ReliableSession Session, RecordedWire Wire, ManualClock Clock, RecordingEventSink Events, ReliableSessionSettings Settings, Task Posts)
        : IAsyncDisposable
    {
        public string SessionId => Session.SessionId;

        public async ValueTask DisposeAsync()
        {
            await Session.DisposeAsync();
            await Service.DisposeAsync();
        }
    }

    /// <summary>
    /// The wire between source and destination: every request parsed and kept; optionally the first send of one
    /// message lost (empty 202, never forwarded), the first answer to one lost after the destination processed it, or
    /// the first answer to one replaced by a Nack of another.
    /// </summary>
    private sealed class RecordedWire() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        private readonly Lock _gate = new();
        private readonly List<SoapMessage> _requests = [];
        private readonly TaskCompletionSource _nackSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long? DropFirstSendOf { get; init; }

        public long? LoseFirstAnswerTo { get; init; }

        public (long Answered, long Nacked)? NackInFirstAnswerTo { get; init; }

        public IReadOnlyList<SoapMessage> Requests
        {
            get
            {
                lock (_gate)
                {
                    return [.. _requests];
                }
            }
        }

        /// <summary>Completes once the Nack has gone back to the source.</summary>
        public Task NackSent => _nackSent.Task;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            var message = SoapMessageReader.Read(body);
            var number = message.Sequence?.MessageNumber;
            bool first;
            lock (_gate)
            {
                first = number is not null && !_requests.Any(r => r.Sequence?.MessageNumber == number);
                _requests.Add(message);
            }

            if (first && number == DropFirstSendOf)
            {
                return new HttpResponseMessage(HttpStatusCode.Accepted) { RequestMessage = request, Content = new ByteArrayContent([]) };
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (first && number == LoseFirstAnswerTo)
            {
                response.Dispose();
                return new HttpResponseMessage(HttpStatusCode.Accepted) { RequestMessage = request, Content = new ByteArrayContent([]) };
            }

            if (first && NackInFirstAnswerTo is { } nack && number == nack.Answered)
            {
                var answer = SoapMessageReader.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                var contentType = response.Content.Headers.ContentType;
                response.Content = new ByteArrayContent(SoapMessageWriter.ToBytes(answer with
                {
                    Acknowledgements = [new SequenceAcknowledgement(message.Sequence!.Identifier, []) { Nacks = [nack.Nacked] }],
                }));
                response.Content.Headers.ContentType = contentType;
                response.StatusCode = HttpStatusCode.OK;
                _nackSent.TrySetResult();
            }

            return response;
        }
    }
}
