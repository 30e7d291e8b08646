using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;

namespace Harness.Runner.Benchmarking.Rig;

/// <summary>The fault plan of a loss run.</summary>
internal static class LossPlan
{
    /// <summary>
    /// One rule dropping the first sends of application requests with the given probability (the answer is an empty
    /// 202, as a lost one-way message gives the client); no rule at all for 0. Retransmissions always get through, so
    /// each loss is one loss: the figures say what repairing one lost message costs, and a run stays bounded, where a
    /// dropped resend would double the real WCF client's retransmission timeout again and again (to 10 s and more).
    /// </summary>
    public static FaultPlan Dropping(double rate) => rate <= 0
        ? FaultPlan.Empty
        : new FaultPlan([new FaultRule(0, new FaultMatch { Kinds = [RuleMessageKind.Application], Attempt = AttemptMatch.First, Probability = rate }, new DropAction()) { Name = string.Create(CultureInfo.InvariantCulture, $"drop {rate:0.##%} of first sends of application requests") }]);
}
