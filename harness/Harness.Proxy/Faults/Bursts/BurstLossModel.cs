using System.Globalization;
using Harness.Yaml;
using YamlDotNet.RepresentationModel;

namespace Harness.Proxy.Faults.Bursts;

/// <summary>
/// The Gilbert-Elliott model of burst loss: a two-state Markov chain (good, bad) that moves from good to bad with
/// probability <see cref="GoodToBad"/> (p) and back with <see cref="BadToGood"/> (r) at each step, and loses a
/// message with <see cref="LossInGood"/> (1-k) or <see cref="LossInBad"/> (1-h) according to the state it is in.
/// </summary>
public sealed record BurstLossModel(double GoodToBad, double BadToGood, double LossInGood = 0, double LossInBad = 1)
{
    public const string YamlName = "burst-loss";

    public static readonly string[] Keys = ["good-to-bad", "bad-to-good", "loss-in-good", "loss-in-bad"];

    private const string Example = "e.g. {burst-loss: {good-to-bad: 0.05, bad-to-good: 0.4}}";

    /// <summary>
    /// The long-run share of steps spent in the bad state, p/(p+r). A chain that can never move (p = r = 0) stays in
    /// the good state it starts in.
    /// </summary>
    public double BadShare => GoodToBad + BadToGood == 0 ? 0 : GoodToBad / (GoodToBad + BadToGood);

    /// <summary>The long-run loss rate: p/(p+r)·lossInBad + r/(p+r)·lossInGood.</summary>
    public double LossRate => (BadShare * LossInBad) + ((1 - BadShare) * LossInGood);

    /// <summary>The mean number of steps the chain stays bad once it got there, 1/r (infinite when r = 0).</summary>
    public double MeanBadRun => 1 / BadToGood;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"burst loss (Gilbert-Elliott: good-to-bad {GoodToBad}, bad-to-good {BadToGood}, loss-in-good {LossInGood}, loss-in-bad {LossInBad})");

    /// <summary><c>burst-loss: {good-to-bad, bad-to-good, loss-in-good, loss-in-bad}</c>; the two transitions are required.</summary>
    internal static BurstLossModel Read(YamlNode node, YamlValueReader values)
    {
        var model = values.Mapping(node, $"'{YamlName}'", Keys);
        return new BurstLossModel(
            values.Double(model.Required("good-to-bad", Example), "'good-to-bad'", 0, 1),
            values.Double(model.Required("bad-to-good", Example), "'bad-to-good'", 0, 1),
            model.Double("loss-in-good", 0, 1) ?? 0,
            model.Double("loss-in-bad", 0, 1) ?? 1);
    }
}
