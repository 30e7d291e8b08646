namespace Harness.Proxy.Faults.Actions;

/// <summary>Resets the connection.</summary>
public sealed record AbortAction : FaultAction, IFaultActionSyntax
{
    public static string YamlName => "abort";

    public override string Name => YamlName;

    public override FaultLegend Legend => new("\u26A1", "abort: connection reset");

    public static FaultAction Read(FaultActionSyntax syntax)
    {
        _ = syntax.Parameters(); // rejects any parameter
        return new AbortAction();
    }

    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        exchange.Http.Abort();
        return ValueTask.FromResult(FaultOutcome.Ended("aborted", connectionReset: true));
    }

    public override string Describe() => YamlName;
}
