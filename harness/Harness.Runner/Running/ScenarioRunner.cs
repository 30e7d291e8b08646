using System.Globalization;
using System.Net;
using Harness.Protocol.Timing;
using Harness.Proxy.Decisions;
using Harness.Proxy.Hosting;
using Harness.Proxy.Pipeline;
using Harness.Proxy.Tracing;
using Harness.Reliability.Destination;
using Harness.Reliability.Events;
using Harness.Reliability.Hosting;
using Harness.Reliability.Journal;
using Harness.Reliability.Source;
using Harness.Runner.Checking;
using Harness.Runner.Scenarios;
using Harness.Runner.Targets;
using Harness.WcfClient.Sessions;

namespace Harness.Runner.Running;

/// <summary>
/// Runs one scenario end to end: the journal service (or an external target), the fault proxy in front of it and
/// the client sessions, all on ephemeral loopback ports; then judges the history. Every wait is bounded by the
/// scenario's time limit, and a stopped run (time limit or Ctrl+C) still returns a result for what happened.
/// </summary>
public static class ScenarioRunner
{
    private static readonly Lazy<Task> WarmUp = new(WarmUpAsync);

    public static async Task<ScenarioResult> RunAsync(Scenario scenario, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SourceDefects != SourceDefects.None && scenario.Client != ClientKind.Harness)
        {
            throw new ArgumentException("Source defects break the harness's own client; the real WCF client cannot be given any.", nameof(options));
        }

        // The first run in a process would otherwise measure JIT compilation: its CreateSequence round trip seeds the
        // retransmission timer with a second or more, making the first scenario several times slower than the rest.
        try
        {
            await WarmUp.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped during the warm-up: the run below ends at once and reports the interruption.
        }

