using Harness.Runner.Benchmarking.Figures;
using Harness.Runner.Running;

namespace Harness.Runner.Tests.Benchmarking;

/// <summary>The arithmetic under every figure: medians over rounds, ratios that are never infinite, latency percentiles.</summary>
public class RoundStatisticsTests
{
    [Test]
    public void The_median_of_an_odd_count_is_the_middle_value_whatever_the_order()
    {
        RoundStatistics.Median([9.0, 1.0, 5.0, 3.0, 7.0]).Should().Be(5.0);
    }

    [Test]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        RoundStatistics.Median([4.0, 1.0, 3.0, 2.0]).Should().Be(2.5);
    }

    [Test]
    public void The_median_of_nothing_is_null_and_missing_values_are_left_out()
    {
        RoundStatistics.Median(Array.Empty<double>()).Should().BeNull();
        RoundStatistics.Median(new double?[] { null, null }).Should().BeNull();
        RoundStatistics.Median(new double?[] { 10, null, 2, 4 }).Should().Be(4);
    }

    [Test]
    public void A_ratio_is_null_rather_than_infinite_or_undefined()
    {
        RoundStatistics.Ratio(3, 4).Should().Be(0.75);
        RoundStatistics.Ratio(3, 0).Should().BeNull();
        RoundStatistics.Ratio(0, 0).Should().BeNull();
        RoundStatistics.Ratio(3, -1).Should().BeNull();
        RoundStatistics.Ratio(double.NaN, 4).Should().BeNull();
        RoundStatistics.Ratio(3, double.PositiveInfinity).Should().BeNull();
    }

    [Test]
    public void Latency_percentiles_are_nearest_rank()
    {
        // 1..100 ms in shuffled order: the p-th percentile of nearest rank is the value at rank ceil(p * n).
        var latencies = Enumerable.Range(1, 100).Select(ms => (double)ms).OrderBy(ms => (ms * 37) % 101).ToList();

        var percentiles = LatencyPercentiles.Of(latencies);

        percentiles.Should().Be(new LatencyPercentiles(100, 50, 90, 99, 100));
    }

    [Test]
    public void Latency_percentiles_of_few_calls_are_calls_that_happened()
    {
        LatencyPercentiles.Of([4.0, 1.0, 2.0]).Should().Be(new LatencyPercentiles(3, 2, 4, 4, 4));
        LatencyPercentiles.Of([7.5]).Should().Be(new LatencyPercentiles(1, 7.5, 7.5, 7.5, 7.5));
        LatencyPercentiles.Of([]).Should().Be(LatencyPercentiles.None);
    }
}
