using Harness.Proxy.Faults.Actions;

namespace Harness.Runner.Shrinking;

/// <summary>
/// The steps that make one fault milder, tried after delta debugging has removed every fault it could: a shrunk
/// scenario whose faults are as mild as still breaks the guarantee points at the bug rather than at the fault plan.
/// Each step changes one parameter towards "no fault at all" and is tried alone; the first the failure survives is
/// taken and the steps are asked again from there, until none is left or none survives (docs/explore.md).
/// </summary>
/// <remarks>
/// The steps, per action (the weakest first, then halfway, so a fault that tolerates the weakest costs one run):
/// <list type="bullet">
/// <item><c>delay</c>: a distribution becomes a fixed delay of its mean; a fixed delay is halved, not below <see cref="DurationFloor"/>.</item>
/// <item><c>duplicate</c>: <c>copies</c> to 1, else halved.</item>
/// <item><c>reorder</c>: <c>after</c> to 1, else halved; <c>max-hold</c> halved, not below <see cref="DurationFloor"/>.</item>
/// <item><c>corrupt</c>: <c>flip</c> <c>bytes</c> to 1, else halved; <c>truncate</c> <c>keep</c> halfway to 1, as long as at least <see cref="LeastCut"/> of the body is still cut off.</item>
/// <item><c>drop</c>, <c>drop-response</c>: <c>answer: abort</c> (a reset connection) to the default empty 202.</item>
/// <item><c>partition</c>: <c>for</c> halved, not below <see cref="DurationFloor"/>.</item>
/// <item><c>abort</c>, <c>http-error</c>: none (removing them is delta debugging's job; no status is milder than another).</item>
/// </list>
/// </remarks>
public static class FaultWeakening
{
    /// <summary>
    /// A delay, hold or partition is not made shorter than this: a shorter one is within the scheduling noise of a
    /// loaded machine, so a regression test built on it would fail by chance rather than every time.
    /// </summary>
    public static readonly TimeSpan DurationFloor = TimeSpan.FromMilliseconds(50);

    /// <summary>A truncation that keeps more than all but this fraction of the body is not tried.</summary>
    public const double LeastCut = 0.01;

    /// <summary>The actions one step milder than <paramref name="action"/>, in the order to try them; none when it cannot be weakened.</summary>
    public static IReadOnlyList<FaultAction> MilderSteps(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        IEnumerable<FaultAction> steps = action switch
        {
            DelayAction delay => Delay(delay),
            DuplicateAction duplicate => Fewer(duplicate.Copies).Select(copies => duplicate with { Copies = copies }),
            ReorderAction reorder => Fewer(reorder.AfterMessages).Select(after => (FaultAction)(reorder with { AfterMessages = after }))
                .Concat(Shorter(reorder.MaxHold).Select(hold => reorder with { MaxHold = hold })),
            CorruptAction { Mode: CorruptionMode.Flip } flip => Fewer(flip.Bytes).Select(bytes => flip with { Bytes = bytes }),
            CorruptAction { Mode: CorruptionMode.Truncate } truncate => KeepMore(truncate.Keep).Select(keep => truncate with { Keep = keep }),
            DropAction { Answer: LostAnswer.Abort } drop => [drop with { Answer = LostAnswer.Empty202 }],
            DropResponseAction { Answer: LostAnswer.Abort } dropResponse => [dropResponse with { Answer = LostAnswer.Empty202 }],
            PartitionAction { IsInForce: false } partition => Shorter(partition.Duration).Select(duration => partition with { Duration = duration }),
            _ => [],
        };
        return [.. steps.Distinct()];
    }

    private static IEnumerable<FaultAction> Delay(DelayAction delay) => delay.Distribution switch
    {
        UniformDelay uniform => [delay with { Distribution = new FixedDelay(WholeMilliseconds((uniform.Min + uniform.Max) / 2)) }],
        NormalDelay normal => [delay with { Distribution = new FixedDelay(WholeMilliseconds(normal.Mean)) }],
        FixedDelay fixedDelay => Shorter(fixedDelay.Delay).Select(shorter => delay with { Distribution = new FixedDelay(shorter) }),
        _ => [],
    };

    /// <summary>1, then half (rounded down), for a count above 1.</summary>
    private static IEnumerable<int> Fewer(int count) =>
        count <= 1 ? [] : new[] { 1, count / 2 }.Where(fewer => fewer < count).Distinct();

    /// <summary>Half (in whole milliseconds), not below the floor, for a duration above it.</summary>
    private static IEnumerable<TimeSpan> Shorter(TimeSpan duration)
    {
        var half = WholeMilliseconds(duration / 2);
        return duration <= DurationFloor ? [] : [half < DurationFloor ? DurationFloor : half];
    }

    /// <summary>Halfway to keeping it all, rounded to 4 decimals, while at least <see cref="LeastCut"/> is cut off.</summary>
    private static IEnumerable<double> KeepMore(double keep)
    {
        var more = Math.Round(keep + ((1 - keep) / 2), 4);
        return more > keep && 1 - more >= LeastCut - 1e-9 ? [more] : [];
    }

    // A fault plan states durations in whole milliseconds at the finest; the written file must say what was run.
    private static TimeSpan WholeMilliseconds(TimeSpan duration) => TimeSpan.FromMilliseconds(Math.Round(duration.TotalMilliseconds, MidpointRounding.AwayFromZero));
}
