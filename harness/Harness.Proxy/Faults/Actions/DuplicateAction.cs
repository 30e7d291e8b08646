using System.Globalization;

namespace Harness.Proxy.Faults.Actions;

/// <summary>The service receives the request <see cref="Copies"/> more times; the client gets one answer.</summary>
public sealed record DuplicateAction(int Copies = 1) : FaultAction, IFaultActionSyntax
{
    public static string YamlName => "duplicate";

    public override string Name => YamlName;

    public override FaultLegend Legend => new("\u21C9", "duplicate: extra copies are sent");

    public static FaultAction Read(FaultActionSyntax syntax) =>
        new DuplicateAction(syntax.Parameters("copies").Int("copies", min: 1) ?? 1);

    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        if (exchange.IsAnswer)
        {
            return ValueTask.FromResult(FaultOutcome.Pass("duplicate does not apply to answers (HTTP carries one answer per request); forwarded once"));
        }

        exchange.ExtraCopies = Copies;
        return ValueTask.FromResult(FaultOutcome.Pass());
    }

    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"duplicate ({Copies} extra)");
}
