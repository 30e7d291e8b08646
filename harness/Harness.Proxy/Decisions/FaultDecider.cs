using Harness.Proxy.Faults;

namespace Harness.Proxy.Decisions;

/// <summary>
/// Picks the rule that applies to a message: the first whose match holds. Every random choice is drawn from
/// (seed, rule, session, kind, message number, attempt, direction), so the same seed makes the same decisions however
/// threads interleave; burst loss places a message on its chain by message number and attempt, not by arrival (see
/// <see cref="BurstLossSteps"/>). Only time windows and <c>count</c> limits depend on when and in which order messages come.
/// </summary>
public sealed class FaultDecider
{
    private readonly FaultPlan _plan;
    private readonly long _seed;
    private readonly int[] _hits;

    public FaultDecider(FaultPlan plan, long seed)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _seed = seed;
        _hits = new int[plan.Rules.Count];
    }

    public long Seed => _seed;

    public FaultPlan Plan => _plan;

    /// <summary>The first rule matching <paramref name="facts"/> at <paramref name="elapsed"/> since the start, or null.</summary>
    public FaultRule? Decide(in MessageFacts facts, TimeSpan elapsed)
    {
        foreach (var rule in _plan.Rules)
        {
            if (Matches(rule, facts, elapsed) && TakeHit(rule))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>A further uniform value for the action's own choices (delay, corrupted positions), also seed-derived.</summary>
    public double Draw(FaultRule rule, in MessageFacts facts, int purpose) =>
        DeterministicRandom.Uniform(_seed, rule.Index, facts.Session, (long)facts.Kind, facts.Number, facts.Attempt, (long)facts.Direction, 1000 + purpose);

    private bool Matches(FaultRule rule, in MessageFacts facts, TimeSpan elapsed)
    {
        var match = rule.Match;
        if (match.Direction != FaultDirection.Any && match.Direction != facts.Direction)
        {
            return false;
        }

        if (match.Kinds.Count > 0 && !match.Kinds.Contains(RuleMessageKind.Any) && !match.Kinds.Contains(facts.Kind))
        {
            return false;
        }

        if (match.Messages is { } numbers && !numbers.Matches(facts.Number))
        {
            return false;
        }

        if (match.Sessions is { } sessions && !sessions.Contains(facts.Session))
        {
            return false;
        }

        if (!match.Attempt.Matches(facts.Attempt))
        {
            return false;
        }

        var start = match.After ?? TimeSpan.Zero;
        if (elapsed < start || (match.For is { } length && elapsed >= start + length))
        {
            return false;
        }

        var hit = match.Probability >= 1.0
            || DeterministicRandom.Uniform(_seed, rule.Index, facts.Session, (long)facts.Kind, facts.Number, facts.Attempt, (long)facts.Direction) < match.Probability;
        return hit && (match.BurstLoss is not { } burstLoss || BurstLossSteps.IsLost(burstLoss, _seed, rule.Index, facts));
    }

    private bool TakeHit(FaultRule rule)
    {
        if (rule.Match.MaxCount is not { } max)
        {
            return true;
        }

        // Claim a hit only while under the limit, so concurrent messages cannot overshoot it.
        while (true)
        {
            var hits = Volatile.Read(ref _hits[rule.Index]);
            if (hits >= max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _hits[rule.Index], hits + 1, hits) == hits)
            {
                return true;
            }
        }
    }
}
