using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Actions;

/// <summary>Holds the message for a time drawn from <see cref="Distribution"/>, then lets it go on.</summary>
public sealed record DelayAction(DelayDistribution Distribution) : FaultAction, IFaultActionSyntax
{
    private static readonly string[] Forms = ["fixed", "uniform", "normal"];

    public static string YamlName => "delay";

    public override string Name => YamlName;

    public override bool HoldsMessage => true;

    public override FaultLegend Legend => new("\u25F7", "delay");

    /// <summary><c>{delay: 200ms}</c>, or one of <c>fixed</c>, <c>uniform: [min, max]</c>, <c>normal: {mean, stddev}</c>.</summary>
    public static FaultAction Read(FaultActionSyntax syntax)
    {
        var values = syntax.Values;
        switch (syntax.ParameterNode)
        {
            case YamlScalarNode shorthand:
                return new DelayAction(new FixedDelay(values.Duration(shorthand, "'delay'")));
            case YamlSequenceNode list:
                throw values.Error(list, $"'delay' must be a duration or a mapping with one of {string.Join(", ", Forms)}, got a list");
        }

        var delay = syntax.Parameters(Forms);
        var form = delay.ExactlyOneOf("{delay: 200ms}", Forms);
        var node = delay.Required(form);
        return new DelayAction(form switch
        {
            "fixed" => new FixedDelay(values.Duration(node, "'fixed'")),
            "uniform" => UniformDelay.Read(node, values),
            _ => NormalDelay.Read(node, values),
        });
    }

    public override async ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        var wait = Distribution.Sample(exchange.Draw(0), exchange.Draw(1));
        await exchange.Clock.Delay(wait, cancellationToken).ConfigureAwait(false);
        return FaultOutcome.Pass(string.Create(CultureInfo.InvariantCulture, $"delayed {wait.TotalMilliseconds:0.###} ms"));
    }

    public override string Describe() => "delay " + Distribution;
}
