using Harness.Proxy.Faults.Bursts;

namespace Harness.Proxy.Tests.Faults.Bursts;

/// <summary>
/// The chain, with uniform values from a seeded <see cref="Random"/> per step: it agrees with a plain walk from step 1
/// in whatever order steps are asked, and over many steps its loss rate and burst lengths are the model's.
/// </summary>
public class GilbertElliottChainTests
{
    private const int Steps = 200_000;

    public static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData(new BurstLossModel(0.05, 0.4)).SetArgDisplayNames("short bursts");
        yield return new TestCaseData(new BurstLossModel(0.01, 0.02, 0.1, 0.9)).SetArgDisplayNames("long bursts");
        yield return new TestCaseData(new BurstLossModel(0.7, 0.6)).SetArgDisplayNames("p + r > 1");
        yield return new TestCaseData(new BurstLossModel(0, 0)).SetArgDisplayNames("never moves");
        yield return new TestCaseData(new BurstLossModel(1, 1)).SetArgDisplayNames("alternates");
        yield return new TestCaseData(new BurstLossModel(1, 0)).SetArgDisplayNames("bad for ever");
    }

    [TestCaseSource(nameof(Models))]
    public void Every_step_has_the_state_a_walk_from_step_1_gives_in_whatever_order_it_is_asked(BurstLossModel model)
    {
        var source = new SeededSteps(seed: 11, steps: 5_000);
        var chain = new GilbertElliottChain(model, source.Draw);
        var walked = Walk(model, source, 5_000);
        var askOrder = Enumerable.Range(1, 5_000).ToArray();
        new Random(3).Shuffle(askOrder);

        var asked = askOrder.ToDictionary(step => step, step => chain.IsBad(step));

        Enumerable.Range(1, 5_000).Select(step => asked[step]).Should().Equal(walked.Skip(1));
    }

    [Test]
    public void The_same_source_makes_the_same_decisions_and_another_seed_different_ones()
    {
        var model = new BurstLossModel(0.05, 0.4, 0, 0.8);

        var first = Losses(model, new SeededSteps(7, 2_000));
        var again = Losses(model, new SeededSteps(7, 2_000));
        var other = Losses(model, new SeededSteps(8, 2_000));

        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [TestCase(0.05, 0.4, 0.0, 0.8)]
    [TestCase(0.05, 0.4, 0.02, 0.8)]
    [TestCase(0.02, 0.1, 0.0, 1.0)]
    [TestCase(0.3, 0.5, 0.1, 0.5)]
    public void The_long_run_loss_rate_is_the_models(double goodToBad, double badToGood, double lossInGood, double lossInBad)
    {
        var model = new BurstLossModel(goodToBad, badToGood, lossInGood, lossInBad);
        var expected = (goodToBad / (goodToBad + badToGood) * lossInBad) + (badToGood / (goodToBad + badToGood) * lossInGood);

        var losses = Losses(model, new SeededSteps(21, Steps));

        model.LossRate.Should().BeApproximately(expected, 1e-12);
        ((double)losses.Count(lost => lost) / Steps).Should().BeApproximately(expected, 0.006);
    }

    [TestCase(0.05, 0.25)]
    [TestCase(0.02, 0.1)]
    [TestCase(0.1, 0.5)]
    public void Bursts_last_1_over_r_messages_on_average_when_the_bad_state_loses_everything(double goodToBad, double badToGood)
    {
        var model = new BurstLossModel(goodToBad, badToGood);

        var bursts = Bursts(Losses(model, new SeededSteps(5, Steps)));

        // Independent losses at the same rate would make runs of 1/(1 - rate) ≈ 1.1-1.2 messages.
        bursts.Average().Should().BeApproximately(1 / badToGood, 0.05 / badToGood);
        model.MeanBadRun.Should().Be(1 / badToGood);
    }

    /// <summary>The plain walk: step 1 from the long-run distribution, then one transition a step (index 0 unused).</summary>
    private static List<bool> Walk(BurstLossModel model, SeededSteps source, int steps)
    {
        var states = new List<bool> { false };
        var bad = source.Draw(1, BurstDraw.Transition) < model.BadShare;
        states.Add(bad);
        for (var step = 2; step <= steps; step++)
        {
            var u = source.Draw(step, BurstDraw.Transition);
            bad = bad ? u < 1 - model.BadToGood : u < model.GoodToBad;
            states.Add(bad);
        }

        return states;
    }

    private static bool[] Losses(BurstLossModel model, SeededSteps source)
    {
        var chain = new GilbertElliottChain(model, source.Draw);
        return [.. Enumerable.Range(1, source.Count).Select(step => chain.IsLost(step))];
    }

    private static List<int> Bursts(bool[] losses)
    {
        var bursts = new List<int>();
        var run = 0;
        foreach (var lost in losses.Append(false))
        {
            if (lost)
            {
                run++;
            }
            else if (run > 0)
            {
                bursts.Add(run);
                run = 0;
            }
        }

        return bursts;
    }

    /// <summary>Uniform values per (step, purpose), drawn up front from one seeded generator.</summary>
    private sealed class SeededSteps
    {
        private readonly double[] _transitions;
        private readonly double[] _losses;

        public SeededSteps(int seed, int steps)
        {
            var random = new Random(seed);
            _transitions = [.. Enumerable.Range(0, steps + 1).Select(_ => random.NextDouble())];
            _losses = [.. Enumerable.Range(0, steps + 1).Select(_ => random.NextDouble())];
            Count = steps;
        }

        public int Count { get; }

        public double Draw(long step, BurstDraw purpose) => purpose == BurstDraw.Transition ? _transitions[step] : _losses[step];
    }
}
