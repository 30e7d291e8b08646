using System.Globalization;
using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;
using Harness.Yaml;

namespace Harness.Runner.Reports;

/// <summary>A fault rule in the fault plan's own words, for reports: <c>request application #3 first send</c>, <c>delay 200ms</c>.</summary>
public static class FaultRuleText
{
    public static string Match(FaultMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var parts = new List<string> { YamlChoices.NameOf(match.Direction) };
        parts.Add(match.Kinds.Count == 0 ? "any kind" : string.Join("|", match.Kinds.Select(kind => YamlChoices.NameOf(kind))));
        if (match.Messages is { } messages)
        {
            parts.Add("messages " + messages);
        }

        if (match.Sessions is { } sessions)
        {
            parts.Add("sessions " + string.Join(",", sessions));
        }

        if (match.Attempt != AttemptMatch.Any)
        {
            parts.Add("attempt " + match.Attempt);
        }

        if (match.Probability < 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"probability {match.Probability}"));
        }

        if (match.BurstLoss is { } burstLoss)
        {
            parts.Add(burstLoss.ToString());
        }

        if (match.After is { } after)
        {
            parts.Add("after " + FaultText.Duration(after));
        }

        if (match.For is { } duration)
        {
            parts.Add("for " + FaultText.Duration(duration));
        }

        if (match.MaxCount is { } count)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most {count} time(s)"));
        }

        return string.Join(", ", parts);
    }

    public static string Action(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Describe();
    }
}
