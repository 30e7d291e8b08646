using System.Globalization;

namespace Harness.Proxy.Faults.Actions;

/// <summary>
/// Holds the message until <see cref="AfterMessages"/> later messages of the same session have passed (overtaking
/// it), or <see cref="MaxHold"/> runs out.
/// </summary>
public sealed record ReorderAction(int AfterMessages, TimeSpan MaxHold) : FaultAction, IFaultActionSyntax
{
    private static readonly TimeSpan DefaultMaxHold = TimeSpan.FromSeconds(1);

    public static string YamlName => "reorder";

    public override string Name => YamlName;

    public override bool HoldsMessage => true;

    public override FaultLegend Legend => new("\u21C5", "reorder: held until others overtake");

    public static FaultAction Read(FaultActionSyntax syntax)
    {
        var reorder = syntax.Parameters("after", "max-hold");
        return new ReorderAction(
            reorder.Int("after", min: 1) ?? 1,
            reorder.Duration("max-hold", allowZero: false) ?? DefaultMaxHold);
    }

    public override async ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        var overtaken = await exchange.HoldUntilOvertakenAsync(AfterMessages, MaxHold, cancellationToken).ConfigureAwait(false);
        return FaultOutcome.Pass(overtaken == 0
            ? string.Create(CultureInfo.InvariantCulture, $"held {MaxHold.TotalMilliseconds:0} ms; nothing overtook it")
            : overtaken < AfterMessages
                ? string.Create(CultureInfo.InvariantCulture, $"held {MaxHold.TotalMilliseconds:0} ms; only {overtaken} of {AfterMessages} later messages overtook it")
                : string.Create(CultureInfo.InvariantCulture, $"held until {overtaken} later message{(overtaken == 1 ? string.Empty : "s")} overtook it"));
    }

    public override string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"reorder (after {AfterMessages}, max-hold {FaultText.Duration(MaxHold)})");
}
