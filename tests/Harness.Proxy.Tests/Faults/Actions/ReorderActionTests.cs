using Harness.Proxy.Faults;
using Harness.Proxy.Faults.Actions;

namespace Harness.Proxy.Tests.Faults.Actions;

/// <summary>Reorder holds on the fake clock: released by overtakers, or by the maximum hold running out.</summary>
public class ReorderActionTests
{
    [Test]
    public void Reads_after_and_max_hold_with_their_defaults()
    {
        ActionExchange.Read("reorder").Should().Be(new ReorderAction(1, TimeSpan.FromSeconds(1)));
        ActionExchange.Read("{reorder: {after: 2, max-hold: 250ms}}").Should().Be(new ReorderAction(2, TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public async Task Releases_the_message_once_enough_later_messages_overtook_it()
    {
        var exchange = new ActionExchange();

        var applying = new ReorderAction(2, TimeSpan.FromMinutes(1)).ApplyAsync(exchange.Exchange, CancellationToken.None).AsTask();
        exchange.Flow.Passed(FaultDirection.Request);
        applying.IsCompleted.Should().BeFalse("one of two overtakers has passed");
        exchange.Flow.Passed(FaultDirection.Response);
        applying.IsCompleted.Should().BeFalse("an answer does not overtake a request");
        exchange.Flow.Passed(FaultDirection.Request);

        var outcome = await applying.WaitAsync(TimeSpan.FromSeconds(10));
        outcome.Should().Be(FaultOutcome.Pass("held until 2 later messages overtook it"));
    }

    [Test]
    public async Task Releases_the_message_when_the_maximum_hold_runs_out()
    {
        var exchange = new ActionExchange();

        var applying = new ReorderAction(3, TimeSpan.FromSeconds(2)).ApplyAsync(exchange.Exchange, CancellationToken.None).AsTask();
        exchange.Flow.Passed(FaultDirection.Request);
        exchange.Time.Advance(TimeSpan.FromSeconds(2));

        var outcome = await applying.WaitAsync(TimeSpan.FromSeconds(10));
        outcome.Should().Be(FaultOutcome.Pass("held 2000 ms; only 1 of 3 later messages overtook it"));
    }

    [Test]
    public void Describes_itself() =>
        new ReorderAction(2, TimeSpan.FromMilliseconds(250)).Describe().Should().Be("reorder (after 2, max-hold 250ms)");
}
