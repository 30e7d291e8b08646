using System.Globalization;
using System.Net;
using Harness.Proxy.Faults;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;

namespace Harness.Benchmarks.Throughput;

/// <summary>
/// Peak and retained memory of the journal service (and of the fault proxy in front of it) under two workloads: many
/// small messages (20 sessions × 1,000 Appends) and a few large ones (100 Appends of 3.5 MB). Each workload runs
/// direct and through the fault proxy with an empty plan, side by side in one process, and its figures are set
/// against the bytes it sent, so they read as ratios: memory that grew with the traffic would show as a retained
/// share near 1.
/// </summary>
internal static class MemoryFootprint
{
    private const int SamplingMilliseconds = 20;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var sessions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var messages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var largeCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        const int largeCharacters = 3_500_000;

        await output.WriteLineAsync($"Memory: managed heap of one process holding client, fault proxy and journal service (the journal keeps its entries, as in a run); {Environment.ProcessorCount} cores; .NET {Environment.Version}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("| workload | path | payload sent MB | heap before MB | peak heap above before MB | retained after MB | retained bytes per message | retained / sent | journal entries |").ConfigureAwait(false);
        await output.WriteLineAsync("|---|---|--:|--:|--:|--:|--:|--:|--:|").ConfigureAwait(false);

        var small = new Workload($"{sessions} sessions × {messages} Appends (16 chars)", sessions, messages, new string('s', 16));
        var large = new Workload($"{largeCount} Appends of 3.5 MB", 1, largeCount, new string('L', largeCharacters));
        foreach (var workload in new[] { small, large })
        {
            foreach (var throughProxy in new[] { false, true })
            {
                var figures = await MeasureAsync(workload, throughProxy).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {workload.Name} | {(throughProxy ? "fault proxy, empty plan" : "direct")} | {Mb(figures.SentBytes):0} | {Mb(figures.Before):0} | {Mb(figures.Peak - figures.Before):0} | {Mb(figures.Retained):0.0} | {figures.Retained / Math.Max(1, figures.Entries):0} | {(double)figures.Retained / figures.SentBytes:0.000} | {figures.Entries} |")).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

    private static async Task<Figures> MeasureAsync(Workload workload, bool throughProxy)
    {
        var settings = new ReliableSessionSettings { MaxPendingChannels = Math.Max(4, workload.Sessions) };
        await using var service = await JournalServiceHost.StartAsync(new JournalServiceOptions { Destination = new DestinationOptions { Settings = settings } }, CancellationToken.None).ConfigureAwait(false);
        await using var proxy = throughProxy
            ? await FaultProxyHost.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), new FaultProxyOptions { Target = service.Endpoint, Plan = FaultPlan.Empty, FaultStep = true }, CancellationToken.None).ConfigureAwait(false)
            : null;
        var endpoint = proxy is null ? service.Endpoint : new Uri(proxy.Address, "journal");
        using var http = JournalClient.CreateHttpClient();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var sampler = new PeakSampler();
        var sampling = sampler.RunAsync(TimeSpan.FromMilliseconds(SamplingMilliseconds));

        var options = new SessionOptions { Settings = settings, ExpectReplies = true };
        var opened = await Task.WhenAll(Enumerable.Range(0, workload.Sessions).Select(_ => JournalClient.OpenSessionAsync(http, endpoint, options, bound.Token))).ConfigureAwait(false);
        await Task.WhenAll(opened.Select(session => DriveAsync(session, workload, settings.MaxTransferWindowSize, bound.Token))).ConfigureAwait(false);
        foreach (var session in opened)
        {
            await session.CloseAsync(bound.Token).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
        }

        await sampler.StopAsync(sampling).ConfigureAwait(false);

        // The service is still running and its journal holds every entry: what it retains now is what grows with traffic.
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        var entries = service.Journal.Count;
        GC.KeepAlive(service);
        GC.KeepAlive(proxy);
        var sentBytes = (long)workload.Sessions * workload.Messages * workload.Payload.Length;
        return new Figures(sentBytes, before, Math.Max(sampler.Peak, before), Math.Max(0, retained), entries);
    }

    private static async Task DriveAsync(IJournalSession session, Workload workload, int window, CancellationToken cancellationToken)
    {
        // Large payloads go one at a time, as a client of 3.5 MB messages would send them; small ones fill the window.
        using var slots = new SemaphoreSlim(workload.Payload.Length > 1_000_000 ? 1 : window);
        var calls = new List<Task>(workload.Messages);
        for (var sequence = 1; sequence <= workload.Messages; sequence++)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            calls.Add(CallAsync(sequence));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);

        async Task CallAsync(int sequence)
        {
            try
            {
                await session.AppendAsync(sequence, workload.Payload, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private sealed record Workload(string Name, int Sessions, int Messages, string Payload);

    private sealed record Figures(long SentBytes, long Before, long Peak, long Retained, int Entries);

    /// <summary>Samples the managed heap on a timer and keeps the highest reading.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public long Peak { get; private set; }

        public async Task RunAsync(TimeSpan interval)
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    Peak = Math.Max(Peak, GC.GetTotalMemory(forceFullCollection: false));
                }
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        public async Task StopAsync(Task sampling)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await sampling.ConfigureAwait(false);
        }

        public void Dispose() => _stop.Dispose();
    }
}
