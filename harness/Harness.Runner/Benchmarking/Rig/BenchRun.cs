using System.Diagnostics;
using Harness.Protocol.Timing;
using Harness.Reliability.Events;
using Harness.Reliability.Settings;
using Harness.Reliability.Source;
using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Benchmarking.Rig;

/// <summary>One measured run: which client calls, along which path, how, and through how much request loss.</summary>
/// <param name="CallsPerSession">Calls each session makes.</param>
/// <param name="CallsInFlight">Calls in flight per session.</param>
public sealed record BenchRunSpec(ClientKind Client, BenchPath Path, WorkloadOperation Operation, int Sessions, int CallsPerSession, int CallsInFlight, int PayloadSize)
{
    /// <summary>Chance that the proxy drops the first send of an application request (see <see cref="LossPlan"/>); 0 is lossless.</summary>
    public double LossRate { get; init; }

    /// <summary>Seed of the proxy's drop decisions.</summary>
    public long Seed { get; init; }

    public TimeSpan TimeLimit { get; init; } = BenchOptions.Default.RunTimeLimit;

    public int TotalCalls => Sessions * CallsPerSession;
}

/// <summary>What one run measured.</summary>
/// <param name="Delivered">Messages the service's journal held when the last session closed (or the run was stopped).</param>
/// <param name="Elapsed">From opening the sessions to the last one closed (WCF's Close waits for every acknowledgement).</param>
/// <param name="Latency">Per successful call, from the call to its reply or acknowledgement.</param>
/// <param name="Losses">What the proxy dropped and the retransmissions it saw; nothing unless the path keeps a trace.</param>
/// <param name="TimedOut">The run's time limit stopped it.</param>
public sealed record RunMeasurement(int Calls, int Delivered, TimeSpan Elapsed, LatencyPercentiles Latency, RetransmissionTally Losses, int FaultedSessions, bool TimedOut)
{
    public double DeliveredPerSecond => Elapsed > TimeSpan.Zero ? Delivered / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Runs one <see cref="BenchRunSpec"/>: a fresh rig, the scenario runner's session drivers and openers for either
/// client (the same code a <c>harness run</c> drives its sessions with), timed from the first open to the last close.
/// </summary>
internal static class BenchRun
{
    public static async Task<RunMeasurement> MeasureAsync(BenchRunSpec spec, IRunListener listener, CancellationToken cancellationToken)
    {
        // Every session is created at once; WCF's default MaxPendingChannels (4) would refuse the fifth.
        var settings = ReliableSessionSettings.Default with { MaxPendingChannels = Math.Max(ReliableSessionSettings.Default.MaxPendingChannels, spec.Sessions) };
        var plan = LossPlan.Dropping(spec.LossRate);
        var scenario = new Scenario(
            $"bench-{spec.Client}-{spec.Path}".ToLowerInvariant(),
            "a harness bench run",
            spec.Seed,
            settings,
            new Workload(spec.Sessions, spec.CallsPerSession, spec.Operation, spec.PayloadSize, spec.CallsInFlight),
            plan,
            Expectation.Holds,
            spec.TimeLimit,
            "(harness bench)")
        {
            Client = spec.Client,

            // Posts go over the one-way-only contract: a session without an Offer, as WCF opens for one-way services.
            Contract = spec.Operation == WorkloadOperation.OneWay ? ContractShape.OneWayOnly : ContractShape.Mixed,
        };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(spec.TimeLimit);
        var rig = await BenchRig.StartAsync(spec.Path, plan, spec.Seed, settings, limit.Token).ConfigureAwait(false);
        TimeSpan elapsed;
        int delivered;
        (SessionHistory History, IReadOnlyList<CallTiming> Timings)[] sessions;
        try
        {
            using var http = JournalClient.CreateHttpClient(maxConnections: Math.Max(64, spec.Sessions * spec.CallsInFlight * 2));
            var clock = new RunClock(TimeProvider.System);
            var postOutcome = spec.Client == ClientKind.Wcf ? CallOutcome.Sent : CallOutcome.Acknowledged;
            var started = Stopwatch.GetTimestamp();
            sessions = await Task.WhenAll(Enumerable.Range(0, spec.Sessions).Select(index =>
                new SessionDriver(scenario, index, ScenarioRunner.Opener(scenario, index, settings, http, rig.Endpoint, NullEventSink.Instance, clock, SourceDefects.None), postOutcome, clock, listener)
                    .RunAsync(limit.Token))).ConfigureAwait(false);
            elapsed = Stopwatch.GetElapsedTime(started);

            // Counted now, over the time measured: a run cut short would otherwise count what the proxy still forwards while it stops.
            delivered = rig.Delivered;
        }
        finally
        {
            // Stopped before the trace is read, so that it holds every exchange.
            await rig.DisposeAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new RunMeasurement(
            spec.TotalCalls,
            delivered,
            elapsed,
            LatencyPercentiles.Of(sessions.SelectMany(session => session.Timings).Select(timing => timing.LatencyMs).OfType<double>()),
            RetransmissionTally.FromTrace(rig.Trace),
            sessions.Count(session => session.History.Outcome == SessionOutcome.Faulted),
            limit.IsCancellationRequested);
    }
}
