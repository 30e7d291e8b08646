using Harness.Reliability.Journal;
using Harness.Reliability.Source.Window;

namespace Harness.Reliability.Tests.Source;

/// <summary>
/// A one-way call of an ordered session returns only once every earlier message is acknowledged: an acknowledgement
/// of a message held ahead of a gap is no promise of delivery until the gap fills.
/// </summary>
public class CompletionOrderTests
{
    [Test]
    public void An_ordered_one_way_message_acknowledged_ahead_of_a_gap_returns_when_the_gap_is_acknowledged()
    {
        var order = new CompletionOrder(ordered: true);
        var held4 = Post(4);
        var held6 = Post(6);

        order.Done(held4, lowestUnacknowledged: 3).Should().BeEmpty("message 3 is not acknowledged yet");
        order.Done(held6, lowestUnacknowledged: 3).Should().BeEmpty();
        order.WaitingForEarlier.Should().Equal(held4, held6);

        order.Progress(lowestUnacknowledged: 5).Should().Equal([held4], "only message 4 is now below the lowest unacknowledged");
        order.Progress(lowestUnacknowledged: null).Should().Equal([held6], "everything is acknowledged");
        order.WaitingForEarlier.Should().BeEmpty();
    }

    [Test]
    public void A_message_with_nothing_unacknowledged_before_it_returns_at_once()
    {
        var order = new CompletionOrder(ordered: true);
        var message = Post(2);

        order.Done(message, lowestUnacknowledged: 3).Should().Equal([message]);
        order.Done(Post(3), lowestUnacknowledged: null).Should().ContainSingle();
    }

    [Test]
    public void A_replied_request_or_an_unordered_session_returns_at_once()
    {
        var replied = new OutgoingMessage(4, new JournalCall(JournalOperation.Append, 4, "m4"), "urn:uuid:4") { Acknowledged = true, Reply = 4 };
        new CompletionOrder(ordered: true).Done(replied, lowestUnacknowledged: 3).Should().Equal([replied], "a reply proves delivery");

        var unordered = Post(4);
        new CompletionOrder(ordered: false).Done(unordered, lowestUnacknowledged: 3).Should().Equal([unordered], "an unordered session delivers on arrival");
    }

    private static OutgoingMessage Post(long number) =>
        new(number, new JournalCall(JournalOperation.Post, (int)number, "m" + number), null) { Acknowledged = true };
}
