using Harness.Proxy.Faults.Actions;

namespace Harness.Runner.Shrinking;

/// <summary>
/// A fault of a shrunk scenario: where it hits (<see cref="Placement"/>), the action the failing run applied there
/// (<see cref="Original"/>), and the action the shrunk scenario applies, milder when <see cref="FaultWeakening"/>
/// found a step the failure survives.
/// </summary>
public sealed record ShrunkFault(FaultPlacement Placement, FaultAction Original, FaultAction Action)
{
    /// <summary>The fault as the failing run applied it.</summary>
    public static ShrunkFault Unchanged(FaultPlacement placement, FaultAction action) => new(placement, action, action);

    public bool IsWeakened => Action != Original;

    /// <summary>The placement, and the action's parameters after a colon: <c>Request s0 Application #3 try 1: rule 1 duplicate: duplicate (1 extra)</c>.</summary>
    public override string ToString() => $"{Placement}: {Action.Describe()}";
}
