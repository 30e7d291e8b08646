using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>One shard of a scenario list, for CI matrices: <c>1/3</c> is the first of three.</summary>
/// <param name="Index">1-based.</param>
/// <param name="Count">How many shards the list is split into.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c> with 1 &lt;= i &lt;= n; returns null with a reason otherwise.</summary>
    public static Shard? TryParse(string text, out string? problem)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            problem = null;
            return new Shard(index, count);
        }

        problem = $"--shard must be i/n with 1 <= i <= n (e.g. 2/4), got '{text}'";
        return null;
    }

    /// <summary>Scenarios are dealt round-robin in name order, so shards stay balanced and every scenario is in exactly one.</summary>
    public bool Contains(int position) => position % Count == Index - 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

/// <summary>Which of the loaded scenarios a run takes: a name filter, then a shard.</summary>
public static class ScenarioSelection
{
    /// <summary>
    /// Keeps the scenarios whose name matches <paramref name="filter"/> (a name, or a pattern with <c>*</c> and
    /// <c>?</c>; several separated by commas), then, of those sorted by name, the ones in <paramref name="shard"/>.
    /// </summary>
    public static IReadOnlyList<Scenario> Apply(IReadOnlyList<Scenario> scenarios, string? filter, Shard? shard)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        IEnumerable<Scenario> selected = scenarios.OrderBy(scenario => scenario.Name, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(filter))
        {
            var patterns = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Pattern).ToList();
            selected = selected.Where(scenario => patterns.Any(pattern => pattern.IsMatch(scenario.Name)));
        }

        if (shard is not null)
        {
            selected = selected.Where((_, position) => shard.Contains(position));
        }

        return [.. selected];
    }

    private static Regex Pattern(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
