namespace Harness.Proxy.Faults.Actions;

/// <summary>
/// What a rule does to a matching message. Each action is one sealed type that reads its own YAML
/// (<see cref="IFaultActionSyntax"/>), carries out its effect on an exchange (<see cref="ApplyAsync"/>) and describes
/// itself for the trace and the reports; the proxy's pipeline knows none of them by name.
/// </summary>
public abstract record FaultAction
{
    /// <summary>The action's YAML name (kebab-case, e.g. <c>drop-response</c>), also its name in traces.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Whether the action holds the message for a while (delay, reorder). A held request outlives its client, as a
    /// packet in a slow network does, so the pipeline keeps it going after the client has stopped waiting.
    /// </summary>
    public virtual bool HoldsMessage => false;

    /// <summary>Whether a request's action acts on its answer too, so the proxy must capture answers.</summary>
    public virtual bool ActsOnAnswer => false;

    /// <summary>Carries out the action on <paramref name="exchange"/>: ends the exchange here, or lets it pass (perhaps changed).</summary>
    public abstract ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken);

    /// <summary>The action with its parameters, in the fault plan's words, for reports: <c>delay 200ms</c>.</summary>
    public abstract string Describe();

    /// <summary>How the report's timeline marks a message this action touched.</summary>
    public abstract FaultLegend Legend { get; }
}

/// <summary>A glyph for the report's timeline and the sentence its legend shows beside it.</summary>
public sealed record FaultLegend(string Glyph, string Text);

/// <summary>How an action left its exchange.</summary>
/// <param name="EndedAs">The trace outcome when the message went no further (<c>dropped</c>, <c>aborted</c>); null when it passes.</param>
/// <param name="ConnectionReset">Whether the exchange ended with the connection reset (so no status is traced).</param>
/// <param name="Detail">What was done, for the trace (<c>delayed 120 ms</c>); null when there is nothing to add.</param>
public readonly record struct FaultOutcome(string? EndedAs, bool ConnectionReset, string? Detail)
{
    public bool Passes => EndedAs is null;

    public static FaultOutcome Pass(string? detail = null) => new(null, false, detail);

    public static FaultOutcome Ended(string outcome, bool connectionReset = false) => new(outcome, connectionReset, null);
}
