using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

/// <summary>Delays on the fake clock: the message is held exactly as long as drawn, and no test sleeps.</summary>
public class DelayActionTests
{
    [Test]
    public void Reads_each_distribution()
    {
        ActionExchange.Read("{delay: 200ms}").Should().Be(new DelayAction(new FixedDelay(TimeSpan.FromMilliseconds(200))));
        ActionExchange.Read("{delay: {uniform: [50ms, 300ms]}}").Should().Be(new DelayAction(new UniformDelay(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300))));
        ActionExchange.Read("{delay: {normal: {mean: 1s, stddev: 10ms}}}").Should().Be(new DelayAction(new NormalDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10))));
    }

    [Test]
    public async Task Holds_the_message_until_the_delay_has_passed_on_the_clock()
    {
        var exchange = new ActionExchange();

        var applying = new DelayAction(new FixedDelay(TimeSpan.FromSeconds(5))).ApplyAsync(exchange.Exchange, CancellationToken.None).AsTask();
        exchange.Time.Advance(TimeSpan.FromMilliseconds(4999));
        applying.IsCompleted.Should().BeFalse("only 4.999 s of 5 s have passed");
        exchange.Time.Advance(TimeSpan.FromMilliseconds(1));

        var outcome = await applying.WaitAsync(TimeSpan.FromSeconds(10));
        outcome.Should().Be(FaultOutcome.Pass("delayed 5000 ms"));
        new DelayAction(new FixedDelay(TimeSpan.Zero)).HoldsMessage.Should().BeTrue();
    }

    [Test]
    public async Task Draws_a_uniform_delay_from_the_seed_the_same_way_each_time()
    {
        var delay = new DelayAction(new UniformDelay(TimeSpan.Zero, TimeSpan.FromSeconds(10)));

        async Task<string?> DetailOf(long seed)
        {
            var exchange = new ActionExchange(seed: seed);
            var applying = delay.ApplyAsync(exchange.Exchange, CancellationToken.None).AsTask();
            exchange.Time.Advance(TimeSpan.FromSeconds(10));
            return (await applying.WaitAsync(TimeSpan.FromSeconds(10))).Detail;
        }

        (await DetailOf(1)).Should().Be(await DetailOf(1));
        new[] { await DetailOf(1), await DetailOf(2), await DetailOf(3) }.Distinct().Should().HaveCountGreaterThan(1, "other seeds draw other delays");
    }

    [Test]
    public void Describes_its_distribution() =>
        new DelayAction(new UniformDelay(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300))).Describe().Should().Be("delay uniform 50-300 ms");
}
