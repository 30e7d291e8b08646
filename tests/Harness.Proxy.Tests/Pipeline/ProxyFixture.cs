using System.Net;
using Harness.Protocol.Timing;
using Harness.Proxy.Faults;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Proxy.Tracing;
using Harness.Reliability.Destination;
using Harness.Reliability.Events;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>The journal service behind the fault proxy, both on ephemeral loopback ports, and a client to use them.</summary>
internal sealed class ProxyFixture : IAsyncDisposable
{
    private static readonly Lazy<Task> WarmUp = new(async () =>
    {
        await using var fixture = await StartAsync(FaultPlan.Empty);
        await fixture.RunSessionAsync(3, requestReply: true);
        await fixture.RunSessionAsync(3, requestReply: false, sessionIndex: 1);
    });

    private ProxyFixture(JournalServiceHost service, FaultProxyHost proxy, HttpClient http, RecordingEventSink serviceEvents, ReliableSessionSettings settings)
    {
        Service = service;
        Proxy = proxy;
        Http = http;
        ServiceEvents = serviceEvents;
        Settings = settings;
    }

    public JournalServiceHost Service { get; }

    public FaultProxyHost Proxy { get; }

    public HttpClient Http { get; }

    public RecordingEventSink ServiceEvents { get; }

    public ReliableSessionSettings Settings { get; }

    /// <summary>The journal endpoint as the client sees it: through the proxy.</summary>
    public Uri Endpoint => new(Proxy.Address, "journal");

    public static async Task<ProxyFixture> StartAsync(FaultPlan plan, long seed = 1, ReliableSessionSettings? settings = null, bool faultStep = true, int? maxClassifiedBodyBytes = null, RunClock? clock = null)
    {
        settings ??= FastSettings();
        var serviceEvents = new RecordingEventSink();
        var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Settings = settings }, Events = serviceEvents },
            CancellationToken.None);
        var proxy = await FaultProxyHost.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0),
            new FaultProxyOptions
            {
                Target = service.Endpoint,
                Plan = plan,
                Seed = seed,
                FaultStep = faultStep,
                Clock = clock ?? RunClock.System,
                MaxClassifiedBodyBytes = maxClassifiedBodyBytes ?? new FaultProxyOptions { Target = service.Endpoint }.MaxClassifiedBodyBytes,
            },
            CancellationToken.None);
        return new ProxyFixture(service, proxy, JournalClient.CreateHttpClient(), serviceEvents, settings);
    }

    /// <summary>Short timers so fault tests take seconds, with enough retries to ride out every planned fault.</summary>
    public static ReliableSessionSettings FastSettings(string rm = "2005") => new()
    {
        ReliableMessagingVersion = Protocol.Versions.ReliableMessagingVersion.FromShortName(rm)!,
        InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(150),
        MinRetransmissionTimeout = TimeSpan.FromMilliseconds(100),
        MaxRetryCount = 12,
        MaxPendingChannels = 32,
    };

    public Task<IJournalSession> OpenAsync(bool expectReplies, int sessionIndex = 0, IReliabilityEventSink? events = null) =>
        JournalClient.OpenSessionAsync(
            Http,
            Endpoint,
            new SessionOptions { Settings = Settings, ExpectReplies = expectReplies, Labels = TestSessionLabels.Of(sessionIndex), Events = events ?? NullEventSink.Instance },
            Bound.Token);

    /// <summary>
    /// Opens a session, makes calls 1..<paramref name="count"/> (one at a time, or all at once so that the window keeps
    /// several in flight), checks each Append's reply, closes the session, and returns its identifier.
    /// </summary>
    public async Task<string> RunSessionAsync(int count, bool requestReply, int sessionIndex = 0, bool concurrently = false, IReliabilityEventSink? events = null)
    {
        await using var session = await OpenAsync(requestReply, sessionIndex, events);
        await CallAsync(session, count, requestReply, concurrently);
        await session.CloseAsync(Bound.Token);
        return session.SessionId;
    }

    /// <summary>Makes calls 1..<paramref name="count"/>; an Append's reply is the count delivered, so it must equal its number.</summary>
    public static async Task CallAsync(IJournalSession session, int count, bool requestReply, bool concurrently = false)
    {
        if (concurrently)
        {
            // Numbers are taken in call order before the first await, so call i is message i.
            var calls = Enumerable.Range(1, count).Select(i => CallOnceAsync(session, i, requestReply)).ToArray();
            await Task.WhenAll(calls);
            return;
        }

        for (var i = 1; i <= count; i++)
        {
            await CallOnceAsync(session, i, requestReply);
        }
    }

    public static async Task CallOnceAsync(IJournalSession session, int sequence, bool requestReply)
    {
        if (requestReply)
        {
            (await session.AppendAsync(sequence, "m" + sequence, Bound.Token)).Should().Be(sequence, "an Append's reply counts the deliveries, which are in order");
        }
        else
        {
            await session.PostAsync(sequence, "m" + sequence, Bound.Token);
        }
    }

    /// <summary>The journal holds calls 1..count of the session, each once, in order, each as the message of its number.</summary>
    public void ShouldHaveDeliveredExactlyOnceInOrder(string sessionId, int count)
    {
        var entries = Service.Journal.EntriesOf(sessionId);
        entries.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, count), "every call is delivered exactly once, in order");
        entries.Select(e => e.MessageNumber).Should().Equal(Enumerable.Range(1, count).Select(n => (long)n));
        entries.Select(e => e.Payload.Preview).Should().Equal(Enumerable.Range(1, count).Select(n => "m" + n));
    }

    /// <summary>The service's events of one kind for a session (and message number), in the order they happened.</summary>
    public IReadOnlyList<ReliabilityEvent> ServiceEventsOf(string sessionId, ReliabilityEventKind kind, long? number = null) =>
        [.. ServiceEvents.OfKind(kind).Where(e => e.SequenceId == sessionId && (number is null || e.MessageNumber == number))];

    /// <summary>The proxy's records of every send of one message in one direction, by attempt.</summary>
    public IReadOnlyList<ProxyTraceRecord> TraceOf(FaultDirection direction, RuleMessageKind kind, long number, int session = 0) =>
        [.. Proxy.Trace.Records.Where(r => r.Direction == direction && r.Kind == kind && r.Number == number && r.Session == session).OrderBy(r => r.Attempt)];

    /// <summary>
    /// Runs one short session through a proxy without faults, once per test run, so that timing-sensitive tests do not
    /// measure JIT compilation and first connections.
    /// </summary>
    public static Task WarmUpAsync() => WarmUp.Value;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Proxy.DisposeAsync();
        await Service.DisposeAsync();
    }
}

/// <summary>Every wait in these tests has a bound.</summary>
internal static class Bound
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    /// <summary>Polls until <paramref name="condition"/> holds; fails after ten seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(5);
        }
    }
}
