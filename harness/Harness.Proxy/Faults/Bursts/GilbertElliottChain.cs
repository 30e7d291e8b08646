namespace Harness.Proxy.Faults.Bursts;

/// <summary>What a uniform value of a chain's step decides.</summary>
public enum BurstDraw
{
    /// <summary>The step's transition (and, at the first step, the starting state).</summary>
    Transition,

    /// <summary>Whether the message at the step is lost, given the state.</summary>
    Loss,
}

/// <summary>
/// A <see cref="BurstLossModel"/> chain whose state at each step (1, 2, 3...) is a pure function of the step and of
/// <c>draw</c>, a seeded uniform value in [0, 1) for (step, purpose). No state is kept between calls, so messages may
/// ask in any order, concurrently, and get the answers one walk of the chain from step 1 would give.
/// </summary>
/// <remarks>
/// Each step's transition uses one uniform u: good turns bad when u &lt; p, bad stays bad when u &lt; 1-r. A u below
/// both thresholds makes the step bad and a u above both makes it good whatever came before, so a step's state is
/// found by looking back to the nearest such step (or to step 1, which starts from the long-run distribution) and
/// walking forward from there; the look-back is short (geometric, mean 1/(1-|1-p-r|)) except near p = r = 0 or p = r = 1.
/// </remarks>
public sealed class GilbertElliottChain(BurstLossModel model, Func<long, BurstDraw, double> draw)
{
    private readonly double _alwaysBadBelow = Math.Min(model.GoodToBad, 1 - model.BadToGood);
    private readonly double _alwaysGoodFrom = Math.Max(model.GoodToBad, 1 - model.BadToGood);

    public BurstLossModel Model => model;

    /// <summary>Whether the message at <paramref name="step"/> (>= 1) is lost.</summary>
    public bool IsLost(long step)
    {
        var lossChance = IsBad(step) ? model.LossInBad : model.LossInGood;
        return lossChance >= 1 || draw(step, BurstDraw.Loss) < lossChance;
    }

    /// <summary>Whether the chain is in the bad state at <paramref name="step"/> (>= 1).</summary>
    public bool IsBad(long step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);

        // The two chains that never forget their start: one stays put, the other alternates.
        if (model is { GoodToBad: 0, BadToGood: 0 })
        {
            return false;
        }

        if (model is { GoodToBad: 1, BadToGood: 1 })
        {
            return StartsBad() ^ (step % 2 == 0);
        }

        var known = step;
        while (known > 1 && !IsForced(draw(known, BurstDraw.Transition)))
        {
            known--;
        }

        var bad = known == 1 ? StartsBad() : draw(known, BurstDraw.Transition) < _alwaysBadBelow;
        for (var next = known + 1; next <= step; next++)
        {
            var u = draw(next, BurstDraw.Transition);
            bad = bad ? u < 1 - model.BadToGood : u < model.GoodToBad;
        }

        return bad;
    }

    private bool StartsBad() => draw(1, BurstDraw.Transition) < model.BadShare;

    private bool IsForced(double u) => u < _alwaysBadBelow || u >= _alwaysGoodFrom;
}
