using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Proxy.Faults.Bursts;
using Harness.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Yaml;

/// <summary>Reads a rule's <c>match:</c> mapping (see docs/fault-plan.md).</summary>
internal static partial class FaultMatchYaml
{
    private const string MessageForms = "a message number >= 1, a list of them, a range such as \"3-7\", {every: n} or {from: a, to: b}";

    public static readonly YamlChoices<FaultDirection> Directions = YamlChoices.FromEnum<FaultDirection>("direction");

    /// <summary>Every kind but <see cref="RuleMessageKind.Unknown"/>, which the classifier reports and rules do not name.</summary>
    public static readonly YamlChoices<RuleMessageKind> Kinds = YamlChoices.FromEnum("kind", RuleMessageKind.Unknown);

    public static readonly YamlChoices<AttemptMatch> NamedAttempts = new(
        "attempt",
        [
            KeyValuePair.Create("first", AttemptMatch.First),
            KeyValuePair.Create("retransmission", AttemptMatch.Retransmission),
            KeyValuePair.Create("any", AttemptMatch.Any),
        ],
        "an attempt number >= 1");

    public static readonly string[] Keys = ["direction", "kind", "messages", "session", "attempt", "probability", BurstLossModel.YamlName, "after", "for", "count"];

    // The model's defaults are the YAML defaults, so they are read from it rather than repeated.
    private static readonly FaultMatch Defaults = new();

    /// <summary>The match of a rule; a missing or null <paramref name="node"/> matches every request.</summary>
    public static FaultMatch Read(YamlNode? node, YamlNode rule, YamlValueReader values)
    {
        var match = values.OptionalMapping(node, rule, "'match'", Keys);
        var read = new FaultMatch
        {
            Direction = match.Choice("direction", Directions, Defaults.Direction),
            Kinds = match.Optional("kind") is { } kinds ? values.OneOrMany(kinds, "'kind'", kind => values.Choice(kind, Kinds)) : Defaults.Kinds,
            Messages = match.Optional("messages") is { } messages ? ReadMessages(messages, values) : Defaults.Messages,
            Sessions = match.Optional("session") is { } sessions
                ? values.OneOrMany(sessions, "'session'", session => values.Int(session, "'session'", min: 0))
                : Defaults.Sessions,
            Attempt = match.Optional("attempt") is { } attempt ? ReadAttempt(attempt, values) : Defaults.Attempt,
            Probability = match.Double("probability", 0, 1) ?? Defaults.Probability,
            BurstLoss = ReadBurstLoss(match, values),
            After = match.Duration("after") ?? Defaults.After,
            For = match.Duration("for", allowZero: false) ?? Defaults.For,
            MaxCount = match.Int("count", min: 1) ?? Defaults.MaxCount,
        };
        CheckCanMatch(read, directionGiven: match.Has("direction"), rule, values);
        return read;
    }

    /// <summary>Refuses, at the rule, a match no message can satisfy, saying why and what would match instead.</summary>
    private static void CheckCanMatch(FaultMatch match, bool directionGiven, YamlNode rule, YamlValueReader values)
    {
        FaultDirection[] directions = match.Direction == FaultDirection.Any ? [FaultDirection.Request, FaultDirection.Response] : [match.Direction];
        foreach (var kind in match.Kinds.Where(kind => kind != RuleMessageKind.Any))
        {
            var travels = directions.Where(direction => RuleMessageKinds.CanTravel(kind, direction)).ToList();
            if (travels.Count == 0)
            {
                var direction = Directions.NameOf(match.Direction);
                var other = Directions.NameOf(match.Direction == FaultDirection.Request ? FaultDirection.Response : FaultDirection.Request);
                throw values.Error(
                    rule,
                    $"this rule can never match: '{Kinds.NameOf(kind)}' never travels in the {direction} direction{(directionGiven ? string.Empty : " (the default)")}; "
                    + (match.Kinds.Count > 1 ? $"remove it from 'kind'{KindInstead(kind)}" : $"use 'direction: {other}'{KindInstead(kind)}"));
            }

            if (match.Messages is not null && travels.All(direction => RuleMessageKinds.NeverNumbered(kind, direction)))
            {
                throw values.Error(
                    rule,
                    $"this rule can never match: '{Kinds.NameOf(kind)}' {string.Join(" and ", travels.Select(Directions.NameOf))}s carry no message number, so 'messages' matches none of them; "
                    + NumberlessInstead(kind));
            }
        }
    }

