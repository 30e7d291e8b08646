using Harness.Proxy.Faults.Bursts;

namespace Harness.Proxy.Faults;

/// <summary>Which message numbers a rule applies to.</summary>
public abstract record MessageNumberMatch
{
    public abstract bool Matches(long number);
}

/// <summary>The listed numbers.</summary>
public sealed record MessageNumberList(IReadOnlyList<long> Numbers) : MessageNumberMatch
{
    public override bool Matches(long number) => Numbers.Contains(number);

    public override string ToString() => string.Join(",", Numbers);
}

/// <summary>An inclusive range.</summary>
public sealed record MessageNumberRange(long From, long To) : MessageNumberMatch
{
    public override bool Matches(long number) => number >= From && number <= To;

    public override string ToString() => $"{From}-{To}";
}

/// <summary>Every n-th number: n, 2n, 3n...</summary>
public sealed record EveryNthMessage(long Every) : MessageNumberMatch
{
    public override bool Matches(long number) => number > 0 && number % Every == 0;

    public override string ToString() => $"every {Every}";
}

/// <summary>Which send of a message a rule applies to.</summary>
public abstract record AttemptMatch
{
    public static readonly AttemptMatch Any = new AnyAttempt();
    public static readonly AttemptMatch First = new ExactAttempt(1);
    public static readonly AttemptMatch Retransmission = new RetransmissionAttempt();

    public abstract bool Matches(int attempt);

    private sealed record AnyAttempt : AttemptMatch
    {
        public override bool Matches(int attempt) => true;

        public override string ToString() => "any";
    }

    private sealed record RetransmissionAttempt : AttemptMatch
    {
        public override bool Matches(int attempt) => attempt > 1;

        public override string ToString() => "retransmission";
    }
}

/// <summary>Exactly the n-th send (1 is the first).</summary>
public sealed record ExactAttempt(int Attempt) : AttemptMatch
{
    public override bool Matches(int attempt) => attempt == Attempt;

    public override string ToString() => Attempt == 1 ? "first" : $"attempt {Attempt}";
}

/// <summary>
/// What a rule matches. Every part is optional; an empty match takes every request. In the response direction the
/// kind is the response's own (reply, ack, create-sequence-response...), while message numbers and attempts are those
/// of the request it answers.
/// </summary>
public sealed record FaultMatch
{
    public FaultDirection Direction { get; init; } = FaultDirection.Request;

    /// <summary>Empty means any kind.</summary>
    public IReadOnlyList<RuleMessageKind> Kinds { get; init; } = [];

    public MessageNumberMatch? Messages { get; init; }

    /// <summary>Session indices (0-based, in the order sessions were created); null means any.</summary>
    public IReadOnlyList<int>? Sessions { get; init; }

    public AttemptMatch Attempt { get; init; } = AttemptMatch.Any;

    /// <summary>Chance that a matching message is hit, decided deterministically from the seed.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>
    /// Burst loss: of the messages the other conditions take, those a seeded Gilbert-Elliott chain loses (see
    /// docs/fault-plan.md, "Burst loss"); null takes them all. Given with a <see cref="Probability"/> below 1 (possible
    /// in code only; YAML refuses it), a message is hit when both say so.
    /// </summary>
    public BurstLossModel? BurstLoss { get; init; }

    /// <summary>The rule is active from this long after the proxy (or the run) started.</summary>
    public TimeSpan? After { get; init; }

    /// <summary>...and for this long (open-ended when null).</summary>
    public TimeSpan? For { get; init; }

    /// <summary>The rule fires at most this many times.</summary>
    public int? MaxCount { get; init; }
}
