using System.Net;
using Harness.Proxy.Faults;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Proxy.Tracing;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;

namespace Harness.Runner.Benchmarking.Rig;

/// <summary>
/// The journal service and, unless the path is direct, a proxy in front of it, on ephemeral loopback ports, as a
/// scenario run starts them. Fresh for every run, so that no run inherits another's journal, sessions or send counts
/// (the proxy counts a message's sends by session index and number, which the next run would repeat).
/// </summary>
internal sealed class BenchRig : IAsyncDisposable
{
    private readonly JournalServiceHost _service;
    private readonly FaultProxyHost? _proxy;

    private BenchRig(JournalServiceHost service, FaultProxyHost? proxy)
    {
        _service = service;
        _proxy = proxy;
        Endpoint = proxy is null ? service.Endpoint : new Uri(proxy.Address, service.Endpoint.AbsolutePath.TrimStart('/'));
    }

    /// <summary>Where the client sends: the service, or the proxy in front of it.</summary>
    public Uri Endpoint { get; }

    /// <summary>Messages the service delivered so far.</summary>
    public int Delivered => _service.Journal.Count;

    /// <summary>The proxy's trace; empty unless the path keeps one.</summary>
    public IReadOnlyCollection<ProxyTraceRecord> Trace => _proxy?.Trace.Records ?? [];

    /// <param name="plan">The proxy's rules; only the traced fault proxy may have any (the loss runs).</param>
    public static async Task<BenchRig> StartAsync(BenchPath path, FaultPlan plan, long seed, ReliableSessionSettings settings, CancellationToken cancellationToken)
    {
        if (!plan.IsEmpty && path != BenchPath.FaultProxyTraced)
        {
            throw new ArgumentException($"only the traced fault proxy applies rules, not {path}", nameof(plan));
        }

        var service = await JournalServiceHost.StartAsync(new JournalServiceOptions { Destination = new DestinationOptions { Settings = settings } }, cancellationToken).ConfigureAwait(false);
        if (path == BenchPath.Direct)
        {
            return new BenchRig(service, null);
        }

        try
        {
            var options = new FaultProxyOptions
            {
                Target = service.Endpoint,
                Plan = plan,
                Seed = seed,
                FaultStep = path != BenchPath.PlainYarp,
                KeepTraceInMemory = path == BenchPath.FaultProxyTraced,
            };
            var proxy = await FaultProxyHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), options, cancellationToken).ConfigureAwait(false);
            return new BenchRig(service, proxy);
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The proxy first, so that every exchange it forwarded has reached the service and the trace before they stop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().ConfigureAwait(false);
        }

        await _service.DisposeAsync().ConfigureAwait(false);
    }
}
