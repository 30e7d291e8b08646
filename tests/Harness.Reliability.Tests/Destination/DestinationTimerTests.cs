using System.Text;
using Harness.Protocol.ReliableMessaging;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination;
using Harness.Reliability.Events;
using Harness.Reliability.Journal;
using Harness.Reliability.Settings;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Destination;

/// <summary>
/// The destination's timer-driven behaviour on a fake clock that the test moves: the inactivity timeout, the wait of
/// an answer ahead of a gap, the application's slow accept, and the journal's timestamps.
/// </summary>
public class DestinationTimerTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:8088/journal");

    /// <summary>How long an answer to a held request waits for the gap; a fake clock moves past it.</summary>
    private static readonly TimeSpan AnswerDelay = TimeSpan.FromMilliseconds(20);

    [Test]
    public async Task Idle_sequences_end_at_the_first_scan_past_the_InactivityTimeout_and_activity_puts_it_off([Values("2005", "11")] string rm)
    {
        var clock = new ManualClock();
        var settings = Settings(rm) with { InactivityTimeout = TimeSpan.FromSeconds(10) };
        var options = new DestinationOptions { Settings = settings, InactivityScanInterval = TimeSpan.FromSeconds(1), Clock = clock.Clock };
        var events = new RecordingEventSink();
        await using var destination = new ReliableDestination(options, new DeliveryJournal { Clock = clock.Clock }, events);
        var text = new RmRequestText(settings.ReliableMessagingVersion, Endpoint);
        var idle = await CreateSequenceAsync(destination, text);
        var active = await CreateSequenceAsync(destination, text);
        var touchedAt = TimeSpan.FromSeconds(6);

        // Scan by scan: the scanner arms its next wait only once the scan before it is over.
        while (destination.SequenceCount > 0)
        {
            clock.AdvanceTo((await clock.NextTimerAsync(d => d == options.InactivityScanInterval, TestTimeout.Token)).DueAt);
            await clock.NextTimerAsync(d => d == options.InactivityScanInterval, TestTimeout.Token);
            if (clock.Elapsed == touchedAt)
            {
                (await SendAsync(destination, AckRequested(text, active))).StatusCode.Should().BeOneOf(200, 202);
            }
        }

        // A sequence ends at the first scan that finds it idle for longer than the timeout, not at exactly the timeout.
        var expiries = events.OfKind(ReliabilityEventKind.SequenceExpired).ToDictionary(e => e.SequenceId!, e => e.Time);
        expiries.Should().BeEquivalentTo(new Dictionary<string, TimeSpan>
        {
            [idle] = settings.InactivityTimeout + options.InactivityScanInterval,
            [active] = touchedAt + settings.InactivityTimeout + options.InactivityScanInterval,
        });
        (await SendAsync(destination, text.Post(idle, 1))).Message!.GetSequenceFault()!.Code.Should().Be(SequenceFaultCode.SequenceTerminated);
    }

    [Test]
    public async Task A_request_ahead_of_a_gap_waits_OutOfOrderAnswerDelay_on_the_clock_then_gets_an_empty_202([Values("2005", "11")] string rm)
    {
        var clock = new ManualClock();
        await using var destination = WithAnswerDelay(clock, rm);
        var text = new RmRequestText(Settings(rm).ReliableMessagingVersion, Endpoint);
        var sequenceId = await CreateSequenceAsync(destination, text, offer: true);

        var aheadOfGap = SendAsync(destination, text.Append(sequenceId, 2)).AsTask();
        var wait = await clock.NextTimerAsync(d => d == AnswerDelay, TestTimeout.Token);
        aheadOfGap.IsCompleted.Should().BeFalse("the answer waits for the gap on the destination's clock");
        clock.AdvanceTo(wait.DueAt);
        var answer = await aheadOfGap;

        // Message 2 is held, not delivered, and a reply session does not acknowledge what it holds.
        answer.StatusCode.Should().Be(202);
        answer.Message.Should().BeNull();
        destination.Journal.Count.Should().Be(0);
    }

    [Test]
    public async Task A_request_ahead_of_a_gap_is_answered_as_soon_as_the_gap_fills_with_its_reply([Values("2005", "11")] string rm)
    {
        var clock = new ManualClock();
        await using var destination = WithAnswerDelay(clock, rm);
        var text = new RmRequestText(Settings(rm).ReliableMessagingVersion, Endpoint);
        var sequenceId = await CreateSequenceAsync(destination, text, offer: true);

        var aheadOfGap = SendAsync(destination, text.Append(sequenceId, 2)).AsTask();
        await clock.NextTimerAsync(d => d == AnswerDelay, TestTimeout.Token);
        await SendAsync(destination, text.Append(sequenceId, 1));
        var answer = await aheadOfGap;

        clock.Elapsed.Should().Be(TimeSpan.Zero, "the gap filled before the delay ran out");
        answer.Message!.Sequence!.MessageNumber.Should().Be(2, "the reply to Append 2 is reply 2");
        answer.Message.AcknowledgementFor(sequenceId)!.Ranges.Should().Equal(new Protocol.Acknowledgements.SequenceRange(1, 2));
        destination.Journal.Entries.Select(e => e.Sequence).Should().Equal(1, 2);
    }

    [Test]
    public async Task A_one_way_message_ahead_of_a_gap_is_acknowledged_at_once_without_waiting([Values("2005", "11")] string rm)
    {
        var clock = new ManualClock();
        await using var destination = WithAnswerDelay(clock, rm);
        var text = new RmRequestText(Settings(rm).ReliableMessagingVersion, Endpoint);
        var sequenceId = await CreateSequenceAsync(destination, text);

        var answer = await SendAsync(destination, text.Post(sequenceId, 2)).AsTask().WaitAsync(TestTimeout.Token);

        clock.Elapsed.Should().Be(TimeSpan.Zero);
        answer.Message!.AcknowledgementFor(sequenceId)!.Ranges.Should().Equal(new Protocol.Acknowledgements.SequenceRange(2, 2));
        destination.Journal.Count.Should().Be(0, "message 2 waits for message 1");
    }

    [Test]
    public async Task The_journal_stamps_each_delivery_with_its_clock()
    {
        var clock = new ManualClock();
        await using var journal = new DeliveryJournal { Clock = clock.Clock };
        var firstAt = TimeSpan.FromSeconds(3);
        var secondAt = TimeSpan.FromSeconds(8);

        clock.AdvanceTo(firstAt);
        journal.Record("session", new JournalCall(JournalOperation.Post, 1, "one"), 1);
        clock.AdvanceTo(secondAt);
        var second = journal.Record("session", new JournalCall(JournalOperation.Post, 2, "two"), 2);

        journal.Entries.Select(e => e.Time).Should().Equal(firstAt, secondAt);
        second.WallClock.Should().Be(clock.GetUtcNow());
    }

    private static ReliableDestination WithAnswerDelay(ManualClock clock, string rm) =>
        new(new DestinationOptions { Settings = Settings(rm), OutOfOrderAnswerDelay = AnswerDelay, Clock = clock.Clock }, new DeliveryJournal { Clock = clock.Clock });

    private static ReliableSessionSettings Settings(string rm) =>
        new() { ReliableMessagingVersion = ReliableMessagingVersion.FromShortName(rm)! };

    private static ValueTask<DestinationResponse> SendAsync(ReliableDestination destination, string xml) =>
        destination.HandleAsync(Encoding.UTF8.GetBytes(xml), Endpoint.ToString(), TestTimeout.Token);

    private static async Task<string> CreateSequenceAsync(ReliableDestination destination, RmRequestText text, bool offer = false)
    {
        var answer = await SendAsync(destination, text.CreateSequence(offer ? "urn:uuid:" + Guid.NewGuid() : null));
        return answer.Message!.Body.Should().BeOfType<CreateSequenceResponse>().Subject.Identifier;
    }

    private static string AckRequested(RmRequestText text, string sequenceId) =>
        text.Envelope(
            $"""<r:AckRequested><r:Identifier>{sequenceId}</r:Identifier></r:AckRequested><a:Action s:mustUnderstand="1">{text.Version.AckRequestedAction}</a:Action>""",
            string.Empty);
}
