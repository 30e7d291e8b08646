namespace Harness.Runner.Benchmarking.Figures;

/// <summary>
/// Medians and ratios over rounds. Every round measures each path (or loss rate) back to back, so a ratio taken
/// within a round compares runs under the same machine load; its median over rounds drops the rounds another process
/// disturbed.
/// </summary>
public static class RoundStatistics
{
    /// <summary>The median (the mean of the middle two for an even count); null for no values.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The median of the values that are there; null when none is.</summary>
    public static double? Median(IEnumerable<double?> values) => Median(values.OfType<double>());

    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/>; null unless both are finite and the whole is positive.</summary>
    public static double? Ratio(double part, double whole) =>
        double.IsFinite(part) && double.IsFinite(whole) && whole > 0 ? part / whole : null;
}