    /// <summary>The kind that travels the other way, if there is one to suggest.</summary>
    private static string KindInstead(RuleMessageKind kind) => kind switch
    {
        RuleMessageKind.Reply => ", or 'kind: application' for the requests",
        RuleMessageKind.Application => ", or 'kind: reply' for the answers",
        RuleMessageKind.CreateSequence => ", or 'kind: create-sequence-response' for the answer",
        RuleMessageKind.CreateSequenceResponse => ", or 'kind: create-sequence' for the request",
        _ => string.Empty,
    };

    private static string NumberlessInstead(RuleMessageKind kind) => kind switch
    {
        RuleMessageKind.Ack => "remove 'messages', or use 'direction: response' for the acks answering those messages",
        _ => "remove 'messages' ('session', 'attempt' and 'count' narrow a rule down instead)",
    };

    /// <summary>
    /// <c>burst-loss</c>, which decides on its own which of the matching messages are hit, so it does not combine with
    /// <c>probability</c>.
    /// </summary>
    private static BurstLossModel? ReadBurstLoss(YamlMappingReader match, YamlValueReader values)
    {
        if (match.Optional(BurstLossModel.YamlName) is not { } node)
        {
            return Defaults.BurstLoss;
        }

        return match.KeyNode("probability") is { } probability
            ? throw values.Error(probability, $"'probability' cannot be combined with '{BurstLossModel.YamlName}', which decides which messages are lost; raise its 'loss-in-good' or 'loss-in-bad' instead")
            : BurstLossModel.Read(node, values);
    }

    /// <summary><c>first</c>, <c>retransmission</c>, <c>any</c>, or an exact attempt number.</summary>
    private static AttemptMatch ReadAttempt(YamlNode node, YamlValueReader values) =>
        IsNumberLike(node) ? new ExactAttempt(values.Int(node, "'attempt'", min: 1)) : values.Choice(node, NamedAttempts);

    /// <summary><c>3</c>, <c>[1, 3, 5]</c>, <c>"3-7"</c>, <c>{every: 5}</c> or <c>{from: 3, to: 7}</c>.</summary>
    private static MessageNumberMatch ReadMessages(YamlNode node, YamlValueReader values)
    {
        switch (node)
        {
            case YamlSequenceNode:
                return new MessageNumberList(values.OneOrMany(node, "'messages'", number => values.Long(number, "'messages'", min: 1)));
            case YamlMappingNode:
                return ReadEveryOrRange(values.Mapping(node, "'messages'", "every", "from", "to"));
            case YamlScalarNode { Value: { } text } when RangePattern().Match(text) is { Success: true } range:
                return ReadRangeText(node, range, values);
            case YamlScalarNode when IsNumberLike(node):
                return new MessageNumberList([values.Long(node, "'messages'", min: 1)]);
            default:
                throw values.Error(node, $"'messages' must be {MessageForms}, got {YamlValueReader.Describe(node)}");
        }
    }

    private static MessageNumberMatch ReadEveryOrRange(YamlMappingReader messages)
    {
        if (messages.Has("every"))
        {
            var other = messages.KeyNode("from") ?? messages.KeyNode("to");
            return other is null
                ? new EveryNthMessage(messages.Long("every", min: 1)!.Value)
                : throw messages.Values.Error(other, $"'every' cannot be combined with '{other.Value}'");
        }

        if (!messages.Has("from") && !messages.Has("to"))
        {
            throw messages.Values.Error(messages.Node, "'messages' needs 'every', or 'from' and/or 'to'");
        }

        // An open end reaches the first or the last possible message number.
        var from = messages.Long("from", min: 1) ?? 1;
        var to = messages.Long("to", min: 1) ?? long.MaxValue;
        return CheckedRange(from, to, messages.Optional("to") ?? messages.Node, messages.Values);
    }

    private static MessageNumberRange ReadRangeText(YamlNode node, Match range, YamlValueReader values)
    {
        if (!long.TryParse(range.Groups["from"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !long.TryParse(range.Groups["to"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from < 1)
        {
            throw values.Error(node, $"'messages' range must run between message numbers >= 1, got {YamlValueReader.Describe(node)}");
        }

        return CheckedRange(from, to, node, values);
    }

    private static MessageNumberRange CheckedRange(long from, long to, YamlNode where, YamlValueReader values) =>
        from <= to
            ? new MessageNumberRange(from, to)
            : throw values.Error(where, $"'messages' range starts at {from} but ends before it, at {to}");

    // A plain scalar starting like a number is read as one, so "1.5" or "-1" fail as numbers rather than as names.
    private static bool IsNumberLike(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: [var first, ..] } && (char.IsAsciiDigit(first) || first is '-' or '+');

    [GeneratedRegex(@"^\s*(?<from>\d+)\s*-\s*(?<to>\d+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RangePattern();
}
