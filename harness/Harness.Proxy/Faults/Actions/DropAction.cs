using Harness.Yaml;

namespace Harness.Proxy.Faults.Actions;

/// <summary>The service never sees the request; the client gets what a lost message gives it.</summary>
public sealed record DropAction(LostAnswer Answer = LostAnswer.Empty202) : FaultAction, IFaultActionSyntax
{
    /// <summary>The <c>answer</c> parameter's names.</summary>
    public static YamlChoices<LostAnswer> Answers { get; } = YamlChoices.FromEnum<LostAnswer>("answer");

    public static string YamlName => "drop";

    public override string Name => YamlName;

    public override FaultLegend Legend => new("\u2715", "drop: the message is swallowed");

    public static FaultAction Read(FaultActionSyntax syntax) =>
        new DropAction(syntax.Parameters("answer").Choice("answer", Answers, LostAnswer.Empty202));

    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        exchange.Lose(Answer);
        return ValueTask.FromResult(FaultOutcome.Ended("dropped", connectionReset: Answer == LostAnswer.Abort));
    }

    public override string Describe() => $"drop (answer {YamlChoices.NameOf(Answer)})";
}