        return await RunCoreAsync(scenario, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs two tiny fault-free scenarios (request-reply and one-way) once per process; bounded, and never fails the caller.</summary>
    private static async Task WarmUpAsync()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        foreach (var (client, operation) in ((ClientKind, WorkloadOperation)[])[
            (ClientKind.Harness, WorkloadOperation.RequestReply), (ClientKind.Harness, WorkloadOperation.OneWay),
            (ClientKind.Wcf, WorkloadOperation.RequestReply), (ClientKind.Wcf, WorkloadOperation.OneWay)])
        {
            var warmUp = new Scenario(
                "warm-up",
                "JIT warm-up of client, proxy and service",
                Scenario.DefaultSeed,
                Reliability.Settings.ReliableSessionSettings.Default,
                new Workload(Sessions: 1, Messages: 4, operation, PayloadSize: 16, Concurrency: 2),
                Proxy.Faults.FaultPlan.Empty,
                Expectation.Holds,
                TimeSpan.FromSeconds(10),
                "(warm-up)")
            {
                Client = client,
            };
            try
            {
                await RunCoreAsync(warmUp, new RunOptions(), bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // A failed warm-up only costs the first scenario some speed.
            }
        }
    }

    private static async Task<ScenarioResult> RunCoreAsync(Scenario scenario, RunOptions options, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var clockOrigin = options.Clock.Elapsed;
        var clock = new RunClock(options.Clock.TimeProvider);
        var seed = options.Seed ?? scenario.Seed;
        var workload = scenario.Workload;

        // Every session is created at once; WCF's default MaxPendingChannels (4) would refuse the fifth.
        var settings = scenario.Settings with { MaxPendingChannels = Math.Max(scenario.Settings.MaxPendingChannels, workload.Sessions) };
        var clientEvents = new RecordingEventSink();
        var serviceEvents = new RecordingEventSink();
        var context = new RunContext(scenario, seed, settings, options, startedAt, clockOrigin, clock, clientEvents, serviceEvents);

        if (options.Target is not null && (options.TargetProfile ?? new TargetProfile()).SkipReason(scenario) is { } skipReason)
        {
            var skipped = context.Skipped(skipReason);
            options.Listener.ScenarioFinished(skipped);
            return skipped;
        }

        options.Listener.ScenarioStarted(scenario, workload.Sessions * workload.Messages);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(scenario.TimeLimit);

        JournalServiceHost? service = null;
        FaultProxyHost? proxy = null;
        var sessions = new List<SessionHistory>();
        var timings = new List<CallTiming>();
        string? error = null;
        try
        {
            if (options.Target is null)
            {
                service = await JournalServiceHost.StartAsync(
                    new JournalServiceOptions
                    {
                        Destination = new DestinationOptions
                        {
                            Settings = options.DestinationTransferWindow is { } window ? settings with { MaxTransferWindowSize = window } : settings,
                            Defects = options.Defects,
                            Clock = options.Clock,
                        },
                        Events = serviceEvents,
                    },
                    limit.Token).ConfigureAwait(false);
            }

            var target = options.Target ?? service!.Endpoint;
            proxy = await FaultProxyHost.StartAsync(
                new IPEndPoint(IPAddress.Loopback, 0),
                new FaultProxyOptions { Target = target, Plan = scenario.Faults, Seed = seed, Clock = options.Clock },
                limit.Token).ConfigureAwait(false);
            context.ProxyClockOffsetMs = (proxy.StartedAt - clockOrigin).TotalMilliseconds;

            using var http = JournalClient.CreateHttpClient(maxConnections: Math.Max(64, workload.Sessions * workload.Concurrency * 2));
            var endpoint = new Uri(proxy.Address, target.AbsolutePath.TrimStart('/'));
            var postOutcome = scenario.Client == ClientKind.Wcf ? CallOutcome.Sent : CallOutcome.Acknowledged;
            var countAtEnd = options.Target is not null && workload.Operation == WorkloadOperation.OneWay;
            var drivers = Enumerable.Range(0, workload.Sessions)
                .Select(index => new SessionDriver(scenario, index, Opener(scenario, index, settings, http, endpoint, clientEvents, options.Clock, options.SourceDefects), postOutcome, clock, options.Listener, countAtEnd))
                .Select(driver => driver.RunAsync(limit.Token))
                .ToList();
            foreach (var (history, calls) in await Task.WhenAll(drivers).ConfigureAwait(false))
            {
                sessions.Add(history);
                timings.AddRange(calls);
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            // Stopped while starting up: the result says so, with whatever history there is.
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException)
        {
            error = "could not start the run: " + ex.Message;
        }
        finally
        {
            // The proxy goes first and lets exchanges in flight finish, so late (delayed) messages still reach the
            // journal and the trace before either is read.
            if (proxy is not null)
            {
                await proxy.DisposeAsync().ConfigureAwait(false);
            }

            if (service is not null)
            {
                await service.DisposeAsync().ConfigureAwait(false);
            }
        }

        // Whatever ended the run, the target must not be left holding its sequences: the next scenario needs its slots.
        IReadOnlyList<string> notes = [];
        if (options.Target is { } externalTarget && proxy is not null)
        {
            notes = [.. await OpenSequenceSweep.EndLeftOpenAsync(externalTarget, scenario, proxy.Trace.Records, options.Clock, CancellationToken.None).ConfigureAwait(false), .. ExternalTargetEvidence.OneWayNotes(sessions)];
        }

        var end = error is not null ? RunEnd.Error
            : cancellationToken.IsCancellationRequested ? RunEnd.Interrupted
            : limit.IsCancellationRequested ? RunEnd.TimedOut
            : RunEnd.Completed;
        var result = context.Judge(end, sessions, timings, service?.Journal.Entries, proxy?.Trace) with { Error = error, Notes = notes };
        if (options.Target is not null && error is null && !result.ExpectationMet
            && TargetLimits.Hit(sessions, proxy?.Trace.Records ?? []) is { Count: > 0 } limits)
        {
            result = result with { End = RunEnd.Error, Error = "a limit of the target was hit, so the run says nothing about the guarantee: " + string.Join("; ", limits) };
        }

        options.Listener.ScenarioFinished(result);
        return result;
    }

    /// <summary>Opens session <paramref name="index"/> with the scenario's client; each names its index to the proxy on every request.</summary>
    internal static Func<CancellationToken, Task<IJournalSession>> Opener(
        Scenario scenario, int index, Reliability.Settings.ReliableSessionSettings settings, HttpClient http, Uri endpoint, IReliabilityEventSink events, RunClock clock, SourceDefects sourceDefects)
    {
        var sessionName = $"unreliable-session-{index}";
        var labels = new SessionLabels(SessionHeaders.SessionIndex, index.ToString(CultureInfo.InvariantCulture), SessionHeaders.CallSequence);
        if (scenario.Client == ClientKind.Wcf)
        {
            var wcf = new WcfSessionOptions
            {
                Settings = settings,
                Binding = scenario.Binding,
                OneWayContract = scenario.Contract == ContractShape.OneWayOnly,
                Labels = labels,
                SessionName = sessionName,
            };
            return async cancellationToken => await WcfJournalSession.OpenAsync(endpoint, wcf, cancellationToken).ConfigureAwait(false);
        }

        var harness = new SessionOptions
        {
            Settings = settings,
            ExpectReplies = scenario.Contract == ContractShape.Mixed,
            Events = events,
            Labels = labels,
            SessionName = sessionName,
            Clock = clock,
            Defects = sourceDefects,
        };
        return cancellationToken => JournalClient.OpenSessionAsync(http, endpoint, harness, cancellationToken);
    }

    /// <summary>What a run needs to turn its history into a result.</summary>
    private sealed record RunContext(
        Scenario Scenario,
        long Seed,
        Reliability.Settings.ReliableSessionSettings Settings,
        RunOptions Options,
        DateTimeOffset StartedAt,
        TimeSpan ClockOrigin,
        RunClock Clock,
        RecordingEventSink ClientEvents,
        RecordingEventSink ServiceEvents)
    {
        public double ProxyClockOffsetMs { get; set; }

        public ScenarioResult Skipped(string reason) =>
            Judge(RunEnd.Skipped, [], [], [], null) with { SkipReason = reason, Outcome = "skipped: " + reason };

        public ScenarioResult Judge(RunEnd end, List<SessionHistory> sessions, List<CallTiming> timings, IReadOnlyList<JournalEntry>? journal, ProxyTrace? trace)
        {
            sessions.Sort((a, b) => a.Index.CompareTo(b.Index));
            timings.Sort((a, b) => (a.SessionIndex, a.Sequence).CompareTo((b.SessionIndex, b.Sequence)));
            var records = trace?.Records.OrderBy(record => record.TimeMs).ToList() ?? [];
            var external = Options.Target is not null;
            var deliveries = external ? ExternalTargetEvidence.DeliveriesFromReplies(sessions, records) : journal ?? [];
            var history = new RunHistory(sessions, deliveries, records);
            var verdict = Checker.Check(history);
            if (external)
            {
                verdict = ExternalTargetEvidence.AddCountViolations(verdict, sessions, records);
            }

            var (met, outcome) = ExpectationJudge.Judge(Scenario, end, verdict, sessions);
            return new ScenarioResult
            {
                Scenario = Scenario,
                Seed = Seed,
                End = end,
                Verdict = verdict,
                ExpectationMet = met,
                Outcome = outcome,
                Statistics = Statistics(sessions, timings, verdict, trace),
                History = history,
                Decisions = trace is null ? [] : [.. trace.Decisions
                    .OrderBy(decision => decision.Session)
                    .ThenBy(decision => decision.Direction)
                    .ThenBy(decision => decision.Kind)
                    .ThenBy(decision => decision.Number)
                    .ThenBy(decision => decision.Attempt)
                    .ThenBy(decision => decision.RuleIndex)],
                Settings = Settings,
                Calls = timings,
                ClientEvents = [.. ClientEvents.Events],
                ServiceEvents = [.. ServiceEvents.Events],
                Target = Options.Target,
                StartedAt = StartedAt,
                ClockOrigin = ClockOrigin,
                ProxyClockOffsetMs = ProxyClockOffsetMs,
            };
        }

        /// <summary>
        /// The harness's client records its own retransmissions; the WCF client tells nothing, so its are the requests the
        /// proxy saw again (every request kind, CreateSequence and close included).
        /// </summary>
        private int Retransmissions(ProxyTrace? trace) => Scenario.Client == ClientKind.Harness
            ? ClientEvents.OfKind(ReliabilityEventKind.Retransmitted).Count()
            : trace?.Records.Count(record => record.Direction == Proxy.Faults.FaultDirection.Request && record.Attempt > 1) ?? 0;

        private RunStatistics Statistics(List<SessionHistory> sessions, List<CallTiming> timings, Verdict verdict, ProxyTrace? trace)
        {
            var calls = sessions.SelectMany(session => session.Calls).ToList();
            return new RunStatistics(
                Scenario.Workload.Sessions,
                sessions.Count(session => session.Outcome == SessionOutcome.Faulted),
                verdict.Statistics.Submitted,
                verdict.Statistics.Delivered,
                verdict.Statistics.Acknowledged,
                verdict.Statistics.Failed,
                calls.Count(call => call.Outcome == CallOutcome.Pending),
                Retransmissions(trace),
                ServiceEvents.OfKind(ReliabilityEventKind.Duplicate).Count(),
                verdict.Statistics.DuplicatesDelivered,
                trace is null ? new Dictionary<string, int>() : new SortedDictionary<string, int>(trace.ActionCounts.ToDictionary(), StringComparer.Ordinal),
                trace?.Count ?? 0,
                LatencyPercentiles.Of(timings.Select(timing => timing.LatencyMs).OfType<double>()),
                Clock.Elapsed);
        }
    }
}
