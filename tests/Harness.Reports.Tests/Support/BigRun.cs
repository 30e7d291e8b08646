using System.Globalization;
using Harness.Runner.Reports;

namespace Harness.Reports.Tests.Support;

/// <summary>
/// A run document as large as a real 20 sessions x 1000 messages run, made in code so the tests stay fast: four
/// traced messages per call (application and its acknowledgement, AckRequested and its answer), a delivery per call,
/// some drops repaired by retransmission, delays and duplicates, and one call of one session delivered twice.
/// </summary>
internal static class BigRun
{
    /// <summary>The session whose call <see cref="DuplicatedCall"/> is delivered twice (the run's only violation).</summary>
    public const int ViolatedSession = 7;

    public const int DuplicatedCall = 500;

    public static RunReport Build(string runId, int sessions, int messages)
    {
        var startedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var trace = new List<TraceReport>(sessions * messages * 4);
        var deliveries = new List<DeliveryReport>(sessions * messages + 1);
        var sessionReports = new List<SessionReport>(sessions);
        var decisions = new List<string>();
        var latencies = new List<double>(sessions * messages);
        long exchange = 0;
        int retransmissions = 0, suppressed = 0;
        var byAction = new SortedDictionary<string, int>(StringComparer.Ordinal);

        for (var session = 0; session < sessions; session++)
        {
            var calls = new List<CallReport>(messages);
            var countInSession = 0;
            for (var sequence = 1; sequence <= messages; sequence++)
            {
                var submitted = Math.Round((sequence * 20.0) + (session * 0.7), 3);
                var time = submitted + 0.2;
                string? action = null;
                if (session % 4 == 3 && sequence % 100 == 0)
                {
                    // Dropped, then repaired by a retransmission 120 ms later.
                    trace.Add(Record(time, ++exchange, "request", session, "application", sequence, 1, "drop some", "drop", "dropped", 202));
                    decisions.Add(Invariant($"Request s{session} Application #{sequence} try 1: rule 1 drop"));
                    Count(byAction, "drop");
                    retransmissions++;
                    time += 120;
                    action = "drop";
                }

                var attempt = action is null ? 1 : 2;
                var delayed = session % 5 == 1 && sequence % 50 == 0;
                var duplicated = session % 6 == 2 && sequence % 250 == 0;
                var requestAction = delayed ? "delay" : duplicated ? "duplicate" : null;
                if (requestAction is not null)
                {
                    decisions.Add(Invariant($"Request s{session} Application #{sequence} try {attempt}: rule 2 {requestAction}"));
                    Count(byAction, requestAction);
                }

                trace.Add(Record(time, ++exchange, "request", session, "application", sequence, attempt, requestAction is null ? null : "rule 2", requestAction, "forwarded", null));
                var delivered = time + (delayed ? 40 : 1.5);
                deliveries.Add(new DeliveryReport(session, sequence, "Post", sequence, ++countInSession, Math.Round(delivered, 3)));
                var positions = new List<int> { countInSession };
                List<string> violations = [];
                if (duplicated)
                {
                    suppressed++;
                }

                if (session == ViolatedSession && sequence == DuplicatedCall)
                {
                    deliveries.Add(new DeliveryReport(session, sequence, "Post", sequence, ++countInSession, Math.Round(delivered + 0.5, 3)));
                    positions.Add(countInSession);
                    violations.Add("NoDuplicates");
                }

                trace.Add(Record(delivered + 0.4, exchange, "response", session, "ack", sequence, attempt, null, null, "returned", 200));
                trace.Add(Record(delivered + 2, ++exchange, "request", session, "ack-requested", 0, 1, null, null, "forwarded", null));
                trace.Add(Record(delivered + 2.6, exchange, "response", session, "ack", 0, 1, null, null, "returned", 200));
                var completed = Math.Round(delivered + 0.6, 3);
                latencies.Add(completed - submitted);
                calls.Add(new CallReport(sequence, "Post", Invariant($"s{session}-m{sequence}-<payload>&"), "acknowledged", null, null, submitted, completed, positions, violations));
            }

            sessionReports.Add(new SessionReport(session, $"urn:uuid:00000000-0000-0000-0000-{session:D12}", true, "closed", null, calls));
        }

        trace.Sort((a, b) => a.TimeMs.CompareTo(b.TimeMs));
        deliveries.Sort((a, b) => a.TimeMs.CompareTo(b.TimeMs));
        latencies.Sort();
        var sent = sessions * messages;
        var statistics = new StatisticsReport(
            sessions, 0, sent, deliveries.Count, sent, 0, 0, retransmissions, suppressed, 1, byAction, trace.Count,
            Percentile(latencies, 0.5), Percentile(latencies, 0.9), Percentile(latencies, 0.99), latencies[^1], (messages * 20.0) + 500);
        var scenario = new ScenarioReport
        {
            Name = "twenty-sessions-big",
            File = "scenarios/twenty-sessions-big.yaml",
            Description = "20 sessions x 1000 one-way messages with some drops, delays and duplicates (synthetic).",
            Seed = 1,
            Expect = "holds",
            ExpectationMet = false,
            End = "completed",
            Outcome = "expected holds, but 1 violation(s): NoDuplicates x1",
            TimeLimitMs = 120_000,
            Client = "harness",
            Binding = "the harness's RM source (synthetic)",
            Contract = "mixed",
            StartedAt = startedAt,
            Settings = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["reliable-session"] = "true", ["ordered"] = "true" },
            Workload = new WorkloadReport(sessions, messages, "one-way", 16, 8),
            Faults =
            [
                new FaultRuleReport(0, "drop some", "request, application, messages every 100, sessions 3,7,11,15,19, attempt first", "drop (answer empty-202)", "big.yaml:9:5", byAction.GetValueOrDefault("drop")),
                new FaultRuleReport(1, "rule 2", "request, application", "delay 40ms", "big.yaml:12:5", byAction.GetValueOrDefault("delay") + byAction.GetValueOrDefault("duplicate")),
            ],
            Verdict = new VerdictReport(
                false,
                [
                    new InvariantReport("NoDuplicates", "No message appears twice in the journal.", false, 1),
                    new InvariantReport("NoPhantoms", "Every delivery is a submitted call, with the payload that was sent.", true, 0),
                    new InvariantReport("Order", "Ordered sessions deliver in submission order.", true, 0),
                    new InvariantReport("NoAcknowledgedLoss", "Every acknowledged or replied call was delivered.", true, 0),
                    new InvariantReport("Completeness", "A session the client closed successfully delivered every submitted call.", true, 0),
                    new InvariantReport("NoSilentLoss", "A call missing from the journal was seen to fail, or its session was seen to fault.", true, 0),
                ],
                [new ViolationReport("NoDuplicates", ViolatedSession, DuplicatedCall, Invariant($"call {DuplicatedCall} was delivered 2 times"), ["journal positions 500, 501"])]),
            Statistics = statistics,
            LatencyHistogram = Histogram(latencies),
            Sessions = sessionReports,
            Deliveries = deliveries,
            Trace = trace,
            Decisions = decisions,
            DecisionsDigest = new string('0', 64),
        };

        return RunReportBuilder.Build(
            new RunInfo(runId, "harness run scenarios/twenty-sessions-big.yaml --seed 1", new RunOptionsReport(1, null, 1, null, null), startedAt),
            [scenario],
            interrupted: false,
            startedAt.AddSeconds(25));
    }

    private static TraceReport Record(double time, long exchange, string direction, int session, string kind, long number, int attempt, string? rule, string? action, string outcome, int? status) =>
        new(Math.Round(time, 3), exchange, direction, session, kind, number, attempt, rule, action, outcome, status, 620, 0.4, null);

    private static void Count(SortedDictionary<string, int> counts, string action) => counts[action] = counts.GetValueOrDefault(action) + 1;

    private static double Percentile(List<double> sorted, double quantile) => Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)], 3);

    private static List<HistogramBucket> Histogram(List<double> sorted)
    {
        const double Width = 10;
        var counts = new int[(int)(sorted[^1] / Width) + 1];
        foreach (var latency in sorted)
        {
            counts[(int)(latency / Width)]++;
        }

        return [.. counts.Select((count, index) => new HistogramBucket(index * Width, (index + 1) * Width, count))];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
