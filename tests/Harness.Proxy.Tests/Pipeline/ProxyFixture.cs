using System.Net;
using Harness.Proxy.Faults;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Reliability.Destination;
using Harness.Reliability.Events;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;

namespace Harness.Proxy.Tests.Pipeline;

/// <summary>The journal service behind the fault proxy, both on ephemeral loopback ports, and a client to use them.</summary>
internal sealed class ProxyFixture : IAsyncDisposable
{
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

    public static async Task<ProxyFixture> StartAsync(FaultPlan plan, long seed = 1, ReliableSessionSettings? settings = null, bool faultStep = true)
    {
        settings ??= FastSettings();
        var serviceEvents = new RecordingEventSink();
        var service = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Destination = new DestinationOptions { Settings = settings }, Events = serviceEvents },
            CancellationToken.None);
        var proxy = await FaultProxyHost.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0),
            new FaultProxyOptions { Target = service.Endpoint, Plan = plan, Seed = seed, FaultStep = faultStep },
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
            new SessionOptions { Settings = Settings, ExpectReplies = expectReplies, SessionIndex = sessionIndex, Events = events ?? NullEventSink.Instance },
            Bound.Token);

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
}
