using Harness.Yaml;

namespace Harness.Proxy.Faults.Actions;

/// <summary>The service processes the request; the client never sees the reply or acknowledgement.</summary>
public sealed record DropResponseAction(LostAnswer Answer = LostAnswer.Empty202) : FaultAction, IFaultActionSyntax
{
    public static string YamlName => "drop-response";

    public override string Name => YamlName;

    public override bool ActsOnAnswer => true;

    public override FaultLegend Legend => new("\u2715", "drop-response: the answer is swallowed");

    public static FaultAction Read(FaultActionSyntax syntax) =>
        new DropResponseAction(syntax.Parameters("answer").Choice("answer", DropAction.Answers, LostAnswer.Empty202));

    /// <summary>On a request, the request goes on and its answer is lost; on an answer, the answer is lost.</summary>
    public override ValueTask<FaultOutcome> ApplyAsync(FaultExchange exchange, CancellationToken cancellationToken)
    {
        if (!exchange.IsAnswer)
        {
            exchange.AnswerAction = this;
            return ValueTask.FromResult(FaultOutcome.Pass());
        }

        exchange.Lose(Answer);
        return ValueTask.FromResult(FaultOutcome.Ended("dropped", connectionReset: Answer == LostAnswer.Abort));
    }

    public override string Describe() => $"drop-response (answer {YamlChoices.NameOf(Answer)})";
}
