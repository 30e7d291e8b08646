using Harness.Proxy.Faults.Actions;
using Harness.Yaml;

namespace Harness.Proxy.Tests.Faults.Actions;

public class CorruptActionTests
{
    [Test]
    public void Reads_each_mode_and_refuses_the_other_modes_parameter()
    {
        ActionExchange.Read("corrupt").Should().Be(new CorruptAction(CorruptionMode.Flip));
        ActionExchange.Read("{corrupt: {mode: truncate, keep: 0.25}}").Should().Be(new CorruptAction(CorruptionMode.Truncate, Keep: 0.25));
        var misplaced = () => ActionExchange.Read("{corrupt: {mode: flip, keep: 0.5}}");
        misplaced.Should().Throw<ScenarioLoadException>().WithMessage("*'keep' applies only to mode truncate");
    }

    [Test]
    public async Task Flips_the_drawn_bytes()
    {
        var exchange = new ActionExchange();
        var original = exchange.Exchange.Body;

        var outcome = await new CorruptAction(CorruptionMode.Flip, Bytes: 3).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Passes.Should().BeTrue();
        outcome.Detail.Should().StartWith("flipped bytes at ");
        var changed = Enumerable.Range(0, original.Length).Count(i => original[i] != exchange.Exchange.Body[i]);
        changed.Should().BeInRange(1, 3, "three flips, two of which may land on the same byte and undo each other");
    }

    [Test]
    public async Task Truncates_to_the_kept_fraction()
    {
        var exchange = new ActionExchange();
        var length = exchange.Exchange.Body.Length;

        var outcome = await new CorruptAction(CorruptionMode.Truncate, Keep: 0.5).ApplyAsync(exchange.Exchange, CancellationToken.None);

        exchange.Exchange.Body.Should().HaveCount(length / 2);
        outcome.Detail.Should().Be($"truncated to {length / 2} of {length} bytes");
    }

    [Test]
    public async Task Leaves_an_empty_body_alone()
    {
        var exchange = new ActionExchange(body: string.Empty);

        var outcome = await new CorruptAction(CorruptionMode.Flip).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Pass("empty body: nothing to corrupt"));
    }

    [Test]
    public void Describes_its_mode() =>
        new CorruptAction(CorruptionMode.Truncate, Keep: 0.25).Describe().Should().Be("corrupt (truncate, keep 0.25)");
}
