namespace Harness.Proxy.Faults;

/// <summary>Where a rule was written, for messages that point back to the scenario file.</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>One rule: a match and an action. <see cref="Index"/> is its place in the plan (0-based).</summary>
public sealed record FaultRule(int Index, FaultMatch Match, FaultAction Action)
{
    public string? Name { get; init; }

    public SourcePosition? Position { get; init; }

    public string DisplayName => Name ?? $"rule {Index + 1} ({Action.Name})";
}

/// <summary>The nemesis: the rules the proxy applies, in order (the first matching rule of a direction wins).</summary>
public sealed record FaultPlan(IReadOnlyList<FaultRule> Rules)
{
    public static readonly FaultPlan Empty = new([]);

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>Whether any rule looks at answers (so the proxy must buffer them).</summary>
    public bool NeedsResponses => Rules.Any(r => r.Match.Direction != FaultDirection.Request || r.Action is DropResponseAction);
}
