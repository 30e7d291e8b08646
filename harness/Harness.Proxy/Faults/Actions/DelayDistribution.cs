using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Actions;

/// <summary>How a delay is drawn.</summary>
public abstract record DelayDistribution
{
    /// <summary>Draws a delay from a uniform value in [0, 1) and a second one for distributions that need two.</summary>
    public abstract TimeSpan Sample(double u1, double u2);
}

public sealed record FixedDelay(TimeSpan Delay) : DelayDistribution
{
    public override TimeSpan Sample(double u1, double u2) => Delay;

    public override string ToString() => $"{Delay.TotalMilliseconds:0.###} ms";
}

public sealed record UniformDelay(TimeSpan Min, TimeSpan Max) : DelayDistribution
{
    public override TimeSpan Sample(double u1, double u2) => Min + ((Max - Min) * u1);

    public override string ToString() => $"uniform {Min.TotalMilliseconds:0.###}-{Max.TotalMilliseconds:0.###} ms";

    /// <summary><c>uniform: [min, max]</c>.</summary>
    internal static UniformDelay Read(YamlNode node, YamlValueReader values)
    {
        if (node is not YamlSequenceNode { Children: [var minNode, var maxNode] })
        {
            throw values.Error(node, $"'uniform' must be a list of two durations [min, max], got {YamlValueReader.Describe(node)}");
        }

        var min = values.Duration(minNode, "'uniform' min");
        var max = values.Duration(maxNode, "'uniform' max");
        return min <= max
            ? new UniformDelay(min, max)
            : throw values.Error(maxNode, $"'uniform' max {YamlValueReader.Describe(maxNode)} is less than min {YamlValueReader.Describe(minNode)}");
    }
}

/// <summary>Normally distributed (Box-Muller), never negative.</summary>
public sealed record NormalDelay(TimeSpan Mean, TimeSpan StandardDeviation) : DelayDistribution
{
    public override TimeSpan Sample(double u1, double u2)
    {
        var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
        var value = Mean + (StandardDeviation * gaussian);
        return value < TimeSpan.Zero ? TimeSpan.Zero : value;
    }

    public override string ToString() => $"normal mean {Mean.TotalMilliseconds:0.###} ms, sd {StandardDeviation.TotalMilliseconds:0.###} ms";

    /// <summary><c>normal: {mean, stddev}</c>.</summary>
    internal static NormalDelay Read(YamlNode node, YamlValueReader values)
    {
        const string Example = "e.g. {normal: {mean: 100ms, stddev: 20ms}}";
        var normal = values.Mapping(node, "'normal'", "mean", "stddev");
        return new NormalDelay(
            values.Duration(normal.Required("mean", Example), "'mean'"),
            values.Duration(normal.Required("stddev", Example), "'stddev'"));
    }
}
