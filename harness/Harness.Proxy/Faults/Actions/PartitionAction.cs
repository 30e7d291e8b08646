using Harness.Yaml;

namespace Harness.Proxy.Faults.Actions;

/// <summary>Starts a partition: for <see cref="Duration"/>, every message, both ways, every session, is lost.</summary>
public sealed record PartitionAction(TimeSpan Duration, LostAnswer Answer = LostAnswer.Abort) : FaultAction, IFaultActionSyntax
{
    public static string YamlName => "partition";

    public override string Name => YamlName;

    public override FaultLegend Legend => new("\u2298", "partition: nothing passes for a while");

    /// <summary>The action that loses every message while a partition is in force (it starts nothing new).</summary>
    internal static PartitionAction InForce(LostAnswer answer) => new(TimeSpan.Zero, answer);

    /// <summary>Whether this stands for a partition already in force rather than a rule that starts one.</summary>
    public bool IsInForce => Duration == TimeSpan.Zero;

    public static FaultAction Read(FaultActionSyntax syntax)
    {
        var parameters = syntax.Parameters("for", "answer");
        var duration = syntax.Values.Duration(parameters.Required("for", "e.g. {partition: {for: 3s}}"), "'for'", allowZero: false);
        return new PartitionAction(duration, parameters.Choice("answer", DropAction.Answers, LostAnswer.Abort));
    }

    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        if (!IsInForce)
        {
            exchange.StartPartition(Duration, Answer);
        }

        exchange.Lose(Answer);
        return ValueTask.FromResult(FaultOutcome.Ended("lost in partition", connectionReset: Answer == LostAnswer.Abort));
    }

    public override string Describe() => $"partition for {FaultText.Duration(Duration)} (answer {YamlChoices.NameOf(Answer)})";
}
