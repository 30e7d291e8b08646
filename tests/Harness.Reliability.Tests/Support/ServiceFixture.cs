using Harness.Reliability.Destination;
using Harness.Reliability.Events;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;

namespace Harness.Reliability.Tests.Support;

/// <summary>A journal service on an ephemeral loopback port and an HttpClient to reach it; disposed after each test.</summary>
internal sealed class ServiceFixture : IAsyncDisposable
{
    private ServiceFixture(JournalServiceHost host, HttpClient http, RecordingEventSink serviceEvents)
    {
        Host = host;
        Http = http;
        ServiceEvents = serviceEvents;
    }

    public JournalServiceHost Host { get; }

    public HttpClient Http { get; }

    public RecordingEventSink ServiceEvents { get; }

    public Uri Endpoint => Host.Endpoint;

    public static async Task<ServiceFixture> StartAsync(
        ReliableSessionSettings settings,
        HttpMessageHandler? clientHandler = null,
        Func<DestinationOptions, DestinationOptions>? configure = null,
        Func<JournalServiceOptions, JournalServiceOptions>? configureHost = null)
    {
        var events = new RecordingEventSink();
        var destination = new DestinationOptions { Settings = settings };
        var options = new JournalServiceOptions { Destination = configure?.Invoke(destination) ?? destination, Events = events };
        var host = await JournalServiceHost.StartAsync(configureHost?.Invoke(options) ?? options, CancellationToken.None);
        var http = clientHandler is null ? JournalClient.CreateHttpClient() : new HttpClient(clientHandler) { Timeout = Timeout.InfiniteTimeSpan };
        return new ServiceFixture(host, http, events);
    }

    public Task<IJournalSession> OpenAsync(ReliableSessionSettings settings, bool expectReplies, IReliabilityEventSink? events = null) =>
        JournalClient.OpenSessionAsync(Http, Endpoint, new SessionOptions { Settings = settings, ExpectReplies = expectReplies, Events = events ?? NullEventSink.Instance }, TestTimeout.Token);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>Every wait in these tests has a bound.</summary>
internal static class TestTimeout
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;
}
