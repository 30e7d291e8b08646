using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;
using Harness.Yaml;

namespace Harness.Runner.Exploring;

/// <summary>
/// One message a fault can be placed on: its first send in a direction, of a kind, in a session, and its number
/// (0 for kinds that carry none; an answer carries the number of the request it answers).
/// </summary>
public sealed record MessageTarget(FaultDirection Direction, RuleMessageKind Kind, int Session, long Number) : IComparable<MessageTarget>
{
    /// <summary>The kinds in the order a session sends them, so placements are listed as a session unfolds.</summary>
    private static readonly RuleMessageKind[] FlowOrder =
    [
        RuleMessageKind.CreateSequence, RuleMessageKind.CreateSequenceResponse, RuleMessageKind.Application, RuleMessageKind.Reply,
        RuleMessageKind.AckRequested, RuleMessageKind.Ack, RuleMessageKind.LastMessage, RuleMessageKind.Close, RuleMessageKind.Terminate,
    ];

    /// <summary>Whether the proxy can tell this kind apart well enough to aim a fault at it.</summary>
    public static bool CanBeTargeted(RuleMessageKind kind) => Array.IndexOf(FlowOrder, kind) >= 0;

    /// <summary><c>application #3 session 0</c>, or <c>response ack #3 session 0</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Direction == FaultDirection.Response ? "response " : string.Empty)}{YamlChoices.NameOf(Kind)}{(Number > 0 ? $" #{Number}" : string.Empty)} session {Session}");

    public int CompareTo(MessageTarget? other)
    {
        if (other is null)
        {
            return 1;
        }

        return SortKey().CompareTo(other.SortKey());
    }

    /// <summary>
    /// Session, then where the message falls in it: sequence creation first, then each numbered message with its answer,
    /// then the unnumbered messages of the end (a lexicographic key, so the order is total).
    /// </summary>
    private (int Session, long Place, int Kind, long Number, FaultDirection Direction) SortKey()
    {
        var place = Number > 0 ? Number : Kind is RuleMessageKind.CreateSequence or RuleMessageKind.CreateSequenceResponse ? 0 : long.MaxValue;
        return (Session, place, Array.IndexOf(FlowOrder, Kind), Number, Direction);
    }

    /// <summary>The target of a trace record: the message's first send, as the rule vocabulary names it; null when it cannot be aimed at.</summary>
    internal static MessageTarget? Of(ProxyTraceRecord record)
    {
        if (record.Attempt != 1 || record.Session < 0 || !CanBeTargeted(record.Kind) || record.Direction is not (FaultDirection.Request or FaultDirection.Response))
        {
            return null;
        }

        var number = RuleMessageKinds.NeverNumbered(record.Kind, record.Direction) ? 0 : Math.Max(0, record.Number);
        return new MessageTarget(record.Direction, record.Kind, record.Session, number);
    }
}
