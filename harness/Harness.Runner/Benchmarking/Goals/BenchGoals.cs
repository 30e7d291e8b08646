using System.Globalization;
using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Benchmarking.Goals;

/// <summary>Whether a goal holds. JSON names are kebab-case (<c>not-met</c>).</summary>
public enum GoalStatus
{
    Met,
    NotMet,

    /// <summary>The figure could not be taken (e.g. nothing was dropped, or the run was cut short).</summary>
    NotMeasured,
}

/// <summary>Which way a figure must lie from its threshold.</summary>
public enum GoalBound
{
    AtLeast,
    AtMost,
}

/// <summary>One goal judged against one figure.</summary>
/// <param name="Client">The client the figure is of.</param>
/// <param name="Value">The figure; null when not measured.</param>
public sealed record GoalResult(string Id, string Description, ClientKind Client, double? Value, GoalBound Bound, double Threshold, GoalStatus Status)
{
    /// <summary><c>&gt;= 0.90</c>, <c>&lt;= 1.5</c>.</summary>
    public string Target => string.Create(CultureInfo.InvariantCulture, $"{(Bound == GoalBound.AtLeast ? ">=" : "<=")} {Threshold:0.0#}");
}

/// <summary>
/// The goals the bench reports against. They are reported, not enforced: an unmet goal is a finding of the
/// measurement, and the figures move with the machine.
/// </summary>
public static class BenchGoals
{
    public const double FaultProxyVsPlainYarp = 0.90;
    public const double GoodputAtTenPercentLoss = 0.70;
    public const double RetransmissionsPerLostMessage = 1.5;
    public const double WcfThroughFaultProxyVsDirect = 0.90;

    /// <summary>The loss rate the goodput goal is stated at.</summary>
    public const double GoodputLossRate = 0.10;

    /// <summary>Every goal, per client where it concerns each client, in a fixed order.</summary>
    public static IReadOnlyList<GoalResult> Evaluate(IReadOnlyList<ClientFigures> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var results = new List<GoalResult>();
        foreach (var client in clients)
        {
            results.Add(Judge(
                "fault-proxy-vs-plain-yarp",
                "fault proxy (empty plan) throughput / plain YARP",
                client.Client,
                client.OnPath(BenchPath.FaultProxy)?.ThroughputVsPlainYarp,
                GoalBound.AtLeast,
                FaultProxyVsPlainYarp));
        }

        foreach (var client in clients)
        {
            results.Add(Judge(
                "goodput-at-10-percent-loss",
                "goodput at 10% request loss / lossless",
                client.Client,
                client.AtLoss(GoodputLossRate)?.Goodput,
                GoalBound.AtLeast,
                GoodputAtTenPercentLoss));
        }

        foreach (var client in clients)
        {
            results.Add(Judge(
                "retransmissions-per-lost-message",
                "retransmissions per lost message",
                client.Client,
                client.RetransmissionsPerLostMessage,
                GoalBound.AtMost,
                RetransmissionsPerLostMessage));
        }

        foreach (var client in clients.Where(client => client.Client == ClientKind.Wcf))
        {
            results.Add(Judge(
                "wcf-through-fault-proxy-vs-direct",
                "WCF client throughput through the fault proxy / direct",
                client.Client,
                client.OnPath(BenchPath.FaultProxy)?.ThroughputVsDirect,
                GoalBound.AtLeast,
                WcfThroughFaultProxyVsDirect));
        }

        return results;
    }

    private static GoalResult Judge(string id, string description, ClientKind client, double? value, GoalBound bound, double threshold)
    {
        var status = value is not { } figure || !double.IsFinite(figure) ? GoalStatus.NotMeasured
            : (bound == GoalBound.AtLeast ? figure >= threshold : figure <= threshold) ? GoalStatus.Met
            : GoalStatus.NotMet;
        return new GoalResult(id, description, client, value, bound, threshold, status);
    }
}
