using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Yaml;

namespace Harness.Runner.Exploring;

/// <summary>What an explored fault does to its message; YAML and JSON names are kebab-case.</summary>
public enum ExploredAction
{
    /// <summary>The request never reaches the service.</summary>
    Drop,

    /// <summary>The service answers, the client never sees the answer.</summary>
    DropResponse,

    /// <summary>The service receives the request twice.</summary>
    Duplicate,

    /// <summary>The request is held until a later message of its session has passed it.</summary>
    Reorder,

    /// <summary>The message is held for longer than the retransmission interval, so the client resends it meanwhile.</summary>
    Delay,

    /// <summary>
    /// The request arrives with the end of its body cut off and its headers intact: the service cannot read it. Not
    /// explored unless asked for (<see cref="ExploreOptions.Actions"/>): how the real endpoints take a damaged message
    /// is a finding of its own (CoreWCF acknowledges a one-way message it could not read and never delivers it).
    /// </summary>
    Corrupt,
}

/// <summary>One fault: an action on one message (its first send).</summary>
public sealed record PlacedFault(ExploredAction Action, MessageTarget Target)
{
    /// <summary>What is explored unless <see cref="ExploreOptions.Actions"/> says otherwise: every action but <see cref="ExploredAction.Corrupt"/>.</summary>
    public static IReadOnlyList<ExploredAction> DefaultActions { get; } =
        [ExploredAction.Drop, ExploredAction.DropResponse, ExploredAction.Duplicate, ExploredAction.Reorder, ExploredAction.Delay];

    /// <summary>Of <paramref name="actions"/>, those that apply to messages travelling in <paramref name="direction"/>, in a fixed order.</summary>
    public static IReadOnlyList<ExploredAction> ActionsFor(FaultDirection direction, IReadOnlyCollection<ExploredAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        IReadOnlyList<ExploredAction> applicable = direction == FaultDirection.Request
            ? [ExploredAction.Drop, ExploredAction.Duplicate, ExploredAction.Reorder, ExploredAction.Delay, ExploredAction.Corrupt]
            : [ExploredAction.DropResponse, ExploredAction.Delay];
        return [.. applicable.Where(actions.Contains)];
    }

    /// <summary>Stable and unique: the key of the resume log, e.g. <c>drop:request:application:0:3</c>.</summary>
    public string Key => string.Create(
        CultureInfo.InvariantCulture,
        $"{YamlChoices.NameOf(Action)}:{YamlChoices.NameOf(Target.Direction)}:{YamlChoices.NameOf(Target.Kind)}:{Target.Session}:{Target.Number}");

    /// <summary><c>drop application #3 session 0</c>.</summary>
    public override string ToString() => $"{YamlChoices.NameOf(Action)} {Target}";
}

/// <summary>One point of the fault space: one fault, or a pair on different messages; none is the fault-free run.</summary>
public sealed record Placement(IReadOnlyList<PlacedFault> Faults)
{
    /// <summary>The faults' keys joined by <c>+</c>: what the resume log records.</summary>
    public string Key => string.Join('+', Faults.Select(fault => fault.Key));

    public override string ToString() => Faults.Count == 0 ? "no fault" : string.Join(" + ", Faults);
}
