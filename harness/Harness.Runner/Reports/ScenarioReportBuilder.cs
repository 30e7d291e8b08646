using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Harness.Proxy.Faults;
using Harness.Reliability.Settings;
using Harness.Runner.Checking;
using Harness.Runner.Running;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Reports;

/// <summary>Turns a scenario's result into its part of result.json, with every time on the run's own axis.</summary>
public static class ScenarioReportBuilder
{
    private static readonly IReadOnlyDictionary<Invariant, string> InvariantDescriptions = new Dictionary<Invariant, string>
    {
        [Invariant.NoDuplicates] = "No message appears twice in the journal.",
        [Invariant.NoPhantoms] = "Every delivery is a submitted call, with the payload that was sent.",
        [Invariant.Order] = "Ordered sessions deliver in submission order.",
        [Invariant.NoAcknowledgedLoss] = "Every acknowledged or replied call was delivered, and a reply tells the truth about its delivery.",
        [Invariant.Completeness] = "A session the client closed successfully delivered every submitted call.",
        [Invariant.NoSilentLoss] = "A call missing from the journal was seen to fail, or its session was seen to fault.",
    };

    public static ScenarioReport Build(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scenario = result.Scenario;
        var sessionIndexById = result.History.Sessions
            .Where(session => session.SessionId is not null)
            .GroupBy(session => session.SessionId!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Index, StringComparer.Ordinal);
        var timings = result.Calls.ToDictionary(timing => (timing.SessionIndex, timing.Sequence));
        var violationsByCall = result.Verdict.Violations
            .Where(violation => violation.Sequence is not null)
            .GroupBy(violation => (violation.SessionIndex, violation.Sequence!.Value))
            .ToDictionary(group => group.Key, group => (IReadOnlyList<string>)[.. group.Select(violation => violation.Invariant.ToString()).Distinct()]);
        var decisions = result.Decisions.Select(decision => decision.ToString()).ToList();

        // 1-based positions of each call's deliveries within its session's part of the journal.
        var positions = new Dictionary<(string, int), List<int>>();
        foreach (var group in result.History.Deliveries.GroupBy(entry => entry.Session, StringComparer.Ordinal))
        {
            var position = 0;
            foreach (var entry in group)
            {
                position++;
                if (!positions.TryGetValue((group.Key, entry.Sequence), out var list))
                {
                    positions[(group.Key, entry.Sequence)] = list = [];
                }

                list.Add(position);
            }
        }

        return new ScenarioReport
        {
            Name = scenario.Name,
            File = scenario.File,
            Description = scenario.Description,
            Seed = result.Seed,
            Expect = ScenarioLoader.Expectations.NameOf(scenario.Expect),
            ExpectationMet = result.ExpectationMet,
            End = YamlChoices.NameOf(result.End),
            Outcome = result.Outcome,
            Error = result.Error,
            SkipReason = result.SkipReason,
            Notes = result.Notes,
            TimeLimitMs = scenario.TimeLimit.TotalMilliseconds,
            Target = result.Target?.ToString(),
            Client = ScenarioLoader.Clients.NameOf(scenario.Client),
            Binding = BindingText(scenario),
            Contract = ScenarioLoader.Contracts.NameOf(scenario.Contract),
            StartedAt = result.StartedAt,
            Settings = Settings(result.Settings, scenario.Client),
            Workload = new WorkloadReport(
                scenario.Workload.Sessions,
                scenario.Workload.Messages,
                ScenarioLoader.Operations.NameOf(scenario.Workload.Operation),
                scenario.Workload.PayloadSize,
                scenario.Workload.Concurrency),
            Faults = [.. scenario.Faults.Rules.Select(rule => Rule(rule, result))],
            Verdict = new VerdictReport(
                result.Verdict.Passed,
                [.. Enum.GetValues<Invariant>().Select(invariant =>
                {
                    var count = result.Verdict.Violations.Count(violation => violation.Invariant == invariant);
                    return new InvariantReport(invariant.ToString(), InvariantDescriptions[invariant], count == 0, count);
                })],
                [.. result.Verdict.Violations.Select(violation => new ViolationReport(
                    violation.Invariant.ToString(), violation.SessionIndex, violation.Sequence, violation.Message, violation.Evidence))]),
            Statistics = Statistics(result.Statistics),
            LatencyHistogram = Histogram(result),
            Sessions = [.. result.History.Sessions.Select(session => new SessionReport(
                session.Index,
                session.SessionId,
                session.Ordered,
                YamlChoices.NameOf(session.Outcome),
                session.FaultReason,
                [.. session.Calls.Select(call => Call(session, call, positions, timings, violationsByCall))]))],
            Deliveries = [.. result.History.Deliveries.Select(entry => new DeliveryReport(
                sessionIndexById.GetValueOrDefault(entry.Session, -1),
                entry.Sequence,
                entry.Operation.ToString(),
                entry.MessageNumber,
                entry.CountInSession,
                entry.WallClock == DateTimeOffset.MinValue ? 0 : Round((entry.Time - result.ClockOrigin).TotalMilliseconds)))],
            Trace = [.. result.History.Trace.Select(record => new TraceReport(
                Round(record.TimeMs + result.ProxyClockOffsetMs),
                record.Exchange,
                YamlChoices.NameOf(record.Direction),
                record.Session,
                YamlChoices.NameOf(record.Kind),
                record.Number,
                record.Attempt,
                record.Rule,
                record.Action,
                record.Outcome,
                record.Status,
                record.Bytes,
                Round(record.ElapsedMs),
                record.Detail))],
            Decisions = decisions,
            DecisionsDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', decisions)))),
        };
    }

