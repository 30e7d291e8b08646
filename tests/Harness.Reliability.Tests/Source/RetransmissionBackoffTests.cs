using Harness.Protocol.Versions;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.Reliability.Tests.Support;

namespace Harness.Reliability.Tests.Source;

/// <summary>
/// Every resend of the source (a message, CreateSequence, CloseSequence, TerminateSequence) waits the same back-off:
/// the retransmission timeout, doubled for every retry, until MaxRetryCount retries give up. Run on a fake clock that
/// moves from one timer of the source to the next, so every send happens at its exact time.
/// </summary>
public class RetransmissionBackoffTests
{
    private static readonly TimeSpan TestBound = TimeSpan.FromSeconds(30);

    [TestCase("2005")]
    [TestCase("11")]
    public async Task An_unacknowledged_message_is_resent_on_the_doubling_backoff_and_faults_the_session_when_retries_run_out(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var clock = new ManualClock();
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version).AcceptWithoutAcknowledging();
        using var http = service.CreateClient();
        var events = new RecordingEventSink();
        var settings = Settings(version);
        Task post;
        await using (var session = await OpenAsync(http, settings, events, clock, timeout.Token))
        {
            post = session.PostAsync(1, "first", timeout.Token);
            await clock.RunTimersUntilAsync(post, RetransmissionWaits(settings), HttpAttempts(settings), timeout.Token);

            // Disposal waits for the attempts still on their way, so the service has seen every one below.
        }

        (await FluentActions.Awaiting(() => post).Should().ThrowAsync<ReliableSessionFaultedException>())
            .Which.Message.Should().Contain($"was not acknowledged after {settings.MaxRetryCount} retries");
        var sends = events.Events.Where(e => e.MessageNumber == 1 && e.Kind is ReliabilityEventKind.Sent or ReliabilityEventKind.Retransmitted);
        var faulted = events.OfKind(ReliabilityEventKind.SessionFaulted).Should().ContainSingle().Subject;
        Gaps([.. sends.Select(e => e.Time), faulted.Time]).Should().Equal(DoublingFrom(MeasuredBase(settings), settings.MaxRetryCount + 1));
        service.ArrivalsOf(1).Should().HaveCount(settings.MaxRetryCount + 1);
    }

    [TestCase("2005")]
    [TestCase("11")]
    public async Task A_CreateSequence_never_answered_is_resent_on_the_backoff_from_the_initial_timeout_then_given_up(string rm)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var clock = new ManualClock();
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version);
        using var dropping = new DroppingHandler(service, version.CreateSequenceAction);
        using var http = dropping.CreateClient();
        var events = new RecordingEventSink();
        var settings = Settings(version);

        var open = OpenAsync(http, settings, events, clock, timeout.Token);
        await clock.RunTimersUntilAsync(open, RetransmissionWaits(settings), HttpAttempts(settings), timeout.Token);

        (await FluentActions.Awaiting(() => open).Should().ThrowAsync<ReliableSessionFaultedException>())
            .Which.Message.Should().Contain($"No CreateSequenceResponse after {settings.MaxRetryCount + 1} attempts");
        var requests = events.OfKind(ReliabilityEventKind.SequenceRequested).Select(e => e.Time);

        // No round trip was measured: the timer starts from InitialRetransmissionTimeout.
        Gaps([.. requests, clock.Elapsed]).Should().Equal(DoublingFrom(settings.InitialRetransmissionTimeout, settings.MaxRetryCount + 1));
        dropping.Dropped.Should().Be(settings.MaxRetryCount + 1);
    }

    [TestCase("2005", "TerminateSequence")]
    [TestCase("11", "CloseSequence")]
    public async Task A_close_message_never_answered_is_resent_on_the_same_backoff_then_faults_the_session(string rm, string lost)
    {
        using var timeout = new CancellationTokenSource(TestBound);
        var clock = new ManualClock();
        var version = Version(rm);
        using var service = new ScriptedCoreWcfService(version);
        using var dropping = new DroppingHandler(service, version.IsFebruary2005 ? version.TerminateSequenceAction : version.CloseSequenceAction);
        using var http = dropping.CreateClient();
        var events = new RecordingEventSink();
        var settings = Settings(version);
        await using var session = await OpenAsync(http, settings, events, clock, timeout.Token);
        (await session.AppendAsync(1, "first", timeout.Token)).Should().Be(1);

        var close = session.CloseAsync(timeout.Token);
        await clock.RunTimersUntilAsync(close, RetransmissionWaits(settings), HttpAttempts(settings), timeout.Token);

        (await FluentActions.Awaiting(() => close).Should().ThrowAsync<ReliableSessionFaultedException>())
            .Which.Message.Should().Contain($"{lost} was not answered after {settings.MaxRetryCount} retries");
        var sends = events.Events.Where(e => e.Detail == lost && e.Kind is ReliabilityEventKind.Sent or ReliabilityEventKind.Retransmitted);
        var faulted = events.OfKind(ReliabilityEventKind.SessionFaulted).Should().ContainSingle().Subject;
        Gaps([.. sends.Select(e => e.Time), faulted.Time]).Should().Equal(DoublingFrom(MeasuredBase(settings), settings.MaxRetryCount + 1));
        dropping.Dropped.Should().Be(settings.MaxRetryCount + 1);
    }

    private static Task<ReliableSession> OpenAsync(HttpClient http, ReliableSessionSettings settings, IReliabilityEventSink events, ManualClock clock, CancellationToken token) =>
        ReliableSession.OpenAsync(http, ScriptedCoreWcfService.Endpoint, new SessionOptions { Settings = settings, Events = events, Clock = clock.Clock }, token);

    private static ReliableSessionSettings Settings(ReliableMessagingVersion rm) => new()
    {
        ReliableMessagingVersion = rm,
        MaxRetryCount = 3,
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
        MinRetransmissionTimeout = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>
    /// The base timeout once round trips are measured. Answers take no time on the fake clock, so the smoothed
    /// round trip is zero and the base is the minimum.
    /// </summary>
    private static TimeSpan MeasuredBase(ReliableSessionSettings settings) => settings.MinRetransmissionTimeout;

    /// <summary>The source's retransmission waits, not the bound of an HTTP attempt (SendTimeout).</summary>
    private static Func<TimeSpan, bool> RetransmissionWaits(ReliableSessionSettings settings) => duration => duration < settings.SendTimeout;

    /// <summary>The bound of an HTTP attempt, armed while the attempt is on its way.</summary>
    private static Func<TimeSpan, bool> HttpAttempts(ReliableSessionSettings settings) => duration => duration == settings.SendTimeout;

    /// <summary><paramref name="count"/> waits, the first <paramref name="first"/>, each double the one before.</summary>
    private static IEnumerable<TimeSpan> DoublingFrom(TimeSpan first, int count) => Enumerable.Range(0, count).Select(i => first * (1 << i));

    private static IEnumerable<TimeSpan> Gaps(IReadOnlyList<TimeSpan> times) => times.Skip(1).Select((time, i) => time - times[i]);

    private static ReliableMessagingVersion Version(string rm) => ReliableMessagingVersion.FromShortName(rm)!;
}
