using System.Net;
using Harness.Proxy.Faults.Yaml;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Proxy.Tracing;
using Harness.Reliability.Destination;
using Harness.Reliability.Events;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;

namespace Harness.WcfClient.Tests.Support;

/// <summary>
/// The harness's journal service in process on an ephemeral loopback port, optionally behind the fault proxy (also
/// on an ephemeral loopback port), with the service's events recorded.
/// </summary>
internal sealed class InteropService : IAsyncDisposable
{
    private InteropService(JournalServiceHost host, FaultProxyHost? proxy, RecordingForwarder? recorder, RecordingEventSink events)
    {
        Host = host;
        Proxy = proxy;
        Recorder = recorder;
        Events = events;
    }

    public JournalServiceHost Host { get; }

    public FaultProxyHost? Proxy { get; }

    /// <summary>In front of the service when asked for: records every request a client sends.</summary>
    public RecordingForwarder? Recorder { get; }

    public RecordingEventSink Events { get; }

    /// <summary>Where clients send: the recorder, else the proxy, else the service itself.</summary>
    public Uri Endpoint => Recorder?.Endpoint ?? (Proxy is null ? Host.Endpoint : new Uri(Proxy.Address, Host.Endpoint.AbsolutePath.TrimStart('/')));

    /// <summary>Starts the service with the client's settings (same WS-RM version, ordering and on/off switch), a request recorder in front.</summary>
    public static async Task<InteropService> StartRecordedAsync(ReliableSessionSettings settings, CancellationToken cancellationToken)
    {
        var service = await StartAsync(settings, faultPlanYaml: null, cancellationToken);
        try
        {
            var recorder = await RecordingForwarder.StartAsync(service.Host.Endpoint, cancellationToken);
            return new InteropService(service.Host, null, recorder, service.Events);
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the service with the client's settings (same WS-RM version, ordering and on/off switch) and, when
    /// <paramref name="faultPlanYaml"/> is given, the fault proxy in front of it applying that plan.
    /// </summary>
    public static async Task<InteropService> StartAsync(ReliableSessionSettings settings, string? faultPlanYaml, CancellationToken cancellationToken)
    {
        var events = new RecordingEventSink();
        var host = await JournalServiceHost.StartAsync(
            new JournalServiceOptions { Address = IPAddress.Loopback, Port = 0, Destination = new DestinationOptions { Settings = settings }, Events = events },
            cancellationToken);
        if (faultPlanYaml is null)
        {
            return new InteropService(host, null, null, events);
        }

        try
        {
            var (plan, seed) = FaultPlanYaml.ParseProxyText(faultPlanYaml, "test fault plan");
            var proxy = await FaultProxyHost.StartAsync(
                new IPEndPoint(IPAddress.Loopback, 0),
                new FaultProxyOptions { Target = host.Endpoint, Plan = plan, Seed = seed ?? 1 },
                cancellationToken);
            return new InteropService(host, proxy, null, events);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>The service's events of one kind for one sequence.</summary>
    public IReadOnlyList<ReliabilityEvent> EventsOf(string sequenceId, ReliabilityEventKind kind) =>
        [.. Events.OfKind(kind).Where(e => e.SequenceId == sequenceId)];

    /// <summary>The proxy's fault decisions that fired (the faults really happened).</summary>
    public IReadOnlyList<FaultDecisionRecord> Decisions => Proxy is null ? [] : [.. Proxy.Trace.Decisions];

    public async ValueTask DisposeAsync()
    {
        if (Recorder is not null)
        {
            await Recorder.DisposeAsync();
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await Host.DisposeAsync();
    }
}