    /// <summary>What carried the sessions, in WCF's words for the WCF client.</summary>
    public static string BindingText(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var reliable = scenario.Settings.Enabled;
        return (scenario.Client, scenario.Binding) switch
        {
            (ClientKind.Harness, _) => reliable
                ? "the harness's RM source (HttpClient), on the wire as CustomBinding(ReliableSessionBindingElement, TextMessageEncodingBindingElement, HttpTransportBindingElement)"
                : "the harness's client, plain SOAP over HTTP (no reliable session)",
            (_, WcfClient.Binding.WcfBindingKind.WSHttp) => $"WSHttpBinding(SecurityMode.None, reliableSessionEnabled: {Bool(reliable)})",
            _ => reliable
                ? "CustomBinding(ReliableSessionBindingElement, TextMessageEncodingBindingElement, HttpTransportBindingElement)"
                : "CustomBinding(TextMessageEncodingBindingElement, HttpTransportBindingElement): no reliable session",
        };
    }

    /// <summary>
    /// The settings under their YAML (WCF, kebab-case) names, as a scenario would write them; with the WCF client,
    /// only those WCF has (the harness client's retransmission timers do not apply to it).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Settings(ReliableSessionSettings settings, ClientKind client = ClientKind.Harness)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var all = AllSettings(settings);
        if (client == ClientKind.Wcf)
        {
            // The same list the loader refuses for the WCF client, so the two cannot drift apart.
            foreach (var key in all.Keys.Where(key => WcfClient.Binding.WcfBindings.HarnessOnlySettings.Contains(ScenarioSettingsYaml.PropertyOf(key))).ToList())
            {
                all.Remove(key);
            }
        }

