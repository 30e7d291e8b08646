using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

/// <summary>A partition on the fake clock: every message is lost until it ends, and not a tick longer.</summary>
public class PartitionActionTests
{
    [Test]
    public void Reads_its_duration_and_answer()
    {
        ActionExchange.Read("{partition: {for: 3s}}").Should().Be(new PartitionAction(TimeSpan.FromSeconds(3), LostAnswer.Abort));
        ActionExchange.Read("{partition: {for: 3s, answer: empty-202}}").Should().Be(new PartitionAction(TimeSpan.FromSeconds(3), LostAnswer.Empty202));
    }

    [Test]
    public async Task Loses_the_message_and_starts_a_partition_that_ends_on_time()
    {
        var exchange = new ActionExchange();

        var outcome = await new PartitionAction(TimeSpan.FromSeconds(3), LostAnswer.Empty202).ApplyAsync(exchange.Exchange, CancellationToken.None);

        outcome.Should().Be(FaultOutcome.Ended("lost in partition"));
        exchange.Http.Response.StatusCode.Should().Be(202);
        exchange.Time.Advance(TimeSpan.FromMilliseconds(2999));
        exchange.Partition.InForce(exchange.Clock.Elapsed).Should().Be(new PartitionAction(TimeSpan.Zero, LostAnswer.Empty202));
        exchange.Time.Advance(TimeSpan.FromMilliseconds(1));
        exchange.Partition.InForce(exchange.Clock.Elapsed).Should().BeNull();
    }

    [Test]
    public void Describes_itself() =>
        new PartitionAction(TimeSpan.FromSeconds(3)).Describe().Should().Be("partition for 3s (answer abort)");
}
