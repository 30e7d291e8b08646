using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Proxy.Faults;
using Harness.Proxy.Tracing;

namespace Harness.Runner.Shrinking;

/// <summary>
/// One fault the proxy applied: which rule's action hit which send of which message. A failing run's decisions are
/// its placements; a shrunk scenario has one rule per placement it keeps, matching that send alone.
/// </summary>
public sealed partial record FaultPlacement(FaultDirection Direction, int Session, RuleMessageKind Kind, long Number, int Attempt, int RuleIndex, string Action)
{
    public static FaultPlacement From(FaultDecisionRecord decision) =>
        new(decision.Direction, decision.Session, decision.Kind, decision.Number, decision.Attempt, decision.RuleIndex, decision.Action);

    /// <summary>Reads a decision as result.json records it (<see cref="FaultDecisionRecord.ToString"/>); null when it is not one.</summary>
    public static FaultPlacement? TryParse(string decision)
    {
        var match = DecisionText().Match(decision);
        if (!match.Success
            || !Enum.TryParse<FaultDirection>(match.Groups["direction"].Value, out var direction)
            || !Enum.TryParse<RuleMessageKind>(match.Groups["kind"].Value, out var kind))
        {
            return null;
        }

        return new FaultPlacement(
            direction,
            int.Parse(match.Groups["session"].Value, CultureInfo.InvariantCulture),
            kind,
            long.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["attempt"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["rule"].Value, CultureInfo.InvariantCulture) - 1,
            match.Groups["action"].Value);
    }

    /// <summary>As the trace and reports name a decision.</summary>
    public override string ToString() =>
        new FaultDecisionRecord(Direction, Session, Kind, Number, Attempt, RuleIndex, Action).ToString();

    [GeneratedRegex(@"^(?<direction>\w+) s(?<session>\d+) (?<kind>\w+) #(?<number>\d+) try (?<attempt>\d+): rule (?<rule>\d+) (?<action>.+)$")]
    private static partial Regex DecisionText();
}
