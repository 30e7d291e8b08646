using Harness.Proxy.Faults.Actions;

namespace Harness.Runner.Tests.Mutants;

/// <summary>
/// Broken stand-ins for the proxy's <c>drop</c>, <c>duplicate</c> and <c>reorder</c>: each reads its built-in's YAML
/// (name and parameters), so a library scenario loaded with <see cref="FaultActionCatalog.Replacing{TAction}"/> runs
/// with a proxy that does not do what its plan says. The trace still names the built-in action: only what reaches the
/// service shows the difference.
/// </summary>
internal static class BrokenProxyActions
{
    /// <summary>A <c>drop</c> that forwards the message anyway.</summary>
    public sealed record DropThatForwards : FaultAction, IFaultActionSyntax
    {
        public static string YamlName => DropAction.YamlName;

        public override string Name => YamlName;

        public override FaultLegend Legend => new DropAction().Legend;

        public static FaultAction Read(FaultActionSyntax syntax)
        {
            _ = DropAction.Read(syntax);
            return new DropThatForwards();
        }

        public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken) =>
            ValueTask.FromResult(FaultOutcome.Pass());

        public override string Describe() => "drop (forwards anyway)";
    }

    /// <summary>A <c>duplicate</c> that sends the one copy the client sent and no other.</summary>
    public sealed record DuplicateThatSendsOneCopy : FaultAction, IFaultActionSyntax
    {
        public static string YamlName => DuplicateAction.YamlName;

        public override string Name => YamlName;

        public override FaultLegend Legend => new DuplicateAction().Legend;

        public static FaultAction Read(FaultActionSyntax syntax)
        {
            _ = DuplicateAction.Read(syntax);
            return new DuplicateThatSendsOneCopy();
        }

        public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
        {
            exchange.ExtraCopies = 0;
            return ValueTask.FromResult(FaultOutcome.Pass());
        }

        public override string Describe() => "duplicate (sends one copy)";
    }

    /// <summary>A <c>reorder</c> that releases the message at once, in the order it came.</summary>
    public sealed record ReorderThatReleasesInOrder : FaultAction, IFaultActionSyntax
    {
        public static string YamlName => ReorderAction.YamlName;

        public override string Name => YamlName;

        public override FaultLegend Legend => new ReorderAction(1, TimeSpan.FromSeconds(1)).Legend;

        public static FaultAction Read(FaultActionSyntax syntax)
        {
            _ = ReorderAction.Read(syntax);
            return new ReorderThatReleasesInOrder();
        }

        public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken) =>
            ValueTask.FromResult(FaultOutcome.Pass());

        public override string Describe() => "reorder (releases in order)";
    }
}
