using System.Diagnostics;
using System.Globalization;
using Harness.Protocol.Versions;
using Harness.Reliability.Destination;
using Harness.Reliability.Hosting;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;

namespace Harness.Benchmarks.Throughput;

/// <summary>
/// Messages per second and per-call latency of the reliable-session client and service on loopback, in one
/// process: one session and 20 sessions, one-way and request-reply, both WS-RM versions. Every row is measured
/// side by side with two references in the same run: the same calls one at a time (as the WCF reference figure
/// was taken) and the same calls without the reliable session (plain SOAP over HTTP).
/// </summary>
internal static class SessionThroughput
{
    private const int WarmupMessages = 2_000;

    // Calls in flight per session: as many as the transfer window admits, so latency is send-to-answer and does not
    // include waiting for the window.
    private static readonly int WindowSize = ReliableSessionSettings.Default.MaxTransferWindowSize;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        await output.WriteLineAsync($"Reliable-session throughput: {messages} messages per run (median of 3 runs); {Environment.ProcessorCount} cores; .NET {Environment.Version}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);

        // Warm every code path first (JIT tiers, connection pools), so the first row is not the slow one.
        foreach (var rm in ReliableMessagingVersion.All)
        {
            foreach (var requestReply in new[] { false, true })
            {
                foreach (var reliable in new[] { true, false })
                {
                    await MeasureAsync(rm, requestReply, 4, WarmupMessages, WindowSize, reliable).ConfigureAwait(false);
                }
            }
        }

        await output.WriteLineAsync("| WS-RM | calls | sessions | mode | msg/s | p50 ms | p99 ms | vs one-at-a-time | vs no reliable session |").ConfigureAwait(false);
        await output.WriteLineAsync("|---|---|--:|---|--:|--:|--:|--:|--:|").ConfigureAwait(false);

        foreach (var rm in ReliableMessagingVersion.All)
        {
            foreach (var requestReply in new[] { false, true })
            {
                foreach (var sessions in new[] { 1, 20 })
                {
                    var windowed = await MedianOfAsync(() => MeasureAsync(rm, requestReply, sessions, messages, inFlightPerSession: WindowSize, reliable: true)).ConfigureAwait(false);
                    var oneAtATime = await MedianOfAsync(() => MeasureAsync(rm, requestReply, sessions, messages, inFlightPerSession: 1, reliable: true)).ConfigureAwait(false);
                    var plain = await MedianOfAsync(() => MeasureAsync(rm, requestReply, sessions, messages, inFlightPerSession: WindowSize, reliable: false)).ConfigureAwait(false);
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {rm.ShortName} | {(requestReply ? "Append (request-reply)" : "Post (one-way)")} | {sessions} | transfer window | {windowed.Rate:0} | {windowed.P50:0.00} | {windowed.P99:0.00} | {windowed.Rate / oneAtATime.Rate:0.00}x | {windowed.Rate / plain.Rate:0.00}x |")).ConfigureAwait(false);
                    await output.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {rm.ShortName} | {(requestReply ? "Append (request-reply)" : "Post (one-way)")} | {sessions} | one at a time | {oneAtATime.Rate:0} | {oneAtATime.P50:0.00} | {oneAtATime.P99:0.00} | 1.00x | |")).ConfigureAwait(false);
                }
            }
        }

        return 0;
    }

    /// <summary>Runs a measurement three times and keeps the median run (by rate): the JIT and the machine vary.</summary>
    private static async Task<Measurement> MedianOfAsync(Func<Task<Measurement>> measure)
    {
        var runs = new List<Measurement>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await measure().ConfigureAwait(false));
        }

        return runs.OrderBy(r => r.Rate).ElementAt(1);
    }

    private static async Task<Measurement> MeasureAsync(ReliableMessagingVersion rm, bool requestReply, int sessions, int messages, int inFlightPerSession, bool reliable)
    {
        var settings = new ReliableSessionSettings { ReliableMessagingVersion = rm, Enabled = reliable, MaxPendingChannels = Math.Max(4, sessions) };
        await using var host = await JournalServiceHost.StartAsync(new JournalServiceOptions { Destination = new DestinationOptions { Settings = settings } }, CancellationToken.None).ConfigureAwait(false);
        using var http = JournalClient.CreateHttpClient();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        // Warm this service and connection pool before measuring.
        await RunSessionsAsync(http, host.Endpoint, settings, requestReply, 1, WarmupMessages / 4, inFlightPerSession, bound.Token).ConfigureAwait(false);

        var stopwatch = Stopwatch.StartNew();
        var latencies = await RunSessionsAsync(http, host.Endpoint, settings, requestReply, sessions, messages / sessions, inFlightPerSession, bound.Token).ConfigureAwait(false);
        stopwatch.Stop();

        Array.Sort(latencies);
        return new Measurement(
            latencies.Length / stopwatch.Elapsed.TotalSeconds,
            latencies[latencies.Length / 2],
            latencies[(int)(latencies.Length * 0.99)]);
    }

    private static async Task<double[]> RunSessionsAsync(
        HttpClient http, Uri endpoint, ReliableSessionSettings settings, bool requestReply, int sessions, int perSession, int inFlight, CancellationToken cancellationToken)
    {
        var options = new SessionOptions { Settings = settings, ExpectReplies = requestReply };
        var opened = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => JournalClient.OpenSessionAsync(http, endpoint, options, cancellationToken))).ConfigureAwait(false);
        var perSessionLatencies = await Task.WhenAll(opened.Select(session => DriveAsync(session, requestReply, perSession, inFlight, cancellationToken))).ConfigureAwait(false);
        foreach (var session in opened)
        {
            await session.CloseAsync(cancellationToken).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
        }

        return [.. perSessionLatencies.SelectMany(l => l)];
    }

    private static async Task<double[]> DriveAsync(IJournalSession session, bool requestReply, int count, int inFlight, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        using var slots = new SemaphoreSlim(inFlight);
        var calls = new Task[count];
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var index = i;
            calls[i] = CallAsync(index);
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return latencies;

        async Task CallAsync(int index)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (requestReply)
                {
                    await session.AppendAsync(index + 1, "payload " + index, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await session.PostAsync(index + 1, "payload " + index, cancellationToken).ConfigureAwait(false);
                }

                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private sealed record Measurement(double Rate, double P50, double P99);
}