        return all;
    }

    private static SortedDictionary<string, string> AllSettings(ReliableSessionSettings settings)
    {
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["reliable-session"] = Bool(settings.Enabled),
            ["ordered"] = Bool(settings.Ordered),
            ["reliable-messaging-version"] = settings.ReliableMessagingVersion.ShortName,
            ["message-version"] = ScenarioLoader.MessageVersionNames.FirstOrDefault(name => ScenarioMessageVersion(name) == settings.MessageVersion) ?? settings.MessageVersion.ToString() ?? "?",
            ["inactivity-timeout"] = FaultText.Duration(settings.InactivityTimeout),
            ["acknowledgement-interval"] = FaultText.Duration(settings.AcknowledgementInterval),
            ["flow-control-enabled"] = Bool(settings.FlowControlEnabled),
            ["max-pending-channels"] = Number(settings.MaxPendingChannels),
            ["max-retry-count"] = Number(settings.MaxRetryCount),
            ["max-transfer-window-size"] = Number(settings.MaxTransferWindowSize),
            ["initial-retransmission-timeout"] = FaultText.Duration(settings.InitialRetransmissionTimeout),
            ["min-retransmission-timeout"] = FaultText.Duration(settings.MinRetransmissionTimeout),
            ["send-timeout"] = FaultText.Duration(settings.SendTimeout),
        };
    }

    private static Protocol.Versions.MessageVersion? ScenarioMessageVersion(string name) =>
        ScenarioSettingsYaml.MessageVersions.TryGet(name, out var version) ? version : null;

    private static FaultRuleReport Rule(FaultRule rule, ScenarioResult result) => new(
        rule.Index,
        rule.DisplayName,
        FaultRuleText.Match(rule.Match),
        FaultRuleText.Action(rule.Action),
        rule.Position?.ToString(),
        result.Decisions.Count(decision => decision.RuleIndex == rule.Index),
        rule.Action.Name,
        rule.Action.Legend.Glyph,
        rule.Action.Legend.Text);

    private static CallReport Call(
        SessionHistory session,
        SubmittedCall call,
        Dictionary<(string, int), List<int>> positions,
        Dictionary<(int, int), CallTiming> timings,
        Dictionary<(int, int), IReadOnlyList<string>> violationsByCall)
    {
        IReadOnlyList<int> deliveries = session.SessionId is not null && positions.TryGetValue((session.SessionId, call.Sequence), out var found) ? found : [];
        var timing = timings.GetValueOrDefault((session.Index, call.Sequence));
        return new CallReport(
            call.Sequence,
            call.Operation.ToString(),
            call.Payload.ToString(),
            YamlChoices.NameOf(call.Outcome),
            call.Reply,
            call.Error,
            Round(timing?.SubmittedMs ?? 0),
            timing?.CompletedMs is { } completed ? Round(completed) : null,
            deliveries,
            violationsByCall.GetValueOrDefault((session.Index, call.Sequence), []));
    }

    private static StatisticsReport Statistics(RunStatistics statistics) => new(
        statistics.Sessions,
        statistics.SessionsFaulted,
        statistics.Submitted,
        statistics.Delivered,
        statistics.Acknowledged,
        statistics.Failed,
        statistics.Pending,
        statistics.Retransmissions,
        statistics.DuplicatesSuppressed,
        statistics.DuplicatesDelivered,
        statistics.FaultsByAction,
        statistics.ProxyMessages,
        Round(statistics.Latency.P50Ms),
        Round(statistics.Latency.P90Ms),
        Round(statistics.Latency.P99Ms),
        Round(statistics.Latency.MaxMs),
        Round(statistics.Duration.TotalMilliseconds));

    /// <summary>Up to 24 equal buckets from 0 to the slowest successful call.</summary>
    private static IReadOnlyList<HistogramBucket> Histogram(ScenarioResult result)
    {
        var latencies = result.Calls.Select(timing => timing.LatencyMs).OfType<double>().ToList();
        if (latencies.Count == 0)
        {
            return [];
        }

        const int Buckets = 24;
        var width = NiceWidth(latencies.Max() / Buckets);
        var counts = new int[(int)Math.Floor(latencies.Max() / width) + 1];
        foreach (var latency in latencies)
        {
            counts[Math.Min(counts.Length - 1, (int)(latency / width))]++;
        }

        return [.. counts.Select((count, index) => new HistogramBucket(Round(index * width), Round((index + 1) * width), count))];
    }

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="raw"/>, so bucket edges read well.</summary>
    private static double NiceWidth(double raw)
    {
        var width = 0.01;
        while (true)
        {
            foreach (var step in (double[])[1, 2, 5])
            {
                if (width * step >= raw)
                {
                    return width * step;
                }
            }

            width *= 10;
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Round(double milliseconds) => Math.Round(milliseconds, 3);
}
