using System.Globalization;
using System.Text;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Runner.Scenarios;
using Harness.Yaml;

namespace Harness.Runner.Exploring;

/// <summary>
/// Turns a placement into a fault plan: one rule per fault, each matching exactly one send of one message (its kind,
/// direction, session and number, <c>attempt: first</c>, <c>count: 1</c>, since unnumbered kinds have no number to tell
/// them apart), and into the scenario that runs it.
/// </summary>
public sealed class PlacementPlans
{
    /// <summary>The real WCF client's first retransmission comes about half a second after the send, whatever the settings say.</summary>
    private static readonly TimeSpan WcfRetransmissionInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The share of a corrupted request's bytes kept: the body loses its end (its closing tags at least), the headers
    /// come through, so the service knows the message and cannot read its content.
    /// </summary>
    private const double CorruptKeep = 0.97;

    public PlacementPlans(Scenario baseScenario)
    {
        ArgumentNullException.ThrowIfNull(baseScenario);
        BaseScenario = baseScenario;
        var interval = baseScenario.Client == ClientKind.Wcf
            ? TimeSpan.FromTicks(Math.Max(WcfRetransmissionInterval.Ticks, baseScenario.Settings.InitialRetransmissionTimeout.Ticks))
            : baseScenario.Settings.InitialRetransmissionTimeout;

        // Twice the interval: long enough that the client resends while the message is held.
        Hold = interval * 2;
    }

    /// <summary>The workload, settings and client every placement runs with.</summary>
    public Scenario BaseScenario { get; }

    /// <summary>How long <c>delay</c> holds a message, and the most <c>reorder</c> holds one.</summary>
    public TimeSpan Hold { get; }

    /// <summary>The rules of <paramref name="placement"/>, in its faults' order.</summary>
    public FaultPlan PlanOf(Placement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        return new FaultPlan([.. placement.Faults.Select((fault, index) => new FaultRule(index, MatchOf(fault.Target), ActionOf(fault.Action)) { Name = fault.ToString() })]);
    }

    /// <summary>The base scenario with <paramref name="placement"/>'s plan instead of its own, expected to hold.</summary>
    public Scenario ScenarioOf(Placement placement) => BaseScenario with
    {
        Name = BaseScenario.Name + "-explore",
        Description = "explore: " + placement,
        Faults = PlanOf(placement),
        Expect = Expectation.Holds,
        ExpectByClient = Scenario.SameForEveryClient,
    };

    /// <summary>The plan as a scenario's <c>faults:</c> section, to paste into a scenario file and run the placement again.</summary>
    public string YamlOf(Placement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var yaml = new StringBuilder("faults:\n");
        foreach (var fault in placement.Faults)
        {
            var target = fault.Target;
            var number = target.Number > 0 ? string.Create(CultureInfo.InvariantCulture, $", messages: {target.Number}") : string.Empty;
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: \"{fault}\"\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    match: {{direction: {YamlChoices.NameOf(target.Direction)}, kind: {YamlChoices.NameOf(target.Kind)}{number}, session: {target.Session}, attempt: first, count: 1}}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    action: {ActionYaml(fault.Action)}\n");
        }

        return yaml.ToString();
    }

    private static FaultMatch MatchOf(MessageTarget target) => new()
    {
        Direction = target.Direction,
        Kinds = [target.Kind],
        Messages = target.Number > 0 ? new MessageNumberList([target.Number]) : null,
        Sessions = [target.Session],
        Attempt = AttemptMatch.First,
        MaxCount = 1,
    };

    private FaultAction ActionOf(ExploredAction action) => action switch
    {
        ExploredAction.Drop => new DropAction(),
        ExploredAction.DropResponse => new DropResponseAction(),
        ExploredAction.Duplicate => new DuplicateAction(),
        ExploredAction.Reorder => new ReorderAction(AfterMessages: 1, MaxHold: Hold),
        ExploredAction.Delay => new DelayAction(new FixedDelay(Hold)),
        ExploredAction.Corrupt => new CorruptAction(CorruptionMode.Truncate, Keep: CorruptKeep),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not an explored action"),
    };

    private string ActionYaml(ExploredAction action) => action switch
    {
        ExploredAction.Reorder => $"{{reorder: {{after: 1, max-hold: {FaultText.Duration(Hold)}}}}}",
        ExploredAction.Delay => $"{{delay: {FaultText.Duration(Hold)}}}",
        ExploredAction.Corrupt => string.Create(CultureInfo.InvariantCulture, $"{{corrupt: {{mode: truncate, keep: {CorruptKeep}}}}}"),
        _ => YamlChoices.NameOf(action),
    };
}
