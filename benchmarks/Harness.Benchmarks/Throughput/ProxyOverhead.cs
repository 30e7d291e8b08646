using System.Diagnostics;
using System.Globalization;
using System.Net;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;

namespace Harness.Benchmarks.Throughput;

/// <summary>
/// What the fault proxy costs: the same reliable-session workload measured four ways in one run, interleaved
/// round by round so machine noise spreads evenly: direct to the service, through a plain YARP forwarder with no
/// fault step, through the fault proxy with an empty plan, and through the fault proxy with a rule that matches
/// every application message (a zero delay: decided and applied, but changing no traffic), without and with the
/// in-memory trace a scenario run keeps (every message and answer classified and recorded).
/// </summary>
internal static class ProxyOverhead
{
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        var settings = new ReliableSessionSettings();
        await using var service = await JournalServiceHost.StartAsync(new JournalServiceOptions { Destination = new DestinationOptions { Settings = settings } }, CancellationToken.None).ConfigureAwait(false);
        var activeRule = new FaultPlan([new FaultRule(0, new FaultMatch { Kinds = [RuleMessageKind.Application] }, new DelayAction(new FixedDelay(TimeSpan.Zero)))]);
        await using var plainYarp = await StartProxyAsync(service.Endpoint, FaultPlan.Empty, faultStep: false).ConfigureAwait(false);
        await using var emptyPlan = await StartProxyAsync(service.Endpoint, FaultPlan.Empty, faultStep: true).ConfigureAwait(false);
        await using var withRule = await StartProxyAsync(service.Endpoint, activeRule, faultStep: true).ConfigureAwait(false);
        await using var traced = await StartProxyAsync(service.Endpoint, activeRule, faultStep: true, keepTrace: true).ConfigureAwait(false);

        var ways = new (string Name, Uri Endpoint)[]
        {
            ("direct", service.Endpoint),
            ("plain YARP (no fault step)", new Uri(plainYarp.Address, "journal")),
            ("fault proxy, empty plan", new Uri(emptyPlan.Address, "journal")),
            ("fault proxy, active rule", new Uri(withRule.Address, "journal")),
            ("fault proxy, active rule, traced (as in a run)", new Uri(traced.Address, "journal")),
        };

        using var http = JournalClient.CreateHttpClient();
        var results = ways.ToDictionary(w => w.Name, _ => new List<(double Rate, double[] Latencies)>());
        foreach (var way in ways)
        {
            await DriveAsync(http, way.Endpoint, settings, messages / 5).ConfigureAwait(false); // warm-up
        }

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var way in ways)
            {
                results[way.Name].Add(await DriveAsync(http, way.Endpoint, settings, messages).ConfigureAwait(false));
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Fault proxy overhead: one reliable session (WS-RM 2005, one-way Post, window {settings.MaxTransferWindowSize}), {messages} messages per run, median of {Rounds} interleaved rounds; {Environment.ProcessorCount} cores; .NET {Environment.Version}")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("| path | msg/s | p50 ms | p99 ms | throughput vs plain YARP | p50 added over direct |").ConfigureAwait(false);
        await output.WriteLineAsync("|---|--:|--:|--:|--:|--:|").ConfigureAwait(false);
        var summaries = results.ToDictionary(r => r.Key, r => Summarise(r.Value));
        var yarp = summaries["plain YARP (no fault step)"];
        var direct = summaries["direct"];
        foreach (var way in ways)
        {
            var s = summaries[way.Name];
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"| {way.Name} | {s.Rate:0} | {s.P50:0.000} | {s.P99:0.000} | {s.Rate / yarp.Rate:0.00}x | {s.P50 - direct.P50:+0.000;-0.000} ms |")).ConfigureAwait(false);
        }

        return 0;
    }

    private static Task<FaultProxyHost> StartProxyAsync(Uri target, FaultPlan plan, bool faultStep, bool keepTrace = false) =>
        FaultProxyHost.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0),
            new FaultProxyOptions { Target = target, Plan = plan, FaultStep = faultStep, KeepTraceInMemory = keepTrace },
            CancellationToken.None);

    private static async Task<(double Rate, double[] Latencies)> DriveAsync(HttpClient http, Uri endpoint, ReliableSessionSettings settings, int messages)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var session = await JournalClient.OpenSessionAsync(http, endpoint, new SessionOptions { Settings = settings, ExpectReplies = false }, bound.Token).ConfigureAwait(false);
        var latencies = new double[messages];
        using var slots = new SemaphoreSlim(settings.MaxTransferWindowSize);
        var calls = new Task[messages];
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            await slots.WaitAsync(bound.Token).ConfigureAwait(false);
            var index = i;
            calls[i] = CallAsync(index);
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        stopwatch.Stop();
        await session.CloseAsync(bound.Token).ConfigureAwait(false);
        return (messages / stopwatch.Elapsed.TotalSeconds, latencies);

        async Task CallAsync(int index)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await session.PostAsync(index + 1, "payload " + index, bound.Token).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static (double Rate, double P50, double P99) Summarise(List<(double Rate, double[] Latencies)> runs)
    {
        var median = runs.OrderBy(r => r.Rate).ElementAt(runs.Count / 2);
        var sorted = median.Latencies.Order().ToArray();
        return (median.Rate, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }
}
