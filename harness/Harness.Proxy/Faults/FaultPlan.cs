using Harness.Proxy.Faults.Actions;
using Harness.Yaml;

namespace Harness.Proxy.Faults;

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
    public bool NeedsResponses => Rules.Any(r => r.Match.Direction != FaultDirection.Request || r.Action.ActsOnAnswer);
}
